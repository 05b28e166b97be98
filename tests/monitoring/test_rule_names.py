"""Consistency rules read in the indicators' names: the rules' list, a rule's page and the
admin's refusal of a correction show names, never codes («children_total:*») or the message's
placeholders («{left}»)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.roles import METHODISTS
from monitoring.models import Indicator, RuleTerm, ValidationRule

from .test_rules import BROKEN, admin_form_data, methodist_client, sent_report, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

CODES = re.compile(r"\b[a-z]+_[a-z_]+(?::[a-z*]+)?\b|\{left\}|\{right\}")


@pytest.fixture
def methodist(client, django_user_model):
    user = django_user_model.objects.create_user("met", is_staff=True)
    user.groups.add(Group.objects.get(name=METHODISTS))
    client.force_login(user)
    return client


def visible_codes(response):
    """Indicator codes and placeholders in the page's text (markup and ids aside)."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    codes = set(Indicator.objects.values_list("code", flat=True))
    return {found for found in CODES.findall(text) if found.split(":")[0] in codes} | {
        found for found in CODES.findall(text) if found.startswith("{")
    }


def test_the_rules_list_shows_indicator_names_and_readable_messages(methodist):
    response = methodist.get(reverse("admin:monitoring_validationrule_changelist"))
    assert response.status_code == 200
    assert visible_codes(response) == set()
    page = text_of(response)
    summed = RuleTerm.objects.filter(scope=RuleTerm.Scope.ALL_DIRECTIONS).first()
    assert str(summed).lower() in page  # «…»: a sum over directions, by name
    assert Indicator.objects.get(code="children_total").name.lower() in page


def test_a_rules_page_shows_its_terms_by_name(methodist):
    rule = ValidationRule.objects.filter(terms__scope="directions").first()
    response = methodist.get(reverse("admin:monitoring_validationrule_change", args=[rule.pk]))
    assert response.status_code == 200
    assert "message_text" in response.context["adminform"].readonly_fields
    assert rule.message_example in response.content.decode().replace("&quot;", '"')


def test_the_admins_refusal_names_the_figure_not_its_code(methodist_client, sent_report):  # noqa: F811
    _, key, typed, _ = BROKEN[1]
    response = methodist_client.post(
        reverse("admin:monitoring_submission_change", args=[sent_report.pk]),
        admin_form_data(sent_report, {key: typed}),
    )
    assert response.status_code == 200
    errors = " ".join(
        str(e) for e in response.context["inline_admin_formsets"][0].non_form_errors()
    )
    assert Indicator.objects.get(code=key[0]).name in errors
    assert key[0] not in errors
