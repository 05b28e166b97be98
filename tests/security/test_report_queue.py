"""A report ordered while Redis (the broker) is down is recorded, says so, and is built once
Redis is back (issue 9, item 4). Unit tests with the broker's failure simulated, then the real
thing: an own redis-server stopped under gunicorn and a Celery worker."""

import datetime
import http.cookiejar
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from moc_portal.roles import COORDINATORS
from monitoring import tasks
from monitoring.models import MonthlyReport
from monitoring.services import reports
from tests.factories import make_period, make_submission
from tests.waiting import wait_until

from .conftest import PASSWORD
from .processes import REDIS_SERVER, ROOT, Gunicorn, OwnRedis


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coord", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.build_monthly_report_task, "delay", refuse)


@pytest.mark.django_db(transaction=True)
def test_a_report_ordered_while_the_broker_is_down_waits_and_says_so(
    client, coordinator, broker_down, migrated_rows
):
    period = make_period(2026, 10)
    client.force_login(coordinator)
    started = time.monotonic()
    response = client.post(reverse("monitoring:report_request", args=[period.code]))
    assert time.monotonic() - started < 5
    report = MonthlyReport.objects.get()
    assert (report.status, report.queued_at) == (MonthlyReport.Status.PENDING, None)
    page = client.get(response["Location"]).content.decode()
    assert 'id="queue-down"' in page


@pytest.mark.django_db(transaction=True)
def test_the_status_page_queues_a_waiting_report_once_the_broker_answers(
    client, coordinator, migrated_rows, monkeypatch
):
    report = MonthlyReport.objects.create(period=make_period(2026, 10))
    queued = []
    monkeypatch.setattr(tasks.build_monthly_report_task, "delay", queued.append)
    client.force_login(coordinator)
    state = client.get(reverse("monitoring:report_status", args=[report.pk]), {"format": "json"})
    assert state.json()["waiting_for_queue"] is False
    client.get(reverse("monitoring:report_status", args=[report.pk]))
    assert queued == [report.pk]  # once


@pytest.mark.django_db
def test_the_schedule_builds_reports_that_could_not_be_queued(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    period = make_period(2026, 10)
    make_submission(period=period, values={"children_total": 5})
    waiting = MonthlyReport.objects.create(period=period)
    MonthlyReport.objects.filter(pk=waiting.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    fresh = MonthlyReport.objects.create(period=period)  # its request may still queue it
    assert reports.build_waiting_reports() == [waiting.pk]
    waiting.refresh_from_db()
    fresh.refresh_from_db()
    assert waiting.status == MonthlyReport.Status.DONE and waiting.file
    assert fresh.status == MonthlyReport.Status.PENDING


# --- The real thing ---


class Browser:
    """A logged-in session against the gunicorn server, through plain HTTP."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode(errors="replace")

    def csrf(self):
        return next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")

    def login(self, username, password):
        self.request("/admin/login/")
        status, headers, _ = self.request(
            "/admin/login/",
            {
                "username": username,
                "password": password,
                "next": "/admin/",
                "csrfmiddlewaretoken": self.csrf(),
            },
        )
        assert status == 302, status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def database_url():
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{params['NAME']}"
    )


@pytest.mark.postgres
@pytest.mark.real_clock
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_a_report_is_ordered_and_it_is_built_once_redis_is_back(
    migrated_rows, coordinator, tmp_path
):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed on this machine")
    from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

    # The server checks passwords with the production hashers, not the tests' fast one.
    coordinator.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    coordinator.save(update_fields=["password"])
    period = make_period(2026, 10)
    make_submission(period=period, values={"children_total": 5})
    redis = OwnRedis()
    redis.start()
    env = {"REDIS_URL": redis.url, "MEDIA_ROOT": str(tmp_path / "media"), "C_FORCE_ROOT": "1"}
    server = Gunicorn(database_url(), tmp_path / "gunicorn.log", **env)
    worker_log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "moc_portal",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env={**server.env, "DB_CONN_MAX_AGE": "0"},
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{server.port}")
        browser.login("coord", PASSWORD)
        redis.stop()

        started = time.monotonic()
        status, headers, _ = browser.request(
            f"/monitoring/{period.code}/report/", {"csrfmiddlewaretoken": browser.csrf()}
        )
        assert status == 302
        assert time.monotonic() - started < 8
        status_path = urllib.parse.urlparse(headers["Location"]).path
        status, _, page = browser.request(status_path)
        assert status == 200
        assert 'id="queue-down"' in page
        report = MonthlyReport.objects.get()
        assert report.queued_at is None

        redis.start()

        def built():
            browser.request(status_path + "?format=json")  # the page polls like this
            report.refresh_from_db()
            return report.status == MonthlyReport.Status.DONE

        wait_until(
            built,
            "the report to be built once Redis is back",
            timeout=90,
            interval=0.5,
            detail=lambda: (tmp_path / "worker.log").read_text()[-3000:],
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()
        server.stop()
        redis.stop()
