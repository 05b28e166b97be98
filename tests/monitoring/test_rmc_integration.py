"""The export to the РМЦ end to end: Redis, a real Celery worker, a real SMTP server.

The export's task queues the mail in the outbox; the worker's «Отправка исходящих писем» (run
here as the beat would, every minute) delivers it.

The worker is a separate process, so the test's data must be committed (`transactional_db`)
and the worker must use the test database, the same Redis and the same media folder. The mail
goes to an aiosmtpd server on a free loopback port, which can be told to refuse it or to hold
the first message without answering (a worker killed mid-send).
"""

import asyncio
import email
import hashlib
import os
import socket
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from email import policy
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from moc_portal.celery import app as celery_app
from moc_portal.models import OutgoingMail
from moc_portal.tasks import deliver_mail
from monitoring.models import MonitoringSettings, RmcExport
from monitoring.tasks import export_to_rmc
from tests import waiting
from tests.factories import make_period, make_submission
from tests.security.processes import SERVER_SECRET_KEY

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    # The worker only sees committed data; the flush after each transactional test also
    # takes the data migrations' rows (indicators, directions): migrated_rows puts them back.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_rows"),
]

TIMEOUT = 60
RMC = ["rmc@example.ru", "rmc-copy@example.ru"]
BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it receives, or refuses it with 554.

    With `hold_first`, the first message is received but never answered: the client waits for
    the 250 until it goes away, and the message is not kept (`dropped` tells it went away).
    """

    messages: list = field(default_factory=list)
    refuse: bool = False
    refused: int = 0
    hold_first: bool = False
    holding: threading.Event = field(default_factory=threading.Event)
    dropped: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and not self.holding.is_set():
            self.holding.set()
            try:
                await asyncio.sleep(TIMEOUT)  # aiosmtpd cancels this when the client is gone
            except asyncio.CancelledError:
                self.dropped.set()
                raise
            return "451 4.3.0 Held by the test for too long"
        if self.refuse:
            self.refused += 1
            return "554 5.7.1 Refused by the test"
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


@dataclass
class Worker:
    queue: str
    hostname: str
    log: Path
    process: subprocess.Popen

    def log_tail(self):
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, what, worker, timeout=TIMEOUT):
    return waiting.wait_until(
        condition,
        what,
        timeout=timeout,
        interval=0.2,
        detail=lambda: f"Worker log:\n{worker.log_tail()}",
    )


def worker_database_url():
    """The test database (test_…), which only exists while the tests run."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def mailbox():
    handler = Mailbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    controller.stop()


@pytest.fixture
def start_worker(transactional_db, mailbox, settings, tmp_path):
    """Start Celery workers on the test's own queue (`start_worker(**env)`); all stop after it."""
    _, smtp_port = mailbox
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media  # the test reads the files the worker archives
    queue = f"rmc-test-{uuid.uuid4().hex[:12]}"
    base_env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": SERVER_SECRET_KEY,  # a worker refuses the tests' short key
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_TIMEOUT": "10",
        "MEDIA_ROOT": str(media),
        "C_FORCE_ROOT": "1",
    }
    started = []

    def start(**env_overrides):
        name = f"w{len(started) + 1}-{queue}"
        hostname = f"{name}@{socket.gethostname()}"
        log_path = tmp_path / f"{name}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "celery"),
                    "-A",
                    "moc_portal",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-Q",
                    queue,
                    "-n",
                    hostname,
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=INFO",
                ],
                cwd=BASE_DIR,
                env={**base_env, **env_overrides},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        running = Worker(queue, hostname, log_path, process)
        started.append(running)
        wait_until(
            lambda: (
                process.poll() is None
                and celery_app.control.ping(destination=[hostname], timeout=0.5)
            ),
            "the worker to answer a ping",
            running,
        )
        assert process.poll() is None, running.log_tail()
        return running

    try:
        yield start
    finally:
        for running in started:
            running.stop()


@pytest.fixture
def worker(start_worker):
    """A Celery worker on its own queue, started for the test and stopped after it."""
    return start_worker()


@pytest.fixture
def october(transactional_db):
    site = MonitoringSettings.load()
    site.rmc_emails = "\n".join(RMC)
    site.save()
    period = make_period(2026, 10)
    make_submission(period=period, values={"children_total": 500, ("children_total", "tech"): 70})
    return period


def deliver(worker):
    """One tick of the beat's «Отправка исходящих писем», run by `worker`."""
    return deliver_mail.apply_async(queue=worker.queue, ignore_result=False).get(timeout=TIMEOUT)


def the_attachment(message):
    [attachment] = list(message.iter_attachments())
    return attachment.get_filename(), attachment.get_content()


