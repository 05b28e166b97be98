"""Forms for staff outside the admin: a representative proposes an event and corrects it."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.db import models

from moc_portal.core.admin_locking import LockedFormMixin
from moc_portal.core.richtext import html_to_typed_text, plain_to_html

from .models import Event

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def https_by_default(db_field, **kwargs):
    """Addresses typed without a scheme are https ones (as Django 6 will assume)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


def side_by_side(*names, column="col-sm-6"):
    """Fields in one row of the layout (stacked on a phone when the column says so)."""
    return Div(*(Div(name, css_class=column) for name in names), css_class="row")


class EventProposalForm(forms.ModelForm):
    """The event as an organization describes it; the model's clean() checks dates and ages."""

    class Meta:
        model = Event
        formfield_callback = https_by_default
        fields = [
            "title",
            "kind",
            "organizer",
            "audience",
            "level",
            "direction",
            "age_min",
            "age_max",
            *Event.WHEN_AND_WHERE,
            "summary",
            "description",
            "registration_url",
            "regulations",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "starts_time": TIME,
            "ends_time": TIME,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "description": "Обычный текст: абзацы разделяйте пустой строкой, пункты списка "
            "начинайте с «- »; адреса сайтов станут ссылками.",
        }

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        organizer = self.fields["organizer"]
        if organizations is not None:
            organizer.queryset = organizations
            organizer.empty_label = None if organizations.count() == 1 else "— выберите —"
        organizer.required = True
        self.fields["ends_on"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["description"] = html_to_typed_text(self.instance.description)
        self.helper = FormHelper()
        self.helper.form_tag = True
        self.helper.render_hidden_fields = True  # the edit form's version token
        self.helper.attrs = {"enctype": "multipart/form-data", "novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(
                "Что и для кого",
                "title",
                "kind",
                "organizer",
                "audience",
                "level",
                "direction",
                side_by_side("age_min", "age_max", column="col-6"),
            ),
            Fieldset(
                "Когда и где",
                side_by_side("starts_on", "starts_time"),
                side_by_side("ends_on", "ends_time"),
                "venue",
                "online_url",
            ),
            Fieldset(
                "Подробности", "summary", Field("description"), "registration_url", "regulations"
            ),
            Submit("submit", "Отправить на модерацию", css_class="btn-primary"),
        )

    def clean_description(self):
        """Typed text is text: escaped; blank lines part paragraphs, «- » lines make lists."""
        return plain_to_html(self.cleaned_data.get("description", ""))


class EventProposalEditForm(LockedFormMixin, EventProposalForm):
    """A proposal corrected by its organization: two representatives may have it open, so a
    save from a form opened before the other's save is refused (core.admin_locking)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout[-1] = Submit(
            "submit", "Отправить на модерацию ещё раз", css_class="btn-primary"
        )
