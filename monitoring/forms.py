"""Forms of the monitoring pages: the figures of a report, the Excel upload and the review."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError

from moc_portal.core.uploads import UploadValidator

from .services.submissions import (
    EXPLANATION_LENGTH,
    change_limit,
    parse_number,
    unusual_figures,
    validate_figures,
)
from .services.workbook import MAX_UPLOAD_BYTES

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sentence(message):
    """Service messages are lower-case fragments; under a field they read as sentences."""
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class FigureField(forms.DecimalField):
    """A number as a Russian user types it: "1 200", "12,5" or "12.5"."""

    default_error_messages = {"invalid": "Введите число, например 120 или 12,5."}

    def __init__(self, **kwargs):
        super().__init__(
            required=False, min_value=0, max_digits=14, decimal_places=2, localize=True, **kwargs
        )
        self.widget.attrs.update(
            {"class": "form-control text-end", "inputmode": "decimal", "autocomplete": "off"}
        )

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class EntryForm(forms.Form):
    """One field per row of `entry_rows`; `version` is the report's version when it was opened.

    `require_all` (set when the user sends the report) also demands the required indicators.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, groups, *args, require_all=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.require_all = require_all
        self.conflict = False
        # Set by the view when sending was held back to ask for explanations of big changes.
        self.asking_explanations = False
        self.limit_percent = change_limit()
        self.rows = [row for group in groups for row in group.rows]
        self.names = {row.key: field_name(row) for row in self.rows}
        for row in self.rows:
            previous = row.previous_text or "нет данных"
            usual = f"; {row.expected.text}" if row.expected else ""
            self.fields[self.names[row.key]] = FigureField(
                label=row.label, help_text=f"В прошлом месяце: {previous}{usual}"
            )
            self.initial.setdefault(self.names[row.key], row.value_text)
            # Only a total with a range or a non-zero last month can be unusual.
            if (row.previous or row.expected) and row.direction is None:
                self.fields[explanation_name(row)] = forms.CharField(
                    label=f"Пояснение: {row.label}",
                    required=False,
                    max_length=EXPLANATION_LENGTH,
                    widget=forms.TextInput(
                        attrs={"class": "form-control form-control-sm", "autocomplete": "off"}
                    ),
                )
                self.initial.setdefault(explanation_name(row), row.explanation)

    def clean(self):
        cleaned = super().clean()
        already_wrong = set(self.errors)
        indicators = list({row.indicator.code: row.indicator for row in self.rows}.values())
        for error in validate_figures(self.figures(), indicators, require_all=self.require_all):
            name = self.names[error.key]
            if name not in already_wrong:
                self.add_error(name, sentence(error.message))
        return cleaned

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def figures(self):
        """{key: Decimal} of the fields that hold a valid number."""
        data = getattr(self, "cleaned_data", {})
        return {key: data[name] for key, name in self.names.items() if data.get(name) is not None}

    def explanations(self):
        """{key: text} of the explanations typed (or kept) for figures that changed a lot."""
        data = getattr(self, "cleaned_data", {})
        return {
            row.key: data[explanation_name(row)].strip()
            for row in self.rows
            if (data.get(explanation_name(row)) or "").strip()
        }

    def changes(self):
        """{key: OutOfRange | Change}: figures (as typed, or as saved before any typing)
        outside their expected range, or without one, moved more than the configured share
        against last month."""
        if self.is_bound and hasattr(self, "cleaned_data"):
            current = self.figures()
        else:
            current = {row.key: row.value for row in self.rows if row.value is not None}
        return unusual_figures(current, self.rows, self.limit_percent)

    def unexplained_changes(self):
        explained = self.explanations()
        return [change for key, change in self.changes().items() if key not in explained]

    def sections(self):
        """[(group name, [EntryLine, …]), …]: each row with its field, the value someone else
        saved meanwhile (on a conflict), and its big change with the explanation field."""
        typed = self.figures() if self.conflict else {}
        changes = self.changes()
        return [
            (
                group.name,
                [
                    EntryLine(
                        row,
                        self[self.names[row.key]],
                        self._saved_elsewhere(row, typed),
                        changes.get(row.key),
                        self._explanation_field(row, changes),
                    )
                    for row in group.rows
                ],
            )
            for group in self.groups
        ]

    def _explanation_field(self, row, changes):
        name = explanation_name(row)
        if name not in self.fields:
            return None
        if row.key in changes or (self[name].value() or "").strip():
            return self[name]
        return None

    def _saved_elsewhere(self, row, typed):
        if not self.conflict or typed.get(row.key) == row.value:
            return None
        return row.value_text or "пусто"


