"""A stuck database is noticed (issue 17, item 4): the web's statements have a deadline and a
page past it is the Russian 503; /readyz probes the catalogue under the same deadline; commands
and the worker are not held to the web's deadline. Through gunicorn: test_faults_behind_proxy."""

import time
from contextlib import nullcontext

import psycopg2
import pytest
from django.db import OperationalError, connection, connections
from django.test import Client

from moc_portal.core import statement_timeout
from moc_portal.core.statement_timeout import is_statement_timeout, statement_deadline
from tests.factories import make_program

# Seconds of work for the database whatever the machine: a recursive count on SQLite, a sleep
# on PostgreSQL.
SLOW_SQL = {
    "sqlite": "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)"
    " SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(30)",
}


@pytest.fixture
def as_process():
    """as_process("web") makes this test process a serving process of that kind."""
    yield statement_timeout.serve_as
    statement_timeout.serve_as(None)


def new_connection():
    """A connection opened now (what a serving process does after starting)."""
    return connections.create_connection("default")


def run_slow_statement(wrapper, deadline=None):
    started = time.monotonic()
    with (
        pytest.raises(OperationalError) as raised,
        deadline or nullcontext(),  # the deadline's transaction ends before the error is caught
        wrapper.cursor() as cursor,
    ):
        cursor.execute(SLOW_SQL[wrapper.vendor])
        cursor.fetchall()
    return raised.value, time.monotonic() - started


@pytest.mark.django_db
def test_a_statement_past_the_deadline_is_stopped_and_recognised():
    error, elapsed = run_slow_statement(connection, statement_deadline(connection, 0.3))
    assert is_statement_timeout(error)
    assert elapsed < 5


@pytest.mark.django_db
def test_the_web_has_a_deadline_of_a_few_seconds(as_process, settings):
    settings.DB_STATEMENT_TIMEOUT_SECONDS = 0.3
    as_process("web")
    web = new_connection()
    try:
        error, elapsed = run_slow_statement(web)
    finally:
        web.close()
    assert is_statement_timeout(error)
    assert elapsed < 5


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, shown",
    [("web", "5s"), ("worker", "10min"), (None, "0")],
    ids=["web", "worker", "command"],
)
def test_each_kind_of_process_has_its_own_deadline(as_process, role, shown):
    as_process(role)
    opened = new_connection()
    try:
        with opened.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == shown
    finally:
        opened.close()


@pytest.mark.django_db
def test_a_command_has_no_deadline_on_sqlite(as_process):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL case is shown by SHOW statement_timeout")
    as_process(None)
    opened = new_connection()
    try:
        with opened.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)"
                " SELECT count(*) FROM n"
            )
            assert cursor.fetchone() == (300000,)
    finally:
        opened.close()


def is_russian_503(response):
    body = response.content.decode()
    return (
        response.status_code == 503
        and '<html lang="ru"' in body
        and "не успевает ответить" in body
        and int(response["Retry-After"]) > 0
    )


def postgres_lock(table):
    """A transaction of another connection holding `table` locked until .rollback()."""
    params = connection.settings_dict
    other = psycopg2.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"] or None,
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
    )
    with other.cursor() as cursor:
        cursor.execute("SET statement_timeout = 20000")  # never longer than 20 s
        cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return other


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locked_catalogue_gives_the_503_page_within_the_deadline_and_readyz_not_ready(
    as_process, settings, migrated_rows
):
    make_program(title="Робототехника")
    settings.DB_STATEMENT_TIMEOUT_SECONDS = 1
    as_process("web")
    connection.close()  # the next request opens a connection as the web does
    browser = Client(raise_request_exception=False)
    try:
        lock = postgres_lock("programs_program")
        try:
            started = time.monotonic()
            page = browser.get("/programs/")
            page_seconds = time.monotonic() - started
            started = time.monotonic()
            ready = browser.get("/readyz")
            ready_seconds = time.monotonic() - started
            alive = browser.get("/healthz")
        finally:
            lock.rollback()
            lock.close()
        after = browser.get("/programs/").status_code, browser.get("/readyz").status_code
    finally:
        as_process(None)
        connection.close()  # the test's own teardown runs without the web's deadline
    assert is_russian_503(page)
    assert page_seconds < 1 + 3
    assert (ready.status_code, ready.content.splitlines()[0]) == (503, b"unavailable: database")
    assert ready_seconds < 1 + 3
    assert alive.status_code == 200
    assert after == (200, 200)


@pytest.mark.django_db
def test_readyz_probes_the_catalogue_table(client):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE programs_program RENAME TO programs_program_gone")
    try:
        response = client.get("/readyz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE programs_program_gone RENAME TO programs_program")
    assert response.status_code == 503
    assert response.content == b"unavailable: database"


@pytest.mark.django_db
def test_healthz_reads_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200
