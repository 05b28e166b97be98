"""Forms of the catalogue's staff pages."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from moc_portal.core.antispam import HoneypotFormMixin
from moc_portal.core.consent import ConsentFormMixin

from .services.export_rows import ORGANIZATION_HEADERS, PROGRAM_HEADERS
from .services.import_files import MAX_UPLOAD_BYTES

HEADERS = {"program": PROGRAM_HEADERS, "organization": ORGANIZATION_HEADERS}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = HEADERS[target]
        self.fields["file"].help_text = (
            "Таблица Excel (XLSX) или CSV в кодировке UTF-8 или Windows-1251, "
            f"до {MAX_UPLOAD_BYTES // 1024 // 1024} МБ. Первая строка — названия колонок. "
            "Сначала будет показано, что изменится; сохраняется только после подтверждения."
        )
        self.helper = FormHelper()
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.add_input(Submit("submit", "Проверить файл"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"Файл больше {MAX_UPLOAD_BYTES // 1024 // 1024} МБ: разделите его на части."
            )
        return upload


class EnrolmentWatchForm(HoneypotFormMixin, ConsentFormMixin, forms.Form):
    """«Сообщить, когда откроется запись»: an e-mail and a separate consent; no account."""

    email = forms.EmailField(
        label="Ваш e-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Придёт письмо со ссылкой для подтверждения, потом — одно письмо, когда "
        "откроется запись. Адрес удалится после окончания записи.",
    )


class CertificateForm(forms.Form):
    """The no-JavaScript face of the certificate calculator: a GET form, nothing kept."""

    nominal = forms.CharField(
        label="Остаток на сертификате, ₽",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