def test_the_worker_builds_and_mails_the_export_once(worker, mailbox, october):
    handler, _ = mailbox

    export_id = export_to_rmc.apply_async(args=[october.pk], queue=worker.queue).get(
        timeout=TIMEOUT
    )
    assert handler.messages == []  # in the outbox
    assert deliver(worker) == {"sent": 1, "failed": 0}

    [message] = handler.messages
    assert sorted(address.strip() for address in message["To"].split(",")) == sorted(RMC)
    assert "октябрь 2026" in message["Subject"]
    filename, content = the_attachment(message)
    assert filename == "moc_2026-10.xlsx"
    indicators = load_workbook(BytesIO(content))["Показатели"]
    totals = {row[1]: row[5] for row in indicators.iter_rows(min_row=2, values_only=True)}
    assert (totals["children_total"], totals["children_total:tech"]) == (500, 70)
    export = RmcExport.objects.get(pk=export_id)
    assert export.status == RmcExport.Status.SENT
    assert export.checksum == hashlib.sha256(content).hexdigest()
    assert export.recipients == ", ".join(RMC)

    # The schedule firing again, or a redelivered message: nothing is built or sent twice.
    export_to_rmc.apply_async(args=[october.pk], queue=worker.queue).get(timeout=TIMEOUT)
    deliver(worker)

    assert len(handler.messages) == 1
    again = RmcExport.objects.get(pk=export_id)
    assert (again.built_at, again.attempts, again.checksum) == (
        export.built_at,
        1,
        export.checksum,
    )

    # «Отправить повторно» in the admin: the same file once more.
    export_to_rmc.apply_async(args=[october.pk], kwargs={"resend": True}, queue=worker.queue).get(
        timeout=TIMEOUT
    )
    deliver(worker)

    assert len(handler.messages) == 2
    assert the_attachment(handler.messages[1])[1] == content


def test_a_refusing_mail_server_keeps_the_mail_in_the_outbox_and_it_goes_out_once(
    worker, mailbox, october
):
    handler, _ = mailbox
    handler.refuse = True

    export_id = export_to_rmc.apply_async(args=[october.pk], queue=worker.queue).get(
        timeout=TIMEOUT
    )
    assert deliver(worker) == {"sent": 0, "failed": 1}

    export = RmcExport.objects.get(pk=export_id)
    assert (export.status, export.attempts) == (RmcExport.Status.SENT, 1)
    queued = OutgoingMail.objects.get()
    assert queued.status == OutgoingMail.Status.WAITING and "554" in queued.last_error
    assert handler.messages == []

    handler.refuse = False  # the SMTP server is back; the backoff's minute has passed
    OutgoingMail.objects.update(next_attempt_at=queued.created_at)
    assert deliver(worker) == {"sent": 1, "failed": 0}
    assert deliver(worker) == {"sent": 0, "failed": 0}
    [message] = handler.messages
    assert hashlib.sha256(the_attachment(message)[1]).hexdigest() == export.checksum


def test_a_worker_killed_mid_send_leaves_the_mail_to_the_next_run_which_sends_it_once(
    start_worker, mailbox, october
):
    handler, _ = mailbox
    handler.hold_first = True
    # The mail timeout must outlast the hold: worker A is to die waiting, not to give up.
    first = start_worker(EMAIL_TIMEOUT=str(TIMEOUT))
    export_to_rmc.apply_async(args=[october.pk], queue=first.queue).get(timeout=TIMEOUT)

    deliver_mail.apply_async(queue=first.queue)

    # Worker A has claimed the mail and sent the whole message; it waits for the 250.
    wait_until(handler.holding.is_set, "the first message to reach the SMTP server", first)
    first.process.kill()
    first.process.wait(timeout=TIMEOUT)
    wait_until(handler.dropped.is_set, "the SMTP server to see the client gone", first)
    claimed = OutgoingMail.objects.get()
    assert (claimed.status, claimed.attempts) == (OutgoingMail.Status.WAITING, 1)
    assert handler.messages == []

    second = start_worker()
    assert deliver(second) == {"sent": 0, "failed": 0}  # A's claim holds for its lease
    # The lease ends (the clock travels: the row's times move back by the lease).
    OutgoingMail.objects.update(next_attempt_at=claimed.last_attempt_at)
    assert deliver(second) == {"sent": 1, "failed": 0}
    assert deliver(second) == {"sent": 0, "failed": 0}

    [message] = handler.messages  # the held one never got its 250, so it was not delivered
    export = RmcExport.objects.get(period=october)
    assert export.status == RmcExport.Status.SENT
    content = the_attachment(message)[1]
    assert hashlib.sha256(content).hexdigest() == export.checksum
    with export.file.open("rb") as archived:
        assert archived.read() == content
    second.stop()
    assert second.process.returncode == 0, second.log_tail()
