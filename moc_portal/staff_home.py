"""The staff's first page after login: what waits for this person, by what they may do.

A representative sees their reports with statuses and deadlines, their programs, where to
propose an event, and their consultations with status; a coordinator the dashboard and the
reports waiting for review; a methodist what waits for moderation, unanswered questions and
consultations, practices at each stage and unsent mail; an expert the practices waiting for
their scores. The sections follow permissions, never group
names, so a person with two roles sees both. It lives in the wiring: it reads every app.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator

from best_practices.models import Practice, Review
from best_practices.models import Status as PracticeStatus
from best_practices.permissions import expert_practice_ids, manages_practices
from consultations import permissions as consultation_permissions
from consultations import selectors as consultation_selectors
from consultations.models import Consultation
from events.models import Event
from events.permissions import can_publish as can_publish_events
from events.permissions import proposal_organizations
from monitoring.models import Submission
from monitoring.permissions import can_review, editable_organizations
from monitoring.selectors.periods import open_periods
from monitoring.services.submissions import submission_overview
from monitoring.statuses import status_look
from programs.models import Program, ProgramRevision
from programs.permissions import can_publish as can_publish_programs
from programs.permissions import managed_organizations
from quality.permissions import can_view_results, results_organizations
from quality.selectors import campaigns_for

from .core import outbox
from .core.text import date_ru
from .models import OutgoingMail, Question


@dataclass
class Item:
    label: str
    url: str
    count: int | None = None
    note: str = ""
    waiting: bool = True  # the count is work waiting for this person (highlighted when > 0)


@dataclass
class Section:
    title: str
    items: list[Item] = field(default_factory=list)


# Plural: they label counts of programs.
PROGRAM_STATUS_LABELS = {
    Program.Status.PUBLISHED: "Опубликованы",
    Program.Status.MODERATION: "На модерации",
    Program.Status.REWORK: "Возвращены на доработку",
}


def role_title(user):
    """«Рабочее место …» in the words of the person's main role."""
    if user.is_superuser or can_publish_programs(user):
        return "Рабочее место методиста"
    if user.has_perm("monitoring.view_dashboard"):
        return "Рабочее место координатора"
    if expert_practice_ids(user).exists() or user.has_perm("best_practices.score_practice"):
        return "Рабочее место эксперта"
    return "Рабочее место представителя организации"


def sections_for(user):
    sections = [
        _representative_reports(user),
        _representative_programs(user),
        _representative_consultations(user),
        _coordinator(user),
        _moderation(user),
        _expert(user),
        _quality(user),
    ]
    return [section for section in sections if section and section.items]


def _changelist(model, **filters):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _representatives_organizations(user):
    """The organizations a representative works for; None for staff who see them all."""
    organizations = editable_organizations(user)
    return None if organizations is None else list(organizations.order_by("short_name", "id"))


def _representative_reports(user):
    organizations = _representatives_organizations(user)
    if not organizations:
        return None
    section = Section("Мои отчёты")
    for organization, months in submission_overview(organizations, open_periods()):
        for period, submission in months:
            look = status_look(submission.status if submission else None)
            section.items.append(
                Item(
                    f"{organization.short_name}, {period.name}",
                    reverse("monitoring:submission", args=[period.code, organization.slug]),
                    note=f"{look.label}; срок — {date_ru(period.deadline)}",
                )
            )
    return section


def _representative_programs(user):
    organizations = managed_organizations(user)
    if organizations is None or not organizations.exists():
        return None
    counts = dict(
        Program.objects.filter(organization__in=organizations)
        .values_list("status")
        .annotate(total=Count("id"))
        .values_list("status", "total")
    )
    section = Section("Мои программы")
    for status, label in PROGRAM_STATUS_LABELS.items():
        section.items.append(
            Item(
                label,
                _changelist(Program, status__exact=status),
                counts.get(status, 0),
                waiting=status != Program.Status.PUBLISHED,
            )
        )
    pending = ProgramRevision.objects.filter(
        program__organization__in=organizations, state=ProgramRevision.State.PENDING
    ).count()
    section.items.append(
        Item(
            "С правками на проверке у методиста",
            _changelist(ProgramRevision, state__exact=ProgramRevision.State.PENDING),
            pending,
            waiting=False,
        )
    )
    section.items.extend(_returned_programs(organizations))
    section.items.append(Item("Добавить программу", reverse("admin:programs_program_add")))
    proposing = proposal_organizations(user)
    if proposing is not None:
        section.items.append(Item("Предложить мероприятие", reverse("events:propose")))
        returned = Event.objects.filter(
            organizer__in=proposing, status=Event.Status.REWORK
        ).order_by("-updated_at", "-id")[:5]
        for event in returned:
            section.items.append(
                Item(
                    f"Мероприятие «{event.title}» возвращено на доработку",
                    reverse("events:propose_edit", args=[event.pk]),
                    note=f"Комментарий: {Truncator(event.return_reason).chars(200)}",
                )
            )
    return section


