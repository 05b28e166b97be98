"""«Сообщить, когда откроется запись» end to end: the form, a real Celery worker running the
beat's tasks (the hourly «Письма об открытии записи» and the outbox's delivery) and an
aiosmtpd mail server. subscribe → confirm → the window opens → one mail → unsubscribe;
nothing without confirmation; the address gone after the window."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from moc_portal.tasks import deliver_mail
from programs.models import EnrolmentWatch, Program
from programs.tasks import enrolment_watches_task
from tests.factories import make_program
from tests.monitoring import test_rmc_integration as rmc
from tests.security.processes import SERVER_SECRET_KEY

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows"),
]

mailbox = rmc.mailbox  # aiosmtpd on a free port, for the worker
start_worker = rmc.start_worker
worker = rmc.worker
TIMEOUT = rmc.TIMEOUT


@pytest.fixture(autouse=True)
def _one_secret_key(settings):
    """The links are signed: the site and the worker share the key, as in production."""
    settings.SECRET_KEY = SERVER_SECRET_KEY


FORM = {"email": "parent@example.ru", "consent": "on", "website": ""}


def run(task, worker):
    return task.apply_async(queue=worker.queue, ignore_result=False).get(timeout=TIMEOUT)


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def path_in(message, prefix):
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]+)", body(message))
    assert match, body(message)
    return match.group(1)


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def set_window(program, starts, ends=None):
    Program.objects.filter(pk=program.pk).update(enrollment_from=starts, enrollment_to=ends)


def test_subscribe_confirm_opens_one_mail_then_unsubscribe(client, mailbox, worker):
    handler, _ = mailbox
    program = make_program(title="Робототехника", enrollment_from=days(20), enrollment_to=days(60))
    url = reverse("programs:watch_subscribe", args=[program.slug])
    assert client.post(url, FORM, REMOTE_ADDR="203.0.113.20").status_code == 302
    assert run(deliver_mail, worker) == {"sent": 1, "failed": 0}
    [confirmation] = handler.messages
    assert confirmation["To"] == "parent@example.ru"
    confirm_path = path_in(confirmation, "/notify/confirm/")

    # Not confirmed yet: the window opens, the task runs, nothing goes out.
    set_window(program, days(0), days(60))
    assert run(enrolment_watches_task, worker) == {"notified": 0, "erased": 0}
    assert run(deliver_mail, worker) == {"sent": 0, "failed": 0}
    set_window(program, days(20), days(60))

    assert client.get(confirm_path).status_code == 200  # a page with a button
    assert client.post(confirm_path).status_code == 302
    assert run(enrolment_watches_task, worker) == {"notified": 0, "erased": 0}  # not open yet

    set_window(program, days(0), days(60))  # the enrolment opens
    assert run(enrolment_watches_task, worker) == {"notified": 1, "erased": 0}
    assert run(enrolment_watches_task, worker) == {"notified": 0, "erased": 0}
    assert run(deliver_mail, worker) == {"sent": 1, "failed": 0}
    assert run(deliver_mail, worker) == {"sent": 0, "failed": 0}
    assert len(handler.messages) == 2
    opened = handler.messages[1]
    assert opened["To"] == "parent@example.ru"
    assert program.get_absolute_url() in body(opened)

    stop_path = path_in(opened, "/notify/stop/")
    assert client.post(stop_path).status_code == 302
    watch = EnrolmentWatch.objects.get()
    assert watch.email == "" and watch.erased_at is not None
    assert run(enrolment_watches_task, worker) == {"notified": 0, "erased": 0}
    assert len(handler.messages) == 2


def test_the_address_is_gone_after_the_window(client, mailbox, worker):
    handler, _ = mailbox
    program = make_program(enrollment_from=days(5), enrollment_to=days(30))
    url = reverse("programs:watch_subscribe", args=[program.slug])
    client.post(url, FORM, REMOTE_ADDR="203.0.113.21")
    run(deliver_mail, worker)
    client.post(path_in(handler.messages[0], "/notify/confirm/"))

    set_window(program, days(-30), days(-1))  # the window passed (the task did not run in it)
    assert run(enrolment_watches_task, worker) == {"notified": 0, "erased": 1}
    assert not EnrolmentWatch.objects.exclude(email="").exists()
    assert run(deliver_mail, worker) == {"sent": 0, "failed": 0}
    assert len(handler.messages) == 1  # only the confirmation ever went
