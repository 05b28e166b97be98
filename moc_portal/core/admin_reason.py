"""«Вернуть на доработку» with a reason: an admin action that first asks why.

`ask_reason(modeladmin, request, queryset, title=…)` returns (reason, None) once the page's
form was sent with a reason, else (None, the page): the chosen rows, a required «Причина»
and the buttons, posted back to the same action (as Django's delete confirmation does).
`return_with_reason(…)` is the whole action: ask, send back through the app's service, say
how many.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

SENT = "reason_given"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Причина",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Что исправить: её увидят в рабочем месте и получат по электронной почте.",
        error_messages={"required": "Укажите причину: без неё не понять, что исправить."},
    )


def ask_reason(modeladmin, request, queryset, *, title):
    if SENT in request.POST:
        form = ReasonForm(request.POST)
        if form.is_valid():
            return form.cleaned_data["reason"], None
    else:
        form = ReasonForm()
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "objects": list(queryset),
        "action": request.POST.get("action", ""),
        "opts": opts,
        "app_label": opts.app_label,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "sent_name": SENT,
    }
    return None, TemplateResponse(request, "admin/return_with_reason.html", context)


def return_with_reason(modeladmin, request, queryset, *, title, send_back, done):
    """«Вернуть на доработку»: ask why, then `send_back(queryset, user, reason)` (the app's
    service, returning how many rows went back) and `done(count)` as the message.
    Returns the reason page while it is being asked for, else None."""
    reason, page = ask_reason(modeladmin, request, queryset, title=title)
    if page is not None:
        return page
    count = send_back(queryset, request.user, reason)
    modeladmin.message_user(request, done(count), messages.SUCCESS if count else messages.INFO)
    return None
