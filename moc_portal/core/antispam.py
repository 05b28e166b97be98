"""Keeping robots out of public forms: a honeypot field and a per-IP rate limit.

The rate limit lives in the cache: losing it lets a few more messages through, which is the
acceptable side to fail on (it guards against spam, not against anything that must hold).
"""

import time

from django import forms

from .cache import cache_get, cache_set
from .consent import client_ip

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


def rate_limited(request, scope, limit, period_seconds):
    """True when this IP already sent `limit` forms of `scope` within `period_seconds`;
    otherwise counts this one and returns False."""
    key = f"ratelimit:{scope}:{client_ip(request)}"
    stamps = cache_get(key) or []
    now = time.time()
    recent = [stamp for stamp in stamps if now - stamp < period_seconds]
    if len(recent) >= limit:
        return True
    cache_set(key, [*recent, now], period_seconds)
    return False
