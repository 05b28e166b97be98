"""Optimistic locking for the admin's change forms: a save from a stale form is refused.

When a change form is rendered it carries a hidden, signed token: a short digest of every
field the form edits, as the row held them then. On POST the row is read again (locked with
`select_for_update` inside the admin's save transaction) and digested the same way; if a field
differs, someone saved it meanwhile and this save would silently undo it, so the form is
invalid with a Russian message naming the person (simple-history or the admin's log), the
time and the changed fields. What was typed stays in the form, the fields this person left
alone show the other person's values, and the token is refreshed: a second, deliberate save
goes through and keeps both changes.

Digests of the form's own fields rather than `updated_at`: a save that changed nothing, or a
change to a field this form does not write, refuses nobody; a bulk `.update()` that skips
`updated_at` (the publish actions) is still caught; models without `updated_at` work as well.
"""

import datetime
import hashlib
import json

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from moc_portal.core.text import date_ru, quote

TOKEN_FIELD = "locking_token"
SALT = "moc_portal.core.admin_locking"


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted((_plain(item) for item in value), key=str)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(datetime.UTC)
    return value


def _digest(value):
    text = json.dumps(_plain(value), cls=DjangoJSONEncoder, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def fingerprint(instance, names, own=None):
    """A signed {field: short digest} of the instance's values of the given form fields;
    `own` gives the values of a form's fields that are not the model's (a schedule's time)."""
    values = {**(own or {}), **model_to_dict(instance, fields=names)}
    return signing.dumps(
        {name: _digest(values.get(name)) for name in names}, salt=SALT, compress=True
    )


def _put(data, widget, name, value):
    """Write a field's value into POST data the way its widget would have sent it."""
    while hasattr(widget, "widget"):  # the admin's related-object wrapper
        widget = widget.widget
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        for suffix, part, part_value in zip(
            widget.widgets_names, widget.widgets, parts, strict=False
        ):
            _put(data, part, name + suffix, part_value)
    elif isinstance(widget, forms.FileInput):
        return
    elif isinstance(widget, forms.CheckboxInput):
        if value:
            data[name] = "on"
        else:
            data.pop(name, None)
    else:
        shown = widget.format_value(value)  # a list for selects
        if isinstance(shown, list):
            data.setlist(name, shown)
        else:
            data[name] = "" if shown is None else str(shown)


def _last_change(instance):
    """(who, when) of the latest save known to the history or the admin's log; who may be None."""
    found = []
    history = getattr(instance, "history", None)
    if history is not None:
        record = history.order_by("-history_date").select_related("history_user").first()
        if record is not None:
            found.append((record.history_date, record.history_user))
    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )
    if entry is not None:
        found.append((entry.action_time, entry.user))
    if not found:
        return None, getattr(instance, "updated_at", None)
    when, user = max(found, key=lambda pair: pair[0])
    return user, when


def _moment(when):
    if when is None:
        return ""
    local = timezone.localtime(when)
    day = "" if local.date() == timezone.localdate() else f"{date_ru(local)} "
    return f" {day}в {local:%H:%M}"


def stale_message(instance, labels, taken=False):
    user, when = _last_change(instance)
    who = (user.get_full_name() or user.get_username()) if user is not None else "кто-то"
    fields = ", ".join(quote(label) for label in labels)
    changed = f"изменено поле {fields}" if len(labels) == 1 else f"изменены поля {fields}"
    return (
        f"Пока вы редактировали, {who} сохранил(а) изменения{_moment(when)}: {changed}. "
        "Ваши правки не сохранены — проверьте и сохраните ещё раз."
        + (" Поля, которые вы не меняли, уже показывают новые значения." if taken else "")
    )


