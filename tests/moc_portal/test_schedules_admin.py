import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from moc_portal.roles import COORDINATORS, METHODISTS
from tests.pages import listed

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:django_celery_beat_periodictask_changelist")


def member_of(django_user_model, group, username):
    user = django_user_model.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def change_url(name):
    task = PeriodicTask.objects.get(name=name)
    return reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])


def test_the_list_shows_names_and_schedules_in_words(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        html = admin_client.get(CHANGELIST).content.decode()
    assert "Выгрузка в РМЦ" in html and "5-го числа в 06:00" in html
    assert "Напоминания о сроках" in html and "ежедневно в 07:00" in html
    assert "Отправка исходящих писем" in html and "каждую минуту" in html
    assert "каждые 15 минут" in html and "Резервная копия" in html
    assert "ещё не запускалась" in html
    for raw in ("monitoring.tasks", "moc_portal.tasks", "* * *", "Crontab", "Task Name"):
        assert raw not in html


def test_the_schedule_tables_are_not_in_the_admin(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "crontabschedule" not in html and "intervalschedule" not in html


def test_a_methodist_moves_the_time_of_a_monthly_task(client, django_user_model):
    client.force_login(member_of(django_user_model, METHODISTS, "methodist"))
    url = change_url("Выгрузка в РМЦ за прошлый месяц")
    reminders = PeriodicTask.objects.get(name="Напоминания о сроке мониторинга")
    reminders_crontab = reminders.crontab_id
    form = client.get(url)
    html = form.content.decode()
    assert form.status_code == 200
    assert "export_previous_month_to_rmc" not in html and "kwargs" not in html
    assert set(form.context["adminform"].form.fields) == {"enabled", "run_at", "locking_token"}

    response = client.post(url, {"enabled": "on", "run_at": "07:30"})

    assert response.status_code == 302
    task = PeriodicTask.objects.get(name="Выгрузка в РМЦ за прошлый месяц")
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_month) == ("30", "7", "5")
    reminders.refresh_from_db()
    assert reminders.crontab_id == reminders_crontab  # a shared schedule row is not edited


def test_a_methodist_changes_an_interval_and_switches_a_task_off(client, django_user_model):
    client.force_login(member_of(django_user_model, METHODISTS, "methodist"))
    url = change_url("Удаление незавершённых загрузок из файлов")
    fields = client.get(url).context["adminform"].form.fields
    assert set(fields) == {"enabled", "every_minutes", "locking_token"}

    assert client.post(url, {"every_minutes": "30"}).status_code == 302

    task = PeriodicTask.objects.get(name="Удаление незавершённых загрузок из файлов")
    assert (task.interval.every, task.interval.period, task.enabled) == (30, "minutes", False)


def test_the_time_is_required(client, django_user_model):
    client.force_login(member_of(django_user_model, METHODISTS, "methodist"))
    response = client.post(change_url("Резервное копирование"), {"enabled": "on", "run_at": ""})
    assert response.status_code == 200
    assert PeriodicTask.objects.get(name="Резервное копирование").crontab.hour == "2"


def test_switching_tasks_off_and_on_from_the_list(client, django_user_model):
    client.force_login(member_of(django_user_model, METHODISTS, "methodist"))
    task = PeriodicTask.objects.get(name="Резервное копирование")
    data = {"action": "disable", "_selected_action": [task.pk], "index": 0}
    client.post(CHANGELIST, data)
    task.refresh_from_db()
    assert not task.enabled
    client.post(CHANGELIST, {**data, "action": "enable"})
    task.refresh_from_db()
    assert task.enabled


def test_a_coordinator_sees_but_does_not_edit(client, django_user_model):
    client.force_login(member_of(django_user_model, COORDINATORS, "coordinator"))
    export = PeriodicTask.objects.get(task="monitoring.tasks.export_previous_month_to_rmc")
    assert export in listed(client.get(CHANGELIST))
    url = change_url("Резервное копирование")
    assert client.post(url, {"enabled": "on", "run_at": "05:00"}).status_code == 403
    assert PeriodicTask.objects.get(name="Резервное копирование").crontab.hour == "2"
