"""The parents' survey form: built from the campaign's questions, with the honeypot."""

from django import forms

from moc_portal.core.antispam import HoneypotFormMixin

COMMENT_LENGTH = 1000


class ProgramSelect(forms.Select):
    """Each program's option names its organization (data-organization), so the page's script
    offers only the chosen organization's programs; without the script all are listed and
    the form refuses a mismatch."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        owner = self.owners.get(value)
        if owner is not None:
            option["attrs"]["data-organization"] = str(owner)
        return option


def question_field_name(question):
    return f"q{question.pk}"


class SurveyForm(HoneypotFormMixin, forms.Form):
    organization = forms.TypedChoiceField(
        label="Организация",
        coerce=int,
        error_messages={
            "required": "Выберите организацию, о которой отвечаете.",
            "invalid_choice": "Выберите организацию из списка.",
        },
    )
    program = forms.TypedChoiceField(
        label="Программа (необязательно)",
        coerce=int,
        required=False,
        empty_value=None,
        widget=ProgramSelect(attrs={"data-survey-programs": ""}),
        error_messages={"invalid_choice": "Выберите программу из списка или оставьте пустым."},
    )
    comment = forms.CharField(
        label="Что можно улучшить? (необязательно)",
        required=False,
        max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Не пишите имён, телефонов и адресов: анкета анонимная. Комментарий читают "
        "только специалисты МОЦ и организация, на сайте он не публикуется.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.organizations = {o.id: o for o in choices.organizations}
        self.fields["organization"].choices = [("", "— выберите —")] + [
            (o.id, o.short_name) for o in choices.organizations
        ]
        self.program_owner = {}
        groups = []
        for organization in choices.organizations:
            programs = choices.programs_by_organization.get(organization.id, [])
            for program_id, _ in programs:
                self.program_owner[program_id] = organization.id
            if programs:
                groups.append((organization.short_name, programs))
        self.fields["program"].choices = [("", "— не указывать —"), *groups]
        self.fields["program"].widget.owners = self.program_owner
        self.question_fields = []
        for question in choices.questions:
            name = question_field_name(question)
            self.fields[name] = forms.TypedChoiceField(
                label=question.text,
                coerce=int,
                choices=[(option.pk, option.text) for option in question.options.all()],
                widget=forms.RadioSelect,
                error_messages={"required": "Выберите ответ."},
            )
            self.question_fields.append((question, name))
        self.order_fields(
            ["organization", "program", *(name for _, name in self.question_fields), "comment"]
        )

    def clean(self):
        cleaned = super().clean()
        organization, program = cleaned.get("organization"), cleaned.get("program")
        if organization and program and self.program_owner.get(program) != organization:
            self.add_error("program", "Эта программа — другой организации.")
        return cleaned

    def answers(self):
        """{Question: Option} of the valid form."""
        chosen = {}
        for question, name in self.question_fields:
            option_id = self.cleaned_data[name]
            chosen[question] = next(o for o in question.options.all() if o.pk == option_id)
        return chosen

    def question_rows(self):
        return [(question, self[name]) for question, name in self.question_fields]

    @property
    def organization_object(self):
        return self.organizations[self.cleaned_data["organization"]]
