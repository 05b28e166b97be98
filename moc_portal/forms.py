import re

from django import forms

from .core.antispam import HoneypotFormMixin
from .core.consent import ConsentFormMixin
from .models import Question

MAX_QUESTION_LENGTH = 3000


class QuestionForm(HoneypotFormMixin, ConsentFormMixin, forms.Form):
    """«Задать вопрос» on the contacts page: the contacts asked for are the ones to reply by."""

    name = forms.CharField(label="Как к вам обращаться", max_length=200)
    reply_by = forms.ChoiceField(
        label="Как вам ответить",
        choices=Question.ReplyBy.choices,
        initial=Question.ReplyBy.EMAIL,
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label="E-mail",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Телефон",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text="Например: +7 900 123-45-67",
    )
    text = forms.CharField(
        label="Ваш вопрос",
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Не указывайте в вопросе персональные данные ребёнка.",
    )

    field_order = ["name", "reply_by", "email", "phone", "text", "consent", "website"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not 10 <= len(re.sub(r"\D", "", phone)) <= 12:
            raise forms.ValidationError("Укажите телефон полностью, например +7 900 123-45-67.")
        return phone

    def clean(self):
        cleaned = super().clean()
        needed = {
            Question.ReplyBy.EMAIL: ("email", "Укажите e-mail, на который прислать ответ."),
            Question.ReplyBy.PHONE: ("phone", "Укажите телефон, по которому вам перезвонить."),
        }.get(cleaned.get("reply_by"))
        if needed and not cleaned.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(*needed)
        return cleaned
