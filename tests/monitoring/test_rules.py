"""Consistency rules: each kind refused the same way in the form, the Excel upload and the
admin, with a Russian message naming both sides, and nothing saved."""

import html
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import RuleTerm, Submission, SubmissionEvent, ValidationRule
from monitoring.services.submissions import (
    entry_indicators,
    stored_figures,
    validate_figures,
)
from monitoring.services.workbook.layout import FIRST_ROW, SHEET_TITLE
from tests.factories import make_submission

pytestmark = pytest.mark.django_db

# A consistent report: the breakdown adds up to 120, tech + science = 30, winners 7 ≤ 200.
VALID = {
    ("children_total", None): 120,
    ("children_total", "tech"): 20,
    ("children_total", "science"): 10,
    ("children_total", "art"): 90,
    ("children_tech_science", None): 30,
    ("children_ovz", None): 5,
    ("children_rural", None): 0,
    ("children_hard_life", None): 2,
    ("children_certificate", None): 40,
    ("teachers_total", None): 12,
    ("teachers_trained", None): 3,
    ("events_total", None): 4,
    ("event_participants", None): 200,
    ("winners_municipal", None): 5,
    ("winners_regional", None): 2,
    ("winners_federal", None): 0,
    ("certificates_issued", None): 50,
    ("certificates_used", None): 40,
}
CHILDREN = "Число детей, занимающихся по дополнительным программам"

# (rule kind, the figure changed, its new value as typed, what the person is told)
BROKEN = [
    (
        "whole number",
        ("children_ovz", None),
        "2,5",
        "дробное значение (2,5): «Из них дети с ОВЗ» считается в целых числах (чел.)",
    ),
    (
        "breakdown sum",
        ("children_total", "art"),
        "60",
        "Сумма по направленностям (90) не равна общему числу детей (120)",
    ),
    (
        "named sum",
        ("children_tech_science", None),
        "60",
        "«Из них в технической и естественнонаучной направленностях» (60) не равно сумме "
        "технической и естественнонаучной направленностей (30)",
    ),
    ("part within its whole", ("children_ovz", None), "500", f"500 больше, чем «{CHILDREN}» (120)"),
    (
        "winners within participants",
        ("winners_municipal", None),
        "250",
        "Победителей и призёров всех уровней (252) больше, чем участников мероприятий (200)",
    ),
    (
        "certificates used within issued",
        ("certificates_used", None),
        "60",
        "60 больше, чем «Выдано сертификатов ПФДО» (50)",
    ),
]
KINDS = [case[0] for case in BROKEN]


@pytest.fixture
def rep_client(client, django_user_model, organization):
    user = django_user_model.objects.create_user("rep", is_staff=True)
    organization.representatives.add(user)
    client.force_login(user)
    return client


def field_name(key):
    code, direction = key
    return f"{code}__{direction}" if direction else code


def template_code(key):
    code, direction = key
    return f"{code}:{direction}" if direction else code


def text_of(response):
    return html.unescape(response.content.decode()).lower()


def test_the_starting_rules_are_seeded_as_data():
    rules = {rule.name: rule for rule in ValidationRule.objects.prefetch_related("terms")}
    terms = {
        name: sorted(
            (t.side, t.indicator.code, t.scope, t.direction.code if t.direction else None)
            for t in rule.terms.all()
        )
        for name, rule in rules.items()
    }
    assert ("left", "children_total", "directions", None) in terms[
        "Разбивка числа детей по направленностям равна общему числу"
    ]
    named = terms[
        "Дети в технической и естественнонаучной направленностях — сумма этих направленностей"
    ]
    assert ("right", "children_total", "direction", "science") in named
    winners = rules["Победителей и призёров не больше, чем участников мероприятий"]
    assert winners.operator == ValidationRule.Operator.AT_MOST
    assert winners.terms.filter(side=RuleTerm.Side.LEFT).count() == 3


def test_the_consistent_report_passes_every_rule(period):
    figures = {key: Decimal(value) for key, value in VALID.items()}
    assert validate_figures(figures, entry_indicators(period), require_all=True) == []


@pytest.mark.parametrize(("kind", "key", "typed", "message"), BROKEN, ids=KINDS)
def test_the_form_refuses_to_send_a_broken_report_and_saves_nothing(
    rep_client, organization, period, kind, key, typed, message
):
    data = {field_name(k): str(v) for k, v in VALID.items()}
    data[field_name(key)] = typed
    response = rep_client.post(
        reverse("monitoring:submission", args=[period.code, organization.slug]),
        {"version": "0", "action": "submit", **data},
    )
    assert response.status_code == 200
    assert message.lower() in text_of(response)
    assert not Submission.objects.filter(organization=organization, period=period).exists()


def filled_template(client, organization, period, values):
    content = client.get(
        reverse("monitoring:submission_template", args=[period.code, organization.slug])
    ).content
    workbook = load_workbook(BytesIO(content))
    sheet = workbook[SHEET_TITLE]
    rows = {sheet.cell(row, 1).value: row for row in range(FIRST_ROW, sheet.max_row + 1)}
    for code, value in values.items():
        sheet.cell(rows[code], 7).value = value
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "report.xlsx"
    return buffer


