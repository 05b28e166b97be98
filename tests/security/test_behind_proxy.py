"""Behind the documented proxy every visitor is themselves again (issue 17, item 2): the form
limits count client addresses, and consent records (152-ФЗ evidence) keep each client's own.
The same through gunicorn and a stopped Redis: test_faults_behind_proxy.py."""

import pytest
from django.urls import reverse

from best_practices.models import Practice, PracticeSettings
from moc_portal.models import ConsentRecord
from moc_portal.views import QUESTIONS
from programs.models import Direction
from tests.security.test_redis_down import redis_unreachable  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
ANNA, BORIS = "203.0.113.21", "198.51.100.42"
QUESTION = {
    "name": "Мария",
    "reply_by": "email",
    "email": "maria@example.ru",
    "phone": "",
    "text": "Есть ли места в кружке робототехники?",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def through_proxy(client, path, data, visitor, forged=""):
    """A POST as nginx passes it on: from the proxy, the visitor appended to the header."""
    forwarded = f"{forged}, {visitor}" if forged else visitor
    return client.post(path, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def ask(client, visitor, forged=""):
    return through_proxy(client, "/contacts/", QUESTION, visitor, forged).status_code


def test_two_visitors_behind_the_proxy_have_separate_question_limits(client, eager_tasks):
    assert [ask(client, ANNA) for _ in range(QUESTIONS.count + 1)][-2:] == [302, 429]
    assert ask(client, BORIS) == 302


def test_a_visitor_cannot_escape_the_limit_by_forging_the_header(client, eager_tasks):
    for n in range(QUESTIONS.count):
        ask(client, ANNA, forged=f"10.9.8.{n}")
    assert ask(client, ANNA, forged="10.9.8.200") == 429


def test_consent_records_keep_each_visitors_own_address(client, eager_tasks):
    ask(client, ANNA)
    ask(client, BORIS, forged="1.2.3.4")
    assert sorted(ConsentRecord.objects.values_list("ip_address", flat=True)) == sorted(
        [ANNA, BORIS]
    )


def test_the_practice_form_counts_visitors_not_the_proxy(client):
    row = PracticeSettings.load()
    row.submissions_per_hour = 1
    row.save()
    data = {
        "title": "Мобильный кванториум",
        "direction": Direction.objects.get(code="tech").pk,
        "category": "rural",
        "authors": "Смирнов Олег Ильич, педагог",
        "organization_name": "МБОУ Слободская СОШ",
        "age_min": "10",
        "age_max": "14",
        "year": "2026",
        "annotation": "Выездные занятия.",
        "problem": "В сёлах нет кружков.",
        "description": "Педагог приезжает раз в неделю.",
        "results": "Охват вырос.",
        "contact_name": "Смирнов Олег Ильич",
        "contact_position": "педагог",
        "contact_email": "smirnov@example.ru",
        "contact_phone": "+7 900 123-45-67",
        "consent": "on",
        "website": "",
    }
    submit = reverse("best_practices:submit")
    assert through_proxy(client, submit, data, ANNA).status_code == 302
    assert through_proxy(client, submit, data, ANNA).status_code == 429
    assert through_proxy(client, submit, data, BORIS).status_code == 302
    assert set(Practice.objects.values_list("consent__ip_address", flat=True)) == {ANNA, BORIS}


def test_with_redis_down_the_question_form_works_and_still_limits(
    client,
    settings,
    redis_unreachable,  # noqa: F811
):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # configured, and not answering
    statuses = [ask(client, ANNA) for _ in range(QUESTIONS.count + 1)]
    assert statuses == [302] * QUESTIONS.count + [429]
    assert ask(client, BORIS) == 302
