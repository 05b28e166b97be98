"""A periodic task's schedule in plain Russian: «5-го числа в 06:00», «ежедневно в 07:00»,
«каждую минуту», «каждые 15 минут». Staff never see cron strings.

Reads django-celery-beat's schedule rows (crontab, interval, clocked) by their fields only;
a cron form this module does not know reads «по особому расписанию» rather than the string.
"""

from django.conf import settings
from django.utils import timezone

from .text import MONTHS_GENITIVE, MONTHS_PREPOSITIONAL, date_ru, plural_form

UNKNOWN = "по особому расписанию"
NO_SCHEDULE = "без расписания"

# Interval periods: (one, few, many) and the gender of the noun (for «каждую/каждый/каждые»).
PERIODS = {
    "days": (("день", "дня", "дней"), "m"),
    "hours": (("час", "часа", "часов"), "m"),
    "minutes": (("минута", "минуты", "минут"), "f"),
    "seconds": (("секунда", "секунды", "секунд"), "f"),
    "microseconds": (("микросекунда", "микросекунды", "микросекунд"), "f"),
}
ACCUSATIVE_ONE = {"минута": "минуту", "секунда": "секунду", "микросекунда": "микросекунду"}
# Cron counts Sunday as 0 (and 7).
WEEKDAYS_PLURAL_DATIVE = {
    0: "воскресеньям",
    1: "понедельникам",
    2: "вторникам",
    3: "средам",
    4: "четвергам",
    5: "пятницам",
    6: "субботам",
}


def schedule_in_words(periodic_task):
    """The schedule of a django-celery-beat PeriodicTask in words."""
    if periodic_task.interval_id:
        return interval_in_words(periodic_task.interval.every, periodic_task.interval.period)
    if periodic_task.crontab_id:
        crontab = periodic_task.crontab
        words = crontab_in_words(
            crontab.minute,
            crontab.hour,
            crontab.day_of_month,
            crontab.month_of_year,
            crontab.day_of_week,
        )
        zone = str(crontab.timezone)
        if words != UNKNOWN and zone not in (settings.TIME_ZONE, ""):
            words += f" (часовой пояс {zone})"
        return words
    if getattr(periodic_task, "clocked_id", None):
        moment = timezone.localtime(periodic_task.clocked.clocked_time)
        return f"однократно {date_ru(moment)} в {moment:%H:%M}"
    if getattr(periodic_task, "solar_id", None):
        return "по солнцу"
    return NO_SCHEDULE


def interval_in_words(every, period):
    """«каждую минуту», «каждые 15 минут», «каждый час», «каждые 2 дня»."""
    if period not in PERIODS or every < 1:
        return UNKNOWN
    (one, few, many), gender = PERIODS[period]
    if every == 1:
        return f"каждый {one}" if gender == "m" else f"каждую {ACCUSATIVE_ONE[one]}"
    noun = plural_form(every, ACCUSATIVE_ONE.get(one, one), few, many)
    return f"каждые {every} {noun}"


def crontab_in_words(minute, hour, day_of_month="*", month_of_year="*", day_of_week="*"):
    """A crontab's five fields in words; UNKNOWN for forms it does not read."""
    minute, hour = minute.strip(), hour.strip()
    times = _times(minute, hour)
    if times is None:
        return UNKNOWN
    days = _days(day_of_month.strip(), month_of_year.strip(), day_of_week.strip())
    if days is None:
        return UNKNOWN
    if days == "ежедневно" and not times.startswith("в "):
        return times  # «каждую минуту» needs no «ежедневно»
    return f"{days} {times}"


def _numbers(field, low, high):
    """A cron list of plain numbers («5», «1,15») as sorted ints, or None."""
    try:
        values = sorted({int(part) for part in field.split(",")})
    except ValueError:
        return None
    if not all(low <= value <= high for value in values):
        return None
    return values


def _join(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " и " + items[-1]


def _step(field):
    """The N of «*/N», or None."""
    if field.startswith("*/") and field[2:].isdigit() and int(field[2:]) > 0:
        return int(field[2:])
    return None


def _times(minute, hour):
    if hour == "*":
        if minute == "*":
            return "каждую минуту"
        if (step := _step(minute)) is not None:
            return interval_in_words(step, "minutes")
        minutes = _numbers(minute, 0, 59)
        if minutes == [0]:
            return "каждый час"
        if minutes:
            return "каждый час в " + _join(f"{m:02d} мин." for m in minutes)
        return None
    if (step := _step(hour)) is not None and minute.isdigit():
        return f"{interval_in_words(step, 'hours')} в {int(minute):02d} мин."
    minutes, hours = _numbers(minute, 0, 59), _numbers(hour, 0, 23)
    if not minutes or not hours or len(minutes) * len(hours) > 6:
        return None
    return "в " + _join(f"{h:02d}:{m:02d}" for h in hours for m in minutes)


def _days(day_of_month, month_of_year, day_of_week):
    if day_of_month == "*":
        month_days = None
    else:
        month_days = _numbers(day_of_month, 1, 31)
        if month_days is None:
            return None
    if month_of_year == "*":
        months = None
    else:
        months = _numbers(month_of_year, 1, 12)
        if months is None:
            return None
    weekdays = _weekdays(day_of_week)
    if weekdays is None:
        return None
    if month_days and weekdays != "":
        return None  # cron's «either day» rule: too subtle to put in words
    if month_days:
        if months and len(month_days) == 1:
            return _join(f"{month_days[0]} {MONTHS_GENITIVE[m]}" for m in months)
        words = _join(f"{d}-го" for d in month_days) + " числа"
        return _in_months(months, words)
    if weekdays:
        return _in_months(months, weekdays)
    return _in_months(months, "ежедневно")


def _in_months(months, words):
    if not months:
        return words
    return "в " + _join(MONTHS_PREPOSITIONAL[m] for m in months) + ", " + words


def _weekdays(day_of_week):
    """«по понедельникам», «по будням», «» for every day, None for an unknown form."""
    if day_of_week == "*":
        return ""
    if day_of_week in ("1-5", "mon-fri"):
        return "по будням"
    days = _numbers(day_of_week, 0, 7)
    if days is None:
        return None
    days = sorted({day % 7 for day in days}, key=lambda day: (day == 0, day))
    if days == [6, 0]:
        return "по выходным"
    if days == [1, 2, 3, 4, 5]:
        return "по будням"
    return "по " + _join(WEEKDAYS_PLURAL_DATIVE[day] for day in days)


def last_run_in_words(moment):
    """«3 декабря 2026 в 07:00», or «ещё не запускалась»."""
    if moment is None:
        return "ещё не запускалась"
    moment = timezone.localtime(moment)
    return f"{date_ru(moment)} в {moment:%H:%M}"
