"""The export to the РМЦ end to end: Redis, a real Celery worker, a real SMTP server.

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
import time
import uuid
from dataclasses import dataclass, field
from email import policy
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from celery.exceptions import TimeoutError as ResultTimeout
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from moc_portal.celery import app as celery_app
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


def redeliverable():
    """True once the broker holds an unacknowledged message older than the visibility
    timeout: what kombu's Redis transport hands back to a starting worker
    (`QoS.restore_visible` takes `unacked_index` scores up to now - visibility_timeout)."""
    import redis

    broker = redis.Redis.from_url(REDIS_URL)
    return broker.zrangebyscore("unacked_index", 0, time.time() - VISIBILITY_TIMEOUT)


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


def the_attachment(message):
    [attachment] = list(message.iter_attachments())
    return attachment.get_filename(), attachment.get_content()


def test_the_worker_builds_and_mails_the_export_once(worker, mailbox, october):
    handler, _ = mailbox

    export_id = export_to_rmc.apply_async(args=[october.pk], queue=worker.queue).get(
        timeout=TIMEOUT
    )

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

    assert len(handler.messages) == 2
    assert the_attachment(handler.messages[1])[1] == content


def test_an_smtp_failure_leaves_the_export_failed_and_a_retry_sends_it(worker, mailbox, october):
    handler, _ = mailbox
    handler.refuse = True

    result = export_to_rmc.apply_async(args=[october.pk], queue=worker.queue)

    failed = wait_until(
        lambda: RmcExport.objects.filter(period=october, status=RmcExport.Status.FAILED).first(),
        "the export to be marked failed",
        worker,
    )
    assert "554" in failed.error
    assert failed.checksum  # built: only the mail failed
    assert handler.messages == []

    handler.refuse = False  # the SMTP server is back; the task's own retry delivers

    assert result.get(timeout=TIMEOUT) == failed.pk
    [message] = handler.messages
    export = RmcExport.objects.get(pk=failed.pk)
    assert export.status == RmcExport.Status.SENT
    assert export.error == ""
    assert export.attempts == handler.refused + 1
    assert export.checksum == failed.checksum  # the retry sent the file built the first time
    assert hashlib.sha256(the_attachment(message)[1]).hexdigest() == export.checksum


VISIBILITY_TIMEOUT = 3  # seconds before a killed worker's unacknowledged task is redelivered


def test_a_worker_killed_mid_send_leads_to_a_rerun_that_sends_the_export_once(
    start_worker, mailbox, october
):
    # A redelivery needs both: the message is acknowledged only once the task is done, and a
    # worker lost mid-task does not acknowledge it.
    assert export_to_rmc.acks_late and celery_app.conf.task_acks_late
    assert export_to_rmc.reject_on_worker_lost and celery_app.conf.task_reject_on_worker_lost
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == 3600
    handler, _ = mailbox
    handler.hold_first = True
    short_timeout = {"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    # The mail timeout must outlast the hold: worker A is to die waiting, not to give up.
    first = start_worker(**short_timeout, EMAIL_TIMEOUT=str(TIMEOUT))

    result = export_to_rmc.apply_async(args=[october.pk], queue=first.queue)

    # Worker A has built the export and sent the whole message; it waits for the 250.
    wait_until(handler.holding.is_set, "the first message to reach the SMTP server", first)
    first.process.kill()
    first.process.wait(timeout=TIMEOUT)
    wait_until(handler.dropped.is_set, "the SMTP server to see the client gone", first)
    built = RmcExport.objects.get(period=october)
    assert (built.status, built.attempts, built.sent_at) == (RmcExport.Status.BUILT, 0, None)
    assert handler.messages == []

    # The Redis transport hands a lost message back once it is older than the visibility
    # timeout; a starting worker looks for such messages before it consumes.
    wait_until(redeliverable, "the lost message to outlive the visibility timeout", first)
    second = start_worker(**short_timeout)

    try:
        export_id = result.get(timeout=TIMEOUT)
    except ResultTimeout:
        pytest.fail(f"The task was not re-run.\nWorker B log:\n{second.log_tail()}")
    [message] = handler.messages  # the held one never got its 250, so it was not delivered
    export = RmcExport.objects.get(pk=export_id)
    assert export.status == RmcExport.Status.SENT
    assert export.attempts == 1  # worker A's attempt died with its transaction
    assert (export.built_at, export.checksum) == (built.built_at, built.checksum)  # not rebuilt
    content = the_attachment(message)[1]
    assert hashlib.sha256(content).hexdigest() == export.checksum
    with export.file.open("rb") as archived:
        assert archived.read() == content
    second.stop()
    assert second.process.returncode == 0, second.log_tail()