@dataclass
class EntryLine:
    row: object
    field: object
    saved_elsewhere: str | None
    change: object  # services.submissions.Change or None
    explanation: object  # bound field or None


def explanation_name(row):
    return field_name(row) + "__why"


def field_name(row):
    code, direction = row.key
    return f"{code}__{direction}" if direction else code


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Заполненный шаблон (.xlsx)",
        # The kernel's validator: the content must be an XLSX package of sane unpacked size.
        validators=[UploadValidator(["xlsx"], max_bytes=MAX_UPLOAD_BYTES)],
        widget=forms.FileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReviewForm(forms.Form):
    """Accept the report, or return it with a comment saying what to fix."""

    ACCEPT, RETURN = "accept", "return"

    action = forms.ChoiceField(choices=[(ACCEPT, "Принять"), (RETURN, "Вернуть на доработку")])
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    comment = forms.CharField(
        label="Комментарий для организации",
        help_text="Что исправить — обязательно при возврате на доработку.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    until = forms.DateField(
        label="Открыть ввод до",
        help_text="Срок ввода за этот месяц прошёл: до этого дня включительно организация "
        "сможет исправить возвращённый отчёт.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, past_entry=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.past_entry = past_entry
        if not past_entry:
            del self.fields["until"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.ACCEPT:
            return cleaned
        if not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Напишите, что нужно исправить.")
        if self.past_entry and not cleaned.get("until"):
            self.add_error("until", "Укажите, до какого числа открыть ввод.")
        return cleaned


class PeriodChoiceForm(forms.Form):
    """The dashboard's period picker: works with a button, no script needed."""

    period = forms.ChoiceField(label="Период", required=False)

    def __init__(self, periods, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [
            (period.code, f"{period}{' (закрыт)' if period.is_closed else ''}")
            for period in periods
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "d-flex flex-wrap gap-2 align-items-end"
        self.helper.form_show_labels = True
        self.helper.add_input(Submit("", "Показать", css_class="btn-sm"))


class TimelinessFilterForm(forms.Form):
    """The timeliness grid's filters: the year, the type of organization, the settlement."""

    year = forms.TypedChoiceField(label="Год", coerce=int, required=False)
    kind = forms.ChoiceField(label="Тип организации", required=False)
    settlement = forms.ChoiceField(label="Населённый пункт", required=False)

    def __init__(self, data, *, years, kinds, settlements):
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["kind"].choices = [("", "Все типы"), *kinds]
        self.fields["settlement"].choices = [("", "Все"), *((s, s) for s in settlements)]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "d-flex flex-wrap gap-2 align-items-end"
        self.helper.add_input(Submit("", "Показать", css_class="btn-sm"))

    def filters(self, default_year):
        """(year, kind, settlement); an unknown choice falls back to everything."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("year") or default_year, data.get("kind", ""), data.get("settlement", "")


class FollowUpForm(forms.Form):
    """Mark one figure of the report «на контроль», with what to check."""

    key = forms.ChoiceField(label="Значение")
    note = forms.CharField(
        label="Что проверить",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (field_name(row), f"{row.label}: {row.value_text}")
            for row in rows
            if row.value is not None
        ]
        self.keys = {field_name(row): row.key for row in rows}
        self.helper = FormHelper()
        self.helper.form_tag = False

    def chosen_key(self):
        return self.keys[self.cleaned_data["key"]]


class CloseFollowUpForm(forms.Form):
    resolution = forms.CharField(
        label="Решение", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