def _returned_programs(organizations, limit=5):
    """The latest returns with their reasons, while nothing newer was proposed or approved."""
    returned = (
        ProgramRevision.objects.filter(
            program__organization__in=organizations, state=ProgramRevision.State.RETURNED
        )
        .exclude(
            Exists(
                ProgramRevision.objects.filter(program=OuterRef("program"), pk__gt=OuterRef("pk"))
            )
        )
        .select_related("program")
        .order_by("-decided_at", "-id")[: limit * 2]
    )
    items = []
    for revision in returned:
        whole = not revision.values
        if whole and revision.program.status != Program.Status.REWORK:
            continue  # a returned new program corrected and sent again
        what = "Программа" if whole else "Правка программы"
        items.append(
            Item(
                f"{what} «{revision.program.title}» возвращена на доработку",
                reverse("admin:programs_program_change", args=[revision.program_id]),
                note=f"Причина: {Truncator(revision.reason).chars(200)}",
            )
        )
    return items[:limit]


MY_CONSULTATIONS_SHOWN = 5


def _representative_consultations(user):
    """The consultations of the representative's organizations, newest first, with status."""
    organizations = consultation_permissions.asking_organizations(user)
    if not organizations.exists():
        return None
    section = Section("Мои консультации")
    shown = consultation_selectors.visible_to(organizations)[:MY_CONSULTATIONS_SHOWN]
    for consultation in shown:
        section.items.append(
            Item(
                str(consultation),
                reverse("consultations:detail", args=[consultation.pk]),
                note=f"{consultation.get_status_display()}; {date_ru(consultation.created_at)}",
                waiting=False,
            )
        )
    section.items.append(Item("Все мои консультации", reverse("consultations:mine")))
    section.items.append(Item("Задать вопрос МОЦ", reverse("consultations:ask")))
    return section


def _coordinator(user):
    if not user.has_perm("monitoring.view_dashboard"):
        return None
    section = Section("Мониторинг")
    section.items.append(
        Item("Панель мониторинга и отчёты за месяц", reverse("monitoring:dashboard"))
    )
    if can_review(user):
        waiting = Submission.objects.filter(status=Submission.Status.SUBMITTED).count()
        section.items.append(
            Item(
                "Отчёты организаций ждут проверки",
                _changelist(Submission, status__exact=Submission.Status.SUBMITTED),
                waiting,
            )
        )
    return section


def _in_status(label, model, status):
    """A count of the model's rows in `status`, linked to the admin's list filtered by it."""
    count = model.objects.filter(status=status).count()
    return Item(label, _changelist(model, status__exact=status), count)


def _moderation(user):
    section = Section("Ждёт вашего решения")
    if can_publish_programs(user):
        section.items.append(
            _in_status("Программы на модерации", Program, Program.Status.MODERATION)
        )
        section.items.append(
            Item(
                "Правки опубликованных программ",
                _changelist(ProgramRevision, state__exact=ProgramRevision.State.PENDING),
                ProgramRevision.objects.filter(state=ProgramRevision.State.PENDING).count(),
            )
        )
    if can_publish_events(user):
        section.items.append(_in_status("Предложенные мероприятия", Event, Event.Status.MODERATION))
    if user.has_perm("moc_portal.change_question"):
        section.items.append(_in_status("Вопросы без ответа", Question, Question.Status.NEW))
    if consultation_permissions.can_answer(user):
        section.items.append(
            Item(
                "Консультации без ответа",
                _changelist(Consultation, status__exact=Consultation.Status.NEW),
                consultation_selectors.waiting_count(managed_organizations(user)),
            )
        )
    if manages_practices(user):
        stages = (PracticeStatus.SUBMITTED, PracticeStatus.SCREENING, PracticeStatus.REVIEW)
        counts = dict(
            Practice.objects.filter(status__in=stages)
            .values_list("status")
            .annotate(total=Count("id"))
            .values_list("status", "total")
        )
        for stage in stages:
            section.items.append(
                Item(
                    f"Практики: {stage.label.lower()}",
                    _changelist(Practice, status__exact=stage),
                    counts.get(stage, 0),
                )
            )
    if user.has_perm("moc_portal.view_outgoingmail"):
        section.items.append(
            Item("Неотправленные письма", _changelist(OutgoingMail), outbox.unsent_count())
        )
    return section


def _expert(user):
    if not user.has_perm("best_practices.score_practice"):
        return None
    waiting = Review.objects.filter(
        expert=user, practice__status=PracticeStatus.REVIEW, submitted_at__isnull=True
    ).count()
    return Section(
        "Экспертиза",
        [Item("Практики ждут вашей оценки", _changelist(Review), waiting)],
    )


def _quality(user):
    """The latest survey campaigns' results (a representative's: their organizations')."""
    if not can_view_results(user):
        return None
    return Section(
        "Оценка качества",
        [
            Item(
                campaign.title,
                reverse("admin:quality_campaign_results", args=[campaign.pk]),
                note=f"{date_ru(campaign.starts_on)} — {date_ru(campaign.ends_on)}",
                waiting=False,
            )
            for campaign in campaigns_for(results_organizations(user))[:3]
        ],
    )
