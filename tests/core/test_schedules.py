import datetime

import pytest
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from moc_portal.core.schedules import (
    UNKNOWN,
    crontab_in_words,
    interval_in_words,
    last_run_in_words,
    schedule_in_words,
)

# Every schedule the data migrations create, by task name, as staff should read it.
MIGRATED = {
    "Выгрузка в РМЦ за прошлый месяц": "5-го числа в 06:00",
    "Напоминания о сроке мониторинга": "ежедневно в 07:00",
    "Отправка исходящих писем": "каждую минуту",
    "Удаление незавершённых загрузок из файлов": "каждые 15 минут",
    "Резервное копирование": "ежедневно в 02:15",
    "Публикация открытых данных": "ежедневно в 03:40",
    "Удаление персональных данных по истечении срока": "ежедневно в 03:30",
    "Отчёты, которые не удалось поставить в очередь": "каждые 5 минут",
    "Закрытие ввода за прошедшие месяцы": "ежедневно в 00:30",
}


@pytest.mark.django_db
def test_every_migrated_schedule_reads_in_words():
    tasks = {task.name: task for task in PeriodicTask.objects.all()}
    assert set(MIGRATED) <= set(tasks), set(MIGRATED) - set(tasks)
    assert {name: schedule_in_words(tasks[name]) for name in MIGRATED} == MIGRATED


@pytest.mark.django_db
def test_a_crontab_in_another_time_zone_says_so():
    crontab = CrontabSchedule.objects.create(minute="0", hour="6", timezone="Asia/Yekaterinburg")
    task = PeriodicTask.objects.create(name="t", task="x.y", crontab=crontab)
    assert schedule_in_words(task) == "ежедневно в 06:00 (часовой пояс Asia/Yekaterinburg)"


@pytest.mark.django_db
def test_an_interval_task():
    interval = IntervalSchedule.objects.create(every=2, period="hours")
    task = PeriodicTask.objects.create(name="t", task="x.y", interval=interval)
    assert schedule_in_words(task) == "каждые 2 часа"


@pytest.mark.parametrize(
    ("every", "period", "words"),
    [
        (1, "minutes", "каждую минуту"),
        (15, "minutes", "каждые 15 минут"),
        (21, "minutes", "каждые 21 минуту"),
        (3, "minutes", "каждые 3 минуты"),
        (1, "hours", "каждый час"),
        (1, "days", "каждый день"),
        (5, "days", "каждые 5 дней"),
        (30, "seconds", "каждые 30 секунд"),
        (1, "seconds", "каждую секунду"),
    ],
)
def test_intervals(every, period, words):
    assert interval_in_words(every, period) == words


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (("*", "*"), "каждую минуту"),
        (("*/10", "*"), "каждые 10 минут"),
        (("0", "*"), "каждый час"),
        (("15", "*"), "каждый час в 15 мин."),
        (("0", "*/2"), "каждые 2 часа в 00 мин."),
        (("0", "7"), "ежедневно в 07:00"),
        (("30", "8,17"), "ежедневно в 08:30 и 17:30"),
        (("0", "6", "5"), "5-го числа в 06:00"),
        (("0", "6", "1,15"), "1-го и 15-го числа в 06:00"),
        (("0", "9", "10", "1"), "10 января в 09:00"),
        (("0", "9", "10", "1,7"), "10 января и 10 июля в 09:00"),
        (("0", "9", "*", "9"), "в сентябре, ежедневно в 09:00"),
        (("0", "9", "*", "*", "1"), "по понедельникам в 09:00"),
        (("0", "9", "*", "*", "1,3"), "по понедельникам и средам в 09:00"),
        (("0", "9", "*", "*", "1-5"), "по будням в 09:00"),
        (("0", "10", "*", "*", "6,0"), "по выходным в 10:00"),
        (("0", "10", "*", "*", "7"), "по воскресеньям в 10:00"),
    ],
)
def test_cron_forms(fields, words):
    assert crontab_in_words(*fields) == words


@pytest.mark.parametrize(
    "fields",
    [
        ("0-30/5", "*"),
        ("0", "9-17"),
        ("0", "9", "L"),
        ("0", "9", "1", "*", "1"),  # cron's «day of month or weekday»
        ("0", "9", "*", "*", "mon"),
        ("0", "25"),
    ],
)
def test_unknown_cron_forms_show_no_cron_string(fields):
    assert crontab_in_words(*fields) == UNKNOWN


def test_last_run(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    moment = datetime.datetime(2026, 12, 3, 4, 0, tzinfo=datetime.UTC)
    assert last_run_in_words(moment) == "3 декабря 2026 в 07:00"
    assert last_run_in_words(None) == "ещё не запускалась"
