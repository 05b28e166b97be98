"""A big import against the real services (issue 17, «heavy work off the request»): gunicorn,
PostgreSQL, an own Redis and a Celery worker. The upload answers at once, the worker checks and
writes the file while the status page is polled; with Redis stopped a big file is refused at
once with a Russian message; no temporary file is left either way."""

import io
import re
import subprocess
import sys
import time

import pytest
from openpyxl import Workbook

from programs.models import ImportBatch, Program
from tests.factories import make_organization
from tests.waiting import wait_until

from .conftest import PASSWORD
from .import_browser import IMPORT, Browser, files_in, methodist
from .processes import REDIS_SERVER, ROOT, Gunicorn, OwnRedis
from .test_faults_behind_proxy import database_url

ROWS = 400
HEADER = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]


def program_file(rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for number in range(rows):
        workbook.active.append([f"Программа {number}", "ДДТ", "tech", "start", 7, 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wait_for(batch_path, browser, status, timeout=120):
    """Poll the batch as its page does until it reaches `status`; the progress seen."""
    seen = []

    def reached():
        answer, body, _ = browser.request("GET", batch_path + "?format=json")
        assert answer == 200
        seen.append(body)
        return f'"status": "{status}"' in body

    wait_until(
        reached,
        f"the batch to reach {status}",
        timeout=timeout,
        interval=0.5,
        detail=lambda: seen[-3:],
    )
    return seen


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_big_import_runs_in_the_worker_and_a_redis_outage_is_answered_at_once(
    migrated_rows, django_user_model, tmp_path
):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed on this machine")
    make_organization(short_name="ДДТ")
    methodist(django_user_model)
    folder = tmp_path / "imports"
    redis = OwnRedis()
    redis.start()
    env = {
        "REDIS_URL": redis.url,
        "IMPORT_TEMP_DIR": str(folder),
        "IMPORT_BACKGROUND_ROWS": "50",
        "C_FORCE_ROOT": "1",
    }
    server = Gunicorn(database_url(), tmp_path / "gunicorn.log", **env)
    worker_log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "moc_portal", "worker", "--pool=solo"]
        + ["--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT,
        env={**server.env, "DB_CONN_MAX_AGE": "0"},
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        browser = Browser(server.port)
        browser.login("methodist", PASSWORD)
        content = program_file(ROWS)

        status, _, seconds = browser.upload(IMPORT, "big.xlsx", content)

        assert status == 302, server.output()
        assert seconds < 5
        batch = ImportBatch.objects.get()
        assert batch.in_background
        batch_path = batch.get_absolute_url()
        wait_for(batch_path, browser, "ready")
        _, page, _ = browser.request("GET", batch_path)
        assert f"Новых: {ROWS}" in page
        _, _, _ = browser.request(
            "POST",
            f"/imports/batch/{batch.pk}/confirm/",
            f"csrfmiddlewaretoken={browser.cookies['csrftoken']}",
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        wait_for(batch_path, browser, "done")
        assert Program.objects.count() == ROWS
        assert files_in(folder) == []

        redis.stop()
        started = time.monotonic()
        status, page, _ = browser.upload(IMPORT, "big.xlsx", program_file(ROWS))
        assert time.monotonic() - started < 8
        assert status == 200
        assert re.search("очередь фоновых задач сейчас недоступна", page)
        assert files_in(folder) == []
        assert Program.objects.count() == ROWS
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()
        server.stop()
        redis.stop()
