"""Reads of program revisions: the methodist's field-by-field diff and what waits for whom."""

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from moc_portal.core.text import number_ru

from ..models import Program, ProgramRevision

NOTHING = "—"


@dataclass(frozen=True)
class DiffRow:
    name: str
    label: str
    published: str
    proposed: str


def plain(value):
    """The value as it is kept in the JSON (and compared): Decimals as text, ids sorted."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def stored_value(program, name, m2m=None):
    """The JSON value of a program's field; `m2m` gives a many-to-many field's objects or ids."""
    field = Program._meta.get_field(name)
    if field.many_to_many:
        items = m2m if m2m is not None else getattr(program, name).all()
        return sorted(getattr(item, "pk", item) for item in items)
    if isinstance(field, models.FileField):
        file = getattr(program, name)
        return file.name if file else ""
    return plain(field.value_from_object(program))


def field_label(name):
    try:
        return str(Program._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a field removed since the revision was proposed
        return name


def changed_labels(revision):
    return [field_label(name) for name in revision.values]


def _shown(field, value):
    """A stored value as a methodist reads it: choices' labels, names, «да»/«нет»."""
    if value in (None, "", []):
        return NOTHING
    if field.many_to_many:
        names = field.related_model.objects.filter(pk__in=value).values_list("name", flat=True)
        return ", ".join(sorted(names)) or NOTHING
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else NOTHING
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "да" if value else "нет"
    if isinstance(field, models.DecimalField):
        try:
            return number_ru(Decimal(str(value)), trim=True)
        except (InvalidOperation, TypeError, ValueError):
            return str(value)
    if isinstance(field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)


def revision_diff(revision):
    """[DiffRow] of every proposed field: the published value beside the proposed one."""
    program = revision.program
    rows = []
    for name, proposed in revision.values.items():
        try:
            field = Program._meta.get_field(name)
        except Exception:
            continue
        rows.append(
            DiffRow(
                name,
                field_label(name),
                _shown(field, stored_value(program, name)),
                _shown(field, proposed),
            )
        )
    return rows


def pending_revision(program):
    return program.revisions.filter(state=ProgramRevision.State.PENDING).first()


def latest_returned(program):
    """The latest returned revision, if nothing was proposed or approved after it."""
    latest = program.revisions.select_related("decided_by").first()
    if latest is not None and latest.state == ProgramRevision.State.RETURNED:
        return latest
    return None
