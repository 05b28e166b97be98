"""Writes of the quality assessment: a campaign's starting questions, a parent's answers,
excluding and restoring bursts, publishing results, the XLSX for the municipality and РМЦ."""

import datetime

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db import transaction
from django.utils import timezone

from moc_portal.core.spreadsheets import (
    DECIMAL_FORMAT,
    INTEGER_FORMAT,
    Column,
    Sheet,
    build_xlsx,
)
from moc_portal.core.text import date_ru, plural

from .models import (
    CRITERIA,
    TIME_GRAIN_MINUTES,
    Answer,
    Exclusion,
    Option,
    Question,
    Response,
    coarse_time,
)
from .selectors import campaign_results, rounded
from .starting_questions import STARTING_QUESTIONS


class SurveyError(Exception):
    """The operation cannot be done; the message is for the methodist."""


@transaction.atomic
def add_starting_questions(campaign):
    """Give a campaign without questions the starting set (the five criteria); returns the
    number of questions added (0 when it already has some)."""
    if campaign.questions.exists():
        return 0
    for order, (criterion, code, weight, text, options) in enumerate(STARTING_QUESTIONS, 1):
        question = Question.objects.create(
            campaign=campaign,
            criterion=criterion,
            code=code,
            weight=weight,
            text=text,
            order=order * 10,
        )
        Option.objects.bulk_create(
            Option(
                question=question,
                text=option_text,
                satisfied=satisfied,
                counted=counted,
                order=number,
            )
            for number, (option_text, satisfied, counted) in enumerate(options, 1)
        )
    return len(STARTING_QUESTIONS)


@transaction.atomic
def submit_response(campaign, *, organization, program, options, comment="", now=None):
    """Store one parent's answers: `options` is {Question: Option}. Nothing about the person
    is written; the time is kept to the quarter of an hour."""
    response = Response.objects.create(
        campaign=campaign,
        organization=organization,
        program=program,
        received_at=coarse_time(now or timezone.now()),
        comment=comment.strip(),
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, option=option)
        for question, option in options.items()
    )
    return response


def _log(user, obj, action, message):
    if user is None:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=action,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def exclude_burst(campaign, organization, window_start, *, user, reason=""):
    """Leave the answers about `organization` received in the quarter of an hour starting at
    `window_start` out of the results; logged in the campaign's admin history."""
    window_end = window_start + datetime.timedelta(minutes=TIME_GRAIN_MINUTES)
    answers = Response.objects.filter(
        campaign=campaign,
        organization=organization,
        exclusion=None,
        received_at__gte=window_start,
        received_at__lt=window_end,
    )
    if not answers.exists():
        raise SurveyError("В этом интервале нет учтённых ответов.")
    exclusion = Exclusion.objects.create(
        campaign=campaign,
        organization=organization,
        window_start=window_start,
        reason=reason.strip(),
        excluded_by=user,
    )
    exclusion.answers = answers.update(exclusion=exclusion)
    exclusion.save(update_fields=["answers"])
    message = (
        f"Исключено {plural(exclusion.answers, 'ответ', 'ответа', 'ответов')} об организации "
        f"«{organization.short_name}» за {window_start:%d.%m.%Y %H:%M}"
        + (f": {exclusion.reason}" if exclusion.reason else "")
    )
    _log(user, campaign, CHANGE, message)
    _log(user, exclusion, ADDITION, message)
    return exclusion


@transaction.atomic
def restore_exclusion(exclusion, *, user):
    """Count the excluded answers again; logged in the campaign's admin history."""
    restored = Response.objects.filter(exclusion=exclusion).update(exclusion=None)
    message = (
        f"Снова учтено {plural(restored, 'ответ', 'ответа', 'ответов')} об организации "
        f"«{exclusion.organization.short_name}» за {exclusion.window_start:%d.%m.%Y %H:%M}"
    )
    _log(user, exclusion.campaign, CHANGE, message)
    _log(user, exclusion, DELETION, message)
    exclusion.delete()
    return restored


def set_results_published(campaign, published, *, user=None):
    if campaign.results_published == published:
        return False
    campaign.results_published = published
    campaign.save(update_fields=["results_published"])
    _log(
        user,
        campaign,
        CHANGE,
        "Результаты опубликованы" if published else "Результаты сняты с публикации",
    )
    return True


# --- The spreadsheet for the municipality and the РМЦ ---

BELOW_SAMPLE = "менее {} ответов — не публикуется"


def results_sheets(campaign, organizations=None):
    results = campaign_results(campaign, organizations)
    questions = list(campaign.questions.order_by("order", "id"))
    period = f"{date_ru(campaign.starts_on)} — {date_ru(campaign.ends_on)}"
    title_rows = (
        f"Независимая оценка качества: {campaign.title}",
        f"Период опроса: {period}. Минимальная выборка: {campaign.minimum_sample}. "
        "Баллы — по Приказу Минтруда России № 344н (часть, измеряемая опросом).",
        "",
    )
    name_width = max([30] + [min(60, len(r.organization.short_name) + 2) for r in results])
    summary_columns = [
        Column("Организация", name_width),
        Column("Респондентов", 14, INTEGER_FORMAT),
        *(
            Column(f"К{number}. {c.label}", 18, DECIMAL_FORMAT, wrap_header=True)
            for number, c in enumerate(CRITERIA, 1)
        ),
        Column("Итоговый балл", 12, DECIMAL_FORMAT, wrap_header=True),
    ]

    def summary_rows():
        for result in results:
            if not result.published:
                yield [
                    result.organization.short_name,
                    result.respondents,
                    BELOW_SAMPLE.format(campaign.minimum_sample),
                    *[""] * len(CRITERIA),
                ]
                continue
            yield [
                result.organization.short_name,
                result.respondents,
                *(c.score for c in result.criteria),
                result.total,
            ]

    share_columns = [
        Column("Организация", name_width),
        *(Column(q.text, 20, DECIMAL_FORMAT, wrap_header=True) for q in questions),
    ]

    def share_rows():
        for result in results:
            if not result.published:
                continue
            shares = {
                indicator.question.id: indicator.share
                for criterion in result.criteria
                for indicator in criterion.indicators
            }
            yield [
                result.organization.short_name,
                *(rounded(shares.get(q.id)) for q in questions),
            ]

    return [
        Sheet("Баллы по критериям", summary_columns, summary_rows(), title_rows, 1),
        Sheet("Доли удовлетворённых, %", share_columns, share_rows(), title_rows, 1),
    ]


def build_results_xlsx(campaign, organizations=None):
    """The campaign's results as XLSX bytes (printable, like every export of the portal)."""
    return build_xlsx(results_sheets(campaign, organizations))


def results_file_name(campaign):
    return f"ocenka-kachestva-{campaign.slug}.xlsx"
