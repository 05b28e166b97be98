"""«Задать вопрос МОЦ» (the staff area) and the methodist's answer form in the admin."""

import posixpath

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.exceptions import ValidationError

from moc_portal.core.uploads import (
    KINDS,
    POLICIES,
    UploadRefused,
    max_upload_bytes,
    validate_upload,
)

from .models import ATTACHMENT_POLICY, MAX_ATTACHMENTS, Consultation, Topic

ATTACHMENT_KINDS = POLICIES[ATTACHMENT_POLICY].kinds
ALLOWED_LABELS = ", ".join(KINDS[code].label for code in ATTACHMENT_KINDS)
MAX_QUESTION = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each goes through the kernel's one upload check, and one
    refused file refuses the question (nothing is saved)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(f"Можно приложить не больше {MAX_ATTACHMENTS} файлов.")
        checked, errors = [], []
        for upload in uploads:
            original = posixpath.basename((upload.name or "").replace("\\", "/"))[:200]
            try:
                validate_upload(upload, ATTACHMENT_KINDS)
            except UploadRefused as error:
                errors.extend(f"«{original}»: {message}" for message in error.messages)
            else:
                checked.append((posixpath.splitext(original)[0].strip() or "Файл", upload))
        if errors:
            raise ValidationError(errors)
        return checked


class AskForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="Организация", queryset=None, empty_label="— выберите —"
    )
    topic = forms.ChoiceField(label="Тема", choices=[("", "— выберите —"), *Topic.choices])
    question = forms.CharField(
        label="Вопрос",
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Опишите ситуацию: что нужно сделать и что уже попробовали.",
    )
    files = AttachmentsField(label="Файлы", required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        own = list(organizations[:2])
        if len(own) == 1:
            self.fields["organization"].initial = own[0].pk
        self.fields["files"].help_text = (
            f"Если нужно: {ALLOWED_LABELS}; до {MAX_ATTACHMENTS} файлов, каждый не больше "
            f"{max_upload_bytes() // (1024 * 1024)} МБ. Тип файла проверяется по содержимому."
        )
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "organization",
            "topic",
            "question",
            "files",
            StrictButton("Отправить вопрос", type="submit", css_class="btn-primary"),
        )

    def clean_question(self):
        text = self.cleaned_data["question"].strip()
        if not text:
            raise ValidationError("Напишите вопрос.")
        return text


class ConsultationAdminForm(forms.ModelForm):
    """The methodist's answer and the public wording, with «опубликовать» as a checkbox."""

    publish = forms.BooleanField(
        label="Опубликовать в «Вопросах и ответах»",
        required=False,
        help_text="Посетители сайта увидят только «вопрос для публикации» и «ответ для "
        "публикации» — без организации и имён, если вы сами их не напишете.",
    )

    class Meta:
        model = Consultation
        fields = ["answer", "public_question", "public_answer"]
        widgets = {
            "answer": forms.Textarea(attrs={"rows": 8}),
            "public_question": forms.Textarea(attrs={"rows": 4}),
            "public_answer": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "publish" in self.fields:
            self.fields["publish"].initial = self.instance.is_published

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("publish"):
            return cleaned
        if not (cleaned.get("answer") or "").strip():
            self.add_error("publish", "Опубликовать можно только консультацию с ответом.")
        for name in ("public_question", "public_answer"):
            if not (cleaned.get(name) or "").strip():
                self.add_error(name, "Заполните это поле, чтобы опубликовать консультацию.")
        return cleaned
