"""Keeping robots out of public forms: a honeypot field. The per-address limits on the forms
are `moc_portal.core.ratelimits`."""

from django import forms

HONEYPOT_FIELD = "website"


class HoneypotFormMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by screen readers); robots fill it."""

    website = forms.CharField(
        required=False,
        label="Оставьте это поле пустым",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "visually-hidden-field"}
        ),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError("Форма заполнена автоматически и не принята.")
        return ""
