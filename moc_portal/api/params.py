"""The API's query parameters, read strictly: what does not parse is a 400 in Russian.

The catalogue's pages are lenient (a mistyped link still shows a page); a program reading
the API should learn at once that `age=100` was not applied. The filters themselves are the
apps' FilterSets: the same names, codes and meaning as on the site.
"""

import base64
import binascii
import datetime
import json
import re
import uuid

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from moc_portal.core.filtering import (
    FLAG_OFF,
    FLAG_ON,
    FlagField,
    LenientMultipleChoiceField,
)

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_VALUE_LENGTH = 1000


def refuse(name, message):
    raise ValidationError({name: [message]})


def check_plain_text(params):
    """NUL characters and very long values never reach the database."""
    for name, values in params.lists():
        for value in values:
            if "\x00" in value or "\x00" in name:
                refuse(name, "Недопустимый символ в параметре.")
            if len(value) > MAX_VALUE_LENGTH:
                refuse(name, f"Значение длиннее {MAX_VALUE_LENGTH} символов.")


def parse_limit(params):
    raw = params.get("limit")
    if raw in (None, ""):
        return DEFAULT_LIMIT
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= MAX_LIMIT:
        refuse("limit", f"Укажите целое число от 1 до {MAX_LIMIT}.")
    return int(raw)


def parse_moment(raw):
    """An ISO-8601 date and time (a date alone means its midnight); naive is Moscow time."""
    try:
        value = parse_datetime(raw)
        if value is None:
            day = datetime.date.fromisoformat(raw)
            value = datetime.datetime.combine(day, datetime.time())
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, and a moment beyond the calendar
        # fails here, not in SQL.
        return value.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        return None


def parse_updated_after(params):
    raw = params.get("updated_after")
    if raw in (None, ""):
        return None
    value = parse_moment(raw.strip())
    if value is None:
        refuse(
            "updated_after",
            "Укажите дату и время в формате ISO 8601, например 2026-12-01T09:00:00+03:00.",
        )
    return value


def encode_cursor(moment, object_uuid):
    text = json.dumps([moment.isoformat(), str(object_uuid)])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def parse_cursor(params):
    raw = params.get("cursor")
    if raw in (None, ""):
        return None
    try:
        padded = raw + "=" * (-len(raw) % 4)
        moment_text, uuid_text = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not (isinstance(moment_text, str) and isinstance(uuid_text, str)):
            raise ValueError
        moment = parse_datetime(moment_text)
        if moment is None or timezone.is_naive(moment):
            raise ValueError
        return moment.astimezone(datetime.UTC), uuid.UUID(uuid_text)
    except (ValueError, TypeError, binascii.Error, OverflowError, UnicodeError):
        refuse("cursor", "Неверный курсор: возьмите ссылку из поля next предыдущей страницы.")


def strict_filterset(filterset_class, params, queryset):
    """The app's FilterSet over `queryset`; a parameter it would drop is a 400 instead."""
    filterset = filterset_class(params, queryset=queryset)
    cleaned = filterset.cleaned
    errors = {}
    for name, field in filterset.form.fields.items():
        raw = [value.strip() for value in params.getlist(name) if value.strip()]
        if not raw:
            continue
        if name in filterset.form.errors:
            errors[name] = list(filterset.form.errors[name])
        elif isinstance(field, LenientMultipleChoiceField):
            unknown = [value for value in raw if value not in set(cleaned.get(name) or [])]
            if unknown:
                errors[name] = [f"Неизвестный код: {', '.join(unknown[:5])}."]
        elif isinstance(field, FlagField):
            if any(value.lower() not in FLAG_ON | FLAG_OFF for value in raw):
                errors[name] = ["Укажите 1 или 0 (true или false)."]
        elif cleaned.get(name) in (None, ""):
            errors[name] = ["Значение не распознано."]
    if errors:
        raise ValidationError(errors)
    return filterset