@pytest.mark.parametrize(("kind", "key", "typed", "message"), BROKEN, ids=KINDS)
def test_the_excel_upload_refuses_a_broken_report_by_row_and_saves_nothing(
    rep_client, organization, period, kind, key, typed, message
):
    values = {template_code(k): v for k, v in VALID.items()}
    values[template_code(key)] = typed  # typed as text, the Russian way
    upload = filled_template(rep_client, organization, period, values)
    response = rep_client.post(
        reverse("monitoring:submission_upload", args=[period.code, organization.slug]),
        {"file": upload},
        follow=True,
    )
    errors = response.context["upload_errors"]
    assert len(errors) == 1
    assert errors[0].startswith("Лист «Показатели», строка ")
    assert message.lower() in errors[0].lower()
    assert not Submission.objects.filter(organization=organization, period=period).exists()


@pytest.fixture
def methodist_client(client, django_user_model):
    user = django_user_model.objects.create_user("methodist", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="monitoring",
            codename__in=["view_submission", "change_submission", "view_indicator"]
            + [f"{action}_value" for action in ("view", "add", "change", "delete")],
        )
    )
    client.force_login(user)
    return client


def admin_form_data(submission, changes):
    values = list(submission.values.select_related("indicator", "direction").order_by("pk"))
    data = {
        "return_comment": "",
        "values-TOTAL_FORMS": str(len(values)),
        "values-INITIAL_FORMS": str(len(values)),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    for index, value in enumerate(values):
        key = (value.indicator.code, value.direction.code if value.direction else None)
        typed = changes.get(key, str(value.value))
        data.update(
            {
                f"values-{index}-id": str(value.pk),
                f"values-{index}-submission": str(submission.pk),
                f"values-{index}-indicator": str(value.indicator_id),
                f"values-{index}-direction": str(value.direction_id or ""),
                f"values-{index}-value": typed.replace(",", "."),
                f"values-{index}-explanation": "",
            }
        )
    return data


@pytest.fixture
def sent_report(organization, period):
    return make_submission(
        organization=organization,
        period=period,
        values={(k[0] if k[1] is None else k): v for k, v in VALID.items()},
    )


@pytest.mark.parametrize(("kind", "key", "typed", "message"), BROKEN, ids=KINDS)
def test_the_admin_refuses_a_broken_correction_and_saves_nothing(
    methodist_client, sent_report, kind, key, typed, message
):
    before = stored_figures(sent_report)
    response = methodist_client.post(
        reverse("admin:monitoring_submission_change", args=[sent_report.pk]),
        admin_form_data(sent_report, {key: typed}),
    )
    assert response.status_code == 200
    assert message.lower() in text_of(response)
    assert stored_figures(sent_report) == before
    assert not SubmissionEvent.objects.filter(submission=sent_report).exists()


def test_a_consistent_correction_in_the_admin_is_saved_and_kept_in_the_trail(
    methodist_client, sent_report
):
    changes = {("children_ovz", None): "7"}
    response = methodist_client.post(
        reverse("admin:monitoring_submission_change", args=[sent_report.pk]),
        admin_form_data(sent_report, changes),
    )
    assert response.status_code == 302
    assert stored_figures(sent_report)[("children_ovz", None)] == Decimal(7)
    event = SubmissionEvent.objects.get(submission=sent_report)
    assert event.kind == SubmissionEvent.Kind.CORRECTED
    assert event.user.username == "methodist"
    sent_report.refresh_from_db()
    assert sent_report.version == 1


def test_a_rule_switched_off_in_the_admin_no_longer_refuses(period):
    figures = {key: Decimal(value) for key, value in VALID.items()}
    figures[("children_total", "art")] = Decimal(60)
    assert validate_figures(figures, entry_indicators(period), require_all=True)
    ValidationRule.objects.filter(name__startswith="Разбивка числа детей").update(is_active=False)
    assert validate_figures(figures, entry_indicators(period), require_all=True) == []


def test_a_draft_may_hold_a_breakdown_still_being_typed(rep_client, organization, period):
    response = rep_client.post(
        reverse("monitoring:submission", args=[period.code, organization.slug]),
        {"version": "0", "action": "save", "children_total": "150", "children_total__tech": "40"},
    )
    assert response.status_code == 302
    assert stored_figures(Submission.objects.get())[("children_total", "tech")] == Decimal(40)


def test_a_filled_total_without_its_breakdown_cannot_be_sent(period):
    figures = {k: Decimal(v) for k, v in VALID.items() if k[1] is None}
    figures[("children_tech_science", None)] = Decimal(0)
    messages = [
        error.message
        for error in validate_figures(figures, entry_indicators(period), require_all=True)
    ]
    assert messages == [
        f"не заполнена разбивка по направленностям для «{CHILDREN}» (всего 120): "
        "пустые направленности считаются нулём"
    ]
