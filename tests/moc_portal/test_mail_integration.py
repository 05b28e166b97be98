"""Mail end to end: the forms with the mail server and Redis down, a real worker, aiosmtpd.

The web side runs here (the test client) configured as in production (MAIL_DELIVERY="worker")
but with Redis (cache and broker) and the mail server on dead loopback ports; a spy on
`socket.connect` proves that no request reaches the mail server or the broker. A real Celery
worker then runs the beat's task «Отправка исходящих писем» (sent to its queue, as the beat
would every minute) against a mail server that refuses, stays silent, and comes back. The
clock of the backoff is travelled (the outbox rows' times are moved back), not waited for.
"""

import asyncio
import os
import random
import socket
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from best_practices.models import Practice
from moc_portal.celery import app as celery_app
from moc_portal.core import outbox
from moc_portal.models import ConsentRecord, OutgoingMail, Question, SiteSettings
from moc_portal.roles import METHODISTS, ensure_staff_groups
from moc_portal.tasks import deliver_mail
from programs.models import Direction
from tests.monitoring import test_rmc_integration as rmc
from tests.pages import message_levels, message_texts

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows"),
]

TIMEOUT = rmc.TIMEOUT
Mailbox = rmc.Mailbox
start_worker = rmc.start_worker  # the fixture: real Celery workers on the test's own queue
REDIS_PORT = 6379
QUESTION = {
    "name": "Мария",
    "reply_by": "email",
    "email": "maria@example.ru",
    "phone": "",
    "text": "Есть ли места в кружке робототехники для ребёнка 9 лет?",
    "consent": "on",
    "website": "",
}
SLOW_FORM_SECONDS = 1.0


_GIVEN_PORTS = set()


def port_in_my_range():
    """A free loopback port in this helper's range (8800–8899), a different one each call."""
    ports = [port for port in range(8800, 8900) if port not in _GIVEN_PORTS]
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            _GIVEN_PORTS.add(port)
            return port
    pytest.fail("no free port in 8800–8899")


class SilentServer:
    """Accepts connections (the kernel completes the handshake) and never says a word."""

    def __init__(self, port):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(("127.0.0.1", port))
        self.socket.listen(64)

    def close(self):
        self.socket.close()


class SlowMailbox(Mailbox):
    """Takes a moment per message, so that two workers run at the same time."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mailbox():
    """Replaces test_rmc_integration's mailbox: the server starts when the test says so."""
    port = port_in_my_range()
    handler = Mailbox()
    return handler, port


@pytest.fixture
def smtp_server(mailbox):
    handler, port = mailbox
    started = []

    def start(handler=handler):
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        return handler

    yield start
    for controller in started:
        controller.stop()


@pytest.fixture
def connections(monkeypatch):
    """The ports this process connects to over TCP (PostgreSQL's libpq is not Python's)."""
    seen = []
    real_connect = socket.socket.connect

    def connect(self, address):
        if isinstance(address, tuple):
            seen.append(address[1])
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


@pytest.fixture
def services_down(settings, mailbox, monkeypatch):
    """The web process with the mail server, the broker and the cache all unreachable."""
    _, smtp_port = mailbox
    broker_port, cache_port = port_in_my_range(), port_in_my_range()
    settings.MAIL_DELIVERY = "worker"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", smtp_port, 30
    monkeypatch.setattr(celery_app.conf, "broker_url", f"redis://127.0.0.1:{broker_port}/8")
    dead_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{cache_port}/8",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    # Restored here, before the conftest's cache clearing runs at the end of the test.
    with override_settings(CACHES=dead_cache):
        yield {"smtp": smtp_port, "broker": broker_port, "redis": REDIS_PORT}


@pytest.fixture
def moc(transactional_db):
    ensure_staff_groups()
    site = SiteSettings.load()
    site.email = "moc@example.ru"
    site.save()
    return site


def timed_post(client, url, data, **extra):
    started = time.monotonic()
    response = client.post(url, data, **extra)
    return response, time.monotonic() - started


def make_methodist(django_user_model, username="metodist"):
    user = django_user_model.objects.create_user(
        username, password="x", is_staff=True, email=f"{username}@example.ru"
    )
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user


