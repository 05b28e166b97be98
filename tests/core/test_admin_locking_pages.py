"""The lock on the admin pages that got it after the first ones: a parent's question, a
media-plan row, the monitoring settings, the schedule of tasks (a time and a checkbox)."""

import datetime

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from events.models import MediaPlanRow
from moc_portal.core import questions
from moc_portal.models import OutgoingMail, Question
from monitoring.models import MonitoringSettings
from tests.core.test_admin_locking import STALE, stale_codes
from tests.events.conftest import make_plan
from tests.moc_portal.test_questions import make_question
from tests.pages import form_of, message_levels, opened

pytestmark = pytest.mark.django_db


def inline_errors(response):
    """The errors of every inline row on the page, as {prefix: [message, …]}."""
    return {
        form.prefix: list(form.non_field_errors())
        for inline in response.context["inline_admin_formsets"]
        for form in inline.formset.forms
        if form.non_field_errors()
    }


def answer_mails(question):
    return OutgoingMail.objects.filter(dedupe_key=questions.answer_dedupe_key(question.pk))


def test_a_second_answer_to_a_question_is_refused_and_the_first_one_stays(methodists):
    question = make_question()
    url = reverse("admin:moc_portal_question_change", args=[question.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "answer": "Места есть, приходите."}).status_code == 302
    assert answer_mails(question).count() == 1

    refused = boris.post(url, {**boris_form, "answer": "Мест нет, простите."})
    assert refused.status_code == 200
    assert stale_codes(refused) == ["stale"]
    [error] = refused.context["adminform"].form.non_field_errors()
    assert error.startswith(f"{STALE}, Анна Петрова сохранил(а) изменения")
    assert form_of(refused)["answer"] == "Мест нет, простите."
    question.refresh_from_db()
    assert (question.answer, question.answered_by.username) == ("Места есть, приходите.", "anna")
    assert answer_mails(question).count() == 1  # the refused save queued nothing

    # Saved again on purpose: it goes through, but the answer the asker got is not replaced
    # (nor mailed again), and Boris is told so.
    again = boris.post(url, form_of(refused), follow=True)
    assert again.status_code == 200 and "warning" in message_levels(again)
    question.refresh_from_db()
    assert question.answer == "Места есть, приходите."
    assert question.status == Question.Status.ANSWERED
    assert answer_mails(question).count() == 1


def test_an_answer_opened_after_it_was_sent_is_read_only(methodists):
    question = make_question()
    url = reverse("admin:moc_portal_question_change", args=[question.pk])
    anna, boris = methodists
    assert anna.post(url, {**opened(anna, url), "answer": "Ответ"}).status_code == 302
    assert "answer" not in opened(boris, url)


def test_a_media_plan_row_edited_by_two_keeps_the_first_edit(methodists):
    plan = make_plan(notes="План")
    row = MediaPlanRow.objects.create(
        plan=plan, date_from=datetime.date(2026, 11, 5), topic="Слёт", format="news", channel="site"
    )
    url = reverse("admin:events_mediaplan_change", args=[plan.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "rows-0-topic": "Слёт юных техников"}).status_code == 302

    refused = boris.post(url, {**boris_form, "rows-0-responsible": "Борис"})
    assert refused.status_code == 200
    [error] = inline_errors(refused)["rows-0"]
    assert error.startswith(STALE)
    row.refresh_from_db()
    assert (row.topic, row.responsible) == ("Слёт юных техников", "")

    again = form_of(refused)
    assert (again["rows-0-topic"], again["rows-0-responsible"]) == ("Слёт юных техников", "Борис")
    assert boris.post(url, again).status_code == 302
    row.refresh_from_db()
    assert (row.topic, row.responsible) == ("Слёт юных техников", "Борис")


def test_the_monitoring_settings_refuse_a_stale_save(methodists):
    settings_row = MonitoringSettings.load()
    url = reverse("admin:monitoring_monitoringsettings_change", args=[settings_row.pk])
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert anna.post(url, {**annas_form, "reminder_days_before": "5"}).status_code == 302

    refused = boris.post(url, {**boris_form, "change_warning_percent": "40"})
    assert stale_codes(refused) == ["stale"]
    settings_row.refresh_from_db()
    assert (settings_row.reminder_days_before, settings_row.change_warning_percent) != (5, 40)
    assert settings_row.reminder_days_before == 5

    again = form_of(refused)
    assert (again["reminder_days_before"], again["change_warning_percent"]) == ("5", "40")
    assert boris.post(url, again).status_code == 302
    settings_row.refresh_from_db()
    assert (settings_row.reminder_days_before, settings_row.change_warning_percent) == (5, 40)


RMC_EXPORT = "Выгрузка в РМЦ за прошлый месяц"


def schedule_url():
    return reverse(
        "admin:django_celery_beat_periodictask_change",
        args=[PeriodicTask.objects.get(name=RMC_EXPORT).pk],
    )


def test_a_time_moved_meanwhile_refuses_the_save_and_shows_the_new_time(methodists):
    """«время запуска» is the form's own field, not the task's: it is digested too."""
    url = schedule_url()
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    assert annas_form["run_at"].startswith("06:00") and "enabled" in boris_form
    assert anna.post(url, {**annas_form, "run_at": "07:30"}).status_code == 302

    boris_switches_off = {key: value for key, value in boris_form.items() if key != "enabled"}
    refused = boris.post(url, boris_switches_off)
    assert stale_codes(refused) == ["stale"]
    task = PeriodicTask.objects.get(name=RMC_EXPORT)
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("7", "30")

    again = form_of(refused)
    assert again["run_at"].startswith("07:30") and "enabled" not in again
    assert boris.post(url, again).status_code == 302
    task = PeriodicTask.objects.get(name=RMC_EXPORT)
    assert not task.enabled and (task.crontab.hour, task.crontab.minute) == ("7", "30")


def test_a_checkbox_changed_meanwhile_refuses_an_untouched_form_and_shows_it(methodists):
    url = schedule_url()
    anna, boris = methodists
    annas_form, boris_form = opened(anna, url), opened(boris, url)
    annas = {key: value for key, value in annas_form.items() if key != "enabled"}
    assert anna.post(url, annas).status_code == 302

    # Boris changed nothing: saving his page as it was would switch the task back on.
    refused = boris.post(url, boris_form)
    assert stale_codes(refused) == ["stale"]
    assert not PeriodicTask.objects.get(name=RMC_EXPORT).enabled

    again = form_of(refused)
    assert "enabled" not in again  # Anna's «выключена», taken into the form he left alone
    assert boris.post(url, again).status_code == 302
    assert not PeriodicTask.objects.get(name=RMC_EXPORT).enabled