class LockedFormMixin:
    """For a ModelForm of an existing object: the hidden token and the check on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            token = fingerprint(self.instance, self._locked_names(), self._own_values())
            self.fields[TOKEN_FIELD] = forms.CharField(
                label="версия формы", widget=forms.HiddenInput, required=False, initial=token
            )

    def _locked_names(self):
        return [name for name in self.fields if name != TOKEN_FIELD]

    def _own_names(self):
        meta = self.instance._meta
        model_names = {field.name for field in (*meta.fields, *meta.many_to_many)}
        return [name for name in self._locked_names() if name not in model_names]

    def _own_values(self):
        """The initial values of the form's fields that are not the model's: the form sets
        them from its instance (a schedule's «время запуска»), so they are digested too."""
        return {
            name: self.get_initial_for_field(self.fields[name], name) for name in self._own_names()
        }

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix(TOKEN_FIELD))
        if not token or self.instance.pk is None:
            return cleaned
        try:
            opened = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            opened = {}
        rows = type(self.instance)._default_manager
        using = router.db_for_write(type(self.instance))
        if transaction.get_connection(using).in_atomic_block:
            rows = rows.select_for_update()
        current = rows.using(using).filter(pk=self.instance.pk).first()
        if current is None:
            return cleaned
        # The fields the token covers: a formset adds its own (id, DELETE) after __init__.
        names = [name for name in self._locked_names() if not opened or name in opened]
        own = set(self._own_names()) & set(names)
        theirs = type(self)(instance=current, prefix=self.prefix) if own else None
        fresh = fingerprint(current, names, theirs._own_values() if theirs else None)
        now = signing.loads(fresh, salt=SALT)
        changed = [name for name in names if opened.get(name) != now[name]]
        if not changed:
            return cleaned
        self.data = self.data.copy()
        self.data[self.add_prefix(TOKEN_FIELD)] = fresh
        theirs = theirs or type(self)(instance=current, prefix=self.prefix)
        taken = self._take_theirs(theirs, [n for n in changed if self._untouched(n, opened)])
        raise forms.ValidationError(
            stale_message(current, [self.fields[n].label or n for n in changed], taken),
            code="stale",
        )

    def _untouched(self, name, opened):
        """This person sent the field as it was when the form opened (unsure means touched)."""
        return name in self.cleaned_data and _digest(self.cleaned_data[name]) == opened.get(name)

    def _take_theirs(self, theirs, names):
        """Show the other person's values (`theirs`, a form of the row as it is now) in the
        fields this person left alone."""
        for name in names:
            _put(self.data, self.fields[name].widget, self.add_prefix(name), theirs[name].value())
        return bool(names)


class OptimisticLockAdmin:
    """ModelAdmin mixin: the change form refuses a save from a form opened before someone
    else's save of the same fields. Put it first among the bases."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form
        return type(form.__name__, (LockedFormMixin, form), {})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        adminform = context.get("adminform")
        if obj is not None and adminform is not None and TOKEN_FIELD in adminform.form.fields:
            name, options = adminform.fieldsets[0]
            fields = (*options.get("fields", ()), TOKEN_FIELD)
            adminform.fieldsets = [(name, {**options, "fields": fields}), *adminform.fieldsets[1:]]
        return super().render_change_form(request, context, add, change, form_url, obj)


class LockedInlineForm(LockedFormMixin, forms.ModelForm):
    """An inline row's form: the token is declared, so the inline's fields can name it."""

    locking_token = forms.CharField(label="версия строки", widget=forms.HiddenInput, required=False)


class OptimisticLockInline:
    """InlineModelAdmin mixin: an existing row saved from a stale form is refused the same way
    (the row's fields digested when the page was opened). Rows someone added meanwhile stay;
    a row someone deleted is Django's own «not found» error. Put it first among the bases."""

    form = LockedInlineForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets  # a view-only inline shows its fields as text
        name, options = fieldsets[0]
        fields = (*options.get("fields", ()), TOKEN_FIELD)
        return [(name, {**options, "fields": fields}), *fieldsets[1:]]
