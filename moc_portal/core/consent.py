"""Consent to the processing of personal data (152-ФЗ), one mechanism for every form.

A form that takes a person's contacts adds `ConsentFormMixin`: a separate checkbox, not
ticked in advance, with the site's consent text beside it. The view then calls
`record_consent(request, purpose)` and keeps the returned record with the data: when, from
which address (the client's, behind the trusted proxy) and which wording the person accepted.
"""

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from moc_portal.models import ConsentRecord, SiteSettings

from .client_address import client_address


def record_consent(request, purpose):
    site = SiteSettings.load()
    return ConsentRecord.objects.create(
        purpose=purpose,
        text=site.consent_text,
        text_version=site.consent_version,
        ip_address=client_address(request),
    )


def _policy_link():
    try:
        return reverse("privacy")
    except NoReverseMatch:
        return ""


class ConsentFormMixin(forms.Form):
    """Adds the `consent` checkbox: required, never pre-ticked, with the consent text as help."""

    consent = forms.BooleanField(
        required=True,
        initial=False,
        label="Я даю согласие на обработку моих персональных данных",
        error_messages={
            "required": "Без согласия на обработку персональных данных мы не можем принять форму."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        field.initial = False
        link = _policy_link()
        text = SiteSettings.load().consent_text
        field.help_text = (
            format_html('{} <a href="{}">Политика обработки персональных данных</a>.', text, link)
            if link
            else text
        )
