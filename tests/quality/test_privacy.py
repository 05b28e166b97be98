"""Nothing personal is stored with a parent's answers: every column the answer writes is
walked, and the request's address, browser and exact time are nowhere in them."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse
from django.utils import timezone

from moc_portal.models import RateLimitCount
from quality.models import Answer, Response
from tests.factories import make_program
from tests.quality.factories import make_campaign, survey_post

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Survey-Test-Agent"

# Every column an answer may have, and why it is not personal.
ALLOWED_COLUMNS = {
    Response: {
        "id": "a number",
        "campaign_id": "which survey",
        "organization_id": "which organization (public)",
        "program_id": "which program (public), optional",
        "received_at": "to the quarter of an hour",
        "comment": "free text the form asks not to sign; shown to methodists only",
        "exclusion_id": "a methodist's decision",
    },
    Answer: {
        "id": "a number",
        "response_id": "the answer sheet",
        "question_id": "which question",
        "option_id": "which option",
    },
}


def columns(model):
    return {
        field.column
        for field in model._meta.get_fields()
        if isinstance(field, models.Field) and field.concrete
    }


@pytest.mark.parametrize("model", [Response, Answer])
def test_the_answer_models_have_only_the_declared_columns(model):
    assert columns(model) == set(ALLOWED_COLUMNS[model])


def test_a_submitted_answer_stores_no_address_browser_or_exact_time(client, time_machine):
    time_machine.move_to(
        datetime.datetime(2026, 12, 3, 12, 7, 41, tzinfo=timezone.get_current_timezone())
    )
    campaign = make_campaign()
    organization = campaign.organizations.get()
    program = make_program(organization=organization)
    response = client.post(
        reverse("quality:survey", kwargs={"slug": campaign.slug}),
        survey_post(campaign, organization, program=program, comment="Всё хорошо"),
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT=BROWSER,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert response.status_code == 302
    stored = Response.objects.get()
    written = []
    for model, rows in ((Response, [stored]), (Answer, list(stored.answers.all()))):
        for row in rows:
            for field in model._meta.get_fields():
                if isinstance(field, models.Field) and field.concrete:
                    written.append(str(field.value_from_object(row)))
    text = " ".join(written)
    for secret in (ADDRESS, "198.51.100.9", "iPhone", "Survey-Test-Agent"):
        assert secret not in text
    local = timezone.localtime(stored.received_at)
    assert (local.hour, local.minute, local.second, local.microsecond) == (12, 0, 0, 0)
    # No session (and so no session key tied to the answer) is opened for a parent.
    assert Session.objects.count() == 0
    # The browser's mark holds the organization only, signed, nothing about the person.
    mark = response.cookies[f"moc_survey_{campaign.pk}"]
    assert mark["httponly"] and mark.value.split(":")[0] == str(organization.pk)


def test_the_per_address_limit_keeps_no_address_in_the_database_or_redis(client, settings):
    campaign = make_campaign()
    organization = campaign.organizations.get()
    response = client.post(
        reverse("quality:survey", kwargs={"slug": campaign.slug}),
        survey_post(campaign, organization),
        REMOTE_ADDR=ADDRESS,
    )
    assert response.status_code == 302
    stored = [" ".join(map(str, row)) for row in RateLimitCount.objects.values_list()]
    if settings.REDIS_URL:  # the counter lives in Redis (PostgreSQL + Redis run)
        import redis

        stored += [
            key.decode() for key in redis.Redis.from_url(settings.REDIS_URL).keys("*ratelimit:*")
        ]
    assert any("survey-answer" in key for key in stored)  # the request was counted
    assert not [key for key in stored if ADDRESS in key]