def make_question():
    consent = ConsentRecord.objects.create(
        purpose="Вопрос с сайта", text="…", text_version="v1", ip_address="203.0.113.9"
    )
    return Question.objects.create(
        consent=consent, name="Олег", email="oleg@example.ru", text="Когда запись в кружок?"
    )


def practice_form():
    return {
        "title": "Мобильный кванториум для сёл",
        "direction": Direction.objects.get(code="tech").pk,
        "category": "rural",
        "authors": "Смирнов Олег Ильич, педагог",
        "organization_name": "МБОУ Слободская СОШ",
        "age_min": "10",
        "age_max": "14",
        "year": "2026",
        "annotation": "Выездные занятия по робототехнике.",
        "problem": "В сёлах нет технических кружков.",
        "description": "Педагог приезжает с набором конструкторов раз в неделю.",
        "results": "Охват вырос на 60 детей.",
        "resources": "Автомобиль, 10 наборов.",
        "video_links": "https://rutube.ru/video/abc/",
        "contact_name": "Смирнов Олег Ильич",
        "contact_position": "педагог",
        "contact_email": "smirnov@example.ru",
        "contact_phone": "+7 900 123-45-67",
        "consent": "on",
        "website": "",
    }


def fill_the_forms(client, django_user_model):
    """A parent asks (twice: a double click), a methodist answers another question, an author
    submits a practice; each form must answer at once. Returns the answered question."""
    assert client.get("/contacts/").status_code == 200  # the page with the form comes first
    response, seconds = timed_post(client, "/contacts/", QUESTION, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and seconds < SLOW_FORM_SECONDS, seconds
    done = client.get(response.url)
    assert message_levels(done) == ["success"]
    [accepted] = message_texts(done)
    assert "maria@example.ru" in accepted  # where the answer will come
    response, seconds = timed_post(client, "/contacts/", QUESTION, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and seconds < SLOW_FORM_SECONDS, seconds
    assert Question.objects.count() == 1  # the double click is one question

    answered = make_question()
    client.force_login(make_methodist(django_user_model))
    url = reverse("admin:moc_portal_question_change", args=[answered.pk])
    assert client.get(url).status_code == 200
    response, seconds = timed_post(client, url, {"answer": "Запись с 1 сентября."})
    assert response.status_code == 302 and seconds < SLOW_FORM_SECONDS, seconds
    client.logout()

    submit = reverse("best_practices:submit")
    assert client.get(submit).status_code == 200
    response, seconds = timed_post(client, submit, practice_form(), REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 302 and seconds < SLOW_FORM_SECONDS, seconds
    assert Practice.objects.count() == 1
    done = client.get(response.url)
    assert done.status_code == 200
    assert done.context["reference"] == Practice.objects.get().reference
    return answered


EXPECTED_RECIPIENTS = sorted(
    [
        "moc@example.ru",  # a question came
        "oleg@example.ru",  # the answer
        "smirnov@example.ru",  # the practice's reference number
        "metodist@example.ru",  # a practice came
    ]
)


def recipients(handler):
    return sorted(message["To"] for message in handler.messages)


def run_delivery(worker):
    """One tick of the beat's task, run by the worker; returns its {"sent", "failed"}."""
    result = deliver_mail.apply_async(queue=worker.queue, ignore_result=False)
    return result.get(timeout=TIMEOUT)


def travel(delta):
    """The clock moves on by `delta`: every time the outbox keeps moves back by as much."""
    for name in ("created_at", "next_attempt_at", "last_attempt_at", "sent_at"):
        for row in OutgoingMail.objects.exclude(**{f"{name}__isnull": True}):
            OutgoingMail.objects.filter(pk=row.pk).update(**{name: getattr(row, name) - delta})


def test_silent_mail_server_and_redis_down_forms_answer_at_once_and_mail_arrives_once_later(
    client,
    django_user_model,
    moc,
    services_down,
    connections,
    smtp_server,
    start_worker,
    monkeypatch,
):
    silent = SilentServer(services_down["smtp"])
    try:
        fill_the_forms(client, django_user_model)
        touched = set(connections) & set(services_down.values())
        assert touched == set(), f"a request connected to {touched}"
        waiting = OutgoingMail.objects.filter(status=OutgoingMail.Status.WAITING)
        assert sorted(row.to[0] for row in waiting) == EXPECTED_RECIPIENTS

        # Redis is back for the worker; the mail server still says nothing.
        monkeypatch.setattr(celery_app.conf, "broker_url", os.environ["REDIS_URL"])
        worker = start_worker(EMAIL_PORT=str(services_down["smtp"]), EMAIL_TIMEOUT="2")
        assert run_delivery(worker) == {"sent": 0, "failed": 1}  # the run stops at a dead server
        [failed] = OutgoingMail.objects.filter(attempts=1)
        assert "timed out" in failed.last_error
    finally:
        silent.close()

    handler = smtp_server()  # the mail server is back
    assert run_delivery(worker) == {"sent": 3, "failed": 0}  # the failed one waits a minute
    travel(outbox.retry_delay(1))
    assert run_delivery(worker) == {"sent": 1, "failed": 0}
    travel(timedelta(hours=1))
    assert run_delivery(worker) == {"sent": 0, "failed": 0}
    assert recipients(handler) == EXPECTED_RECIPIENTS  # each exactly once
    assert outbox.unsent_count() == 0


def test_an_outage_of_minutes_refused_then_rejected_ends_in_one_delivery_and_a_resend(
    client,
    django_user_model,
    moc,
    services_down,
    connections,
    smtp_server,
    start_worker,
    monkeypatch,
):
    answered = fill_the_forms(client, django_user_model)  # nothing listens on the SMTP port
    assert not set(connections) & set(services_down.values())
    monkeypatch.setattr(celery_app.conf, "broker_url", os.environ["REDIS_URL"])
    worker = start_worker(EMAIL_PORT=str(services_down["smtp"]), EMAIL_TIMEOUT="2")

    for _ in range(8):  # a tick a minute for 8 minutes: each stops at the refused connection
        assert run_delivery(worker) == {"sent": 0, "failed": 1}
        travel(timedelta(minutes=1))
    attempts = list(OutgoingMail.objects.values_list("attempts", flat=True))
    assert sum(attempts) == 8 and max(attempts) >= 2  # the first retries came within minutes
    errors = set(OutgoingMail.objects.exclude(last_error="").values_list("last_error", flat=True))
    assert errors and all("Connection refused" in error for error in errors)

    handler = smtp_server()
    handler.refuse = True  # up, but rejecting every message (554): each one is tried
    travel(timedelta(hours=6))
    assert run_delivery(worker) == {"sent": 0, "failed": 4}
    assert handler.refused == 4 and handler.messages == []

    handler.refuse = False
    travel(timedelta(hours=6))
    assert run_delivery(worker) == {"sent": 4, "failed": 0}
    assert run_delivery(worker) == {"sent": 0, "failed": 0}
    assert recipients(handler) == EXPECTED_RECIPIENTS

    # «Отправить снова» in the admin: the answer goes once more, by the worker.
    answer = OutgoingMail.objects.get(dedupe_key=f"question-answer:{answered.pk}")
    client.force_login(make_methodist(django_user_model, "metodist2"))
    response = client.post(
        reverse("admin:moc_portal_outgoingmail_changelist"),
        {"action": "send_again", "_selected_action": [answer.pk]},
    )
    assert response.status_code == 302
    assert run_delivery(worker) == {"sent": 1, "failed": 0}
    assert [m["To"] for m in handler.messages].count("oleg@example.ru") == 2


def test_two_workers_never_send_one_mail_twice(moc, smtp_server, start_worker):
    handler = smtp_server(SlowMailbox())
    for number in range(30):
        outbox.queue(_message(number))
    first, second = start_worker(), start_worker()
    assert first.queue == second.queue

    results = [deliver_mail.apply_async(queue=first.queue, ignore_result=False) for _ in "ab"]
    totals = [result.get(timeout=TIMEOUT) for result in results]

    assert sum(total["sent"] for total in totals) == 30
    subjects = [message["Subject"] for message in handler.messages]
    assert sorted(subjects) == sorted(f"Письмо {number}" for number in range(30))
    assert OutgoingMail.objects.filter(status="sent", attempts=1).count() == 30


def _message(number):
    from django.core.mail import EmailMessage

    return EmailMessage(f"Письмо {number}", "Текст.", "moc@localhost", [f"p{number}@ex.ru"])
