"""«Предложить практику»: the public form (also the author's revision of a returned one)."""

import posixpath

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from moc_portal.core.antispam import HoneypotFormMixin
from moc_portal.core.consent import ConsentFormMixin
from moc_portal.core.richtext import html_to_typed_text, plain_to_html
from moc_portal.core.uploads import (
    KINDS,
    UploadRefused,
    max_upload_bytes,
    validate_upload,
)
from programs.models import Organization

from .models import MATERIAL_KINDS, Category, Practice
from .services.submissions import AUTHOR_FIELDS, MAX_FILES, MAX_LINKS

CONSENT_PURPOSE = "Предложение лучшей практики"
ALLOWED_LABELS = ", ".join(KINDS[code].label for code in MATERIAL_KINDS)
# The texts a methodist may format in the admin's editor. The author types them in a plain
# textarea: stored as HTML by the kernel's conversion (paragraphs, «- » lists, links; whatever
# looks like a tag is escaped), read back as typed text when a returned practice is revised.
RICH_TEXT_FIELDS = ("problem", "description", "results", "resources")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each goes through the one upload check."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        if len(uploads) > MAX_FILES:
            raise ValidationError(f"Можно приложить не больше {MAX_FILES} файлов.")
        checked, errors = [], []
        for upload in uploads:
            original = posixpath.basename((upload.name or "").replace("\\", "/"))[:200]
            try:
                validate_upload(upload, MATERIAL_KINDS)
            except UploadRefused as error:
                errors.extend(f"«{original}»: {message}" for message in error.messages)
            else:
                title = posixpath.splitext(original)[0].strip() or "Материал"
                checked.append((title, upload))
        if errors:
            raise ValidationError(errors)
        return checked


class PracticeForm(HoneypotFormMixin, ConsentFormMixin, forms.ModelForm):
    organization = forms.ModelChoiceField(
        label="Организация",
        queryset=Organization.objects.filter(is_active=True).order_by("short_name"),
        required=False,
        empty_label="— выберите из списка —",
    )
    files = MultipleFileField(label="Файлы", required=False)
    video_links = forms.CharField(
        label="Ссылки на видео",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="По одной ссылке в строке (VK Видео, RuTube и т. п.).",
    )

    class Meta:
        model = Practice
        fields = list(AUTHOR_FIELDS)
        widgets = {
            "authors": forms.Textarea(attrs={"rows": 3}),
            "annotation": forms.Textarea(attrs={"rows": 3}),
            "problem": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "resources": forms.Textarea(attrs={"rows": 3}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }
        help_texts = {
            "annotation": "Коротко, в 2–3 предложениях: что это за практика.",
            "description": "Абзацы разделяйте пустой строкой; пункты списка начинайте с «- ». "
            "Адреса сайтов станут ссылками.",
            "results": "Что изменилось и в каких цифрах: охват, победы, сохранность контингента.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].initial = self.fields["year"].initial or this_year
        self.fields["year"].widget.attrs.update({"min": 2000, "max": this_year + 1})
        self.fields["direction"].empty_label = "— выберите —"
        self.fields["category"].choices = [("", "— выберите —"), *Category.choices]
        self.fields["organization_name"].label = "Или название организации, если её нет в списке"
        self.fields["organization_name"].help_text = ""
        self.fields["contact_name"].label = "Фамилия, имя, отчество"
        self.fields["files"].help_text = (
            f"{ALLOWED_LABELS}; до {MAX_FILES} файлов, каждый не больше "
            f"{max_upload_bytes() // (1024 * 1024)} МБ. Тип файла проверяется по содержимому."
        )
        if self.instance.pk:
            self.fields["files"].help_text += " Уже приложенные материалы сохранятся."
            # A returned practice a methodist formatted: the author edits it as typed text.
            for name in RICH_TEXT_FIELDS:
                if not self.is_bound:
                    self.initial[name] = html_to_typed_text(self.initial.get(name))
        self.helper = self._helper()

    def _helper(self):
        helper = FormHelper()
        helper.form_tag = True
        helper.form_method = "post"
        helper.attrs = {"novalidate": ""}  # crispy adds enctype itself: the form has files
        helper.layout = Layout(
            Fieldset(
                "О практике",
                "title",
                Div(
                    Div("direction", css_class="col-md-6"),
                    Div("category", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("age_min", css_class="col-6 col-md-4"),
                    Div("age_max", css_class="col-6 col-md-4"),
                    Div("year", css_class="col-md-4"),
                    css_class="row",
                ),
                "annotation",
                "problem",
                "description",
                "results",
                "resources",
            ),
            Fieldset(
                "Авторы и организация",
                "authors",
                "organization",
                "organization_name",
            ),
            Fieldset("Материалы", "files", "video_links"),
            Fieldset(
                "Контактное лицо",
                Div(
                    Div("contact_name", css_class="col-md-6"),
                    Div("contact_position", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div(Field("contact_email"), css_class="col-md-6"),
                    Div("contact_phone", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Div("website", css_class="visually-hidden-field", aria_hidden="true"),
            "consent",
            HTML('<p class="small text-muted">Поля, отмеченные *, обязательны.</p>'),
            # A <button>, not crispy's <input type=submit>: its label can wrap, so the largest
            # letters of the version for the visually impaired fit a 390-px phone.
            StrictButton(self.submit_label, type="submit", name="submit", css_class="btn-primary"),
        )
        return helper

    @property
    def submit_label(self):
        return "Отправить доработанную практику" if self.instance.pk else "Отправить практику"

    def _typed_text_as_html(self, name):
        return plain_to_html(self.cleaned_data.get(name) or "")

    def clean_problem(self):
        return self._typed_text_as_html("problem")

    def clean_description(self):
        return self._typed_text_as_html("description")

    def clean_results(self):
        return self._typed_text_as_html("results")

    def clean_resources(self):
        return self._typed_text_as_html("resources")

    def clean_video_links(self):
        lines = [line.strip() for line in self.cleaned_data["video_links"].splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_LINKS:
            raise ValidationError(f"Можно указать не больше {MAX_LINKS} ссылок.")
        validate = URLValidator(schemes=["http", "https"])
        bad = []
        for link in links:
            try:
                validate(link)
            except ValidationError:
                bad.append(link)
        if bad:
            raise ValidationError("Это не ссылки: " + ", ".join(bad[:3]))
        return links

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not (cleaned.get("organization_name") or "").strip():
            self.add_error(
                "organization", "Выберите организацию из списка или впишите её название."
            )
        return cleaned
