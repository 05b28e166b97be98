"""Issue 17's «done means», against the real services: gunicorn with production settings behind
a proxy (HTTPS=1, TRUSTED_PROXIES), PostgreSQL, an own Redis stopped under it."""

import http.client
import time
import urllib.parse
from dataclasses import dataclass

import psycopg2
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection

from moc_portal.models import ConsentRecord
from moc_portal.views import QUESTIONS
from tests.factories import make_program

from .conftest import PASSWORD
from .processes import REDIS_SERVER, Gunicorn, OwnRedis

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]

PROXY = "127.0.0.1"
ANNA, BORIS = "203.0.113.21", "198.51.100.42"
ATTACKER, OWNER = "198.51.100.66", "203.0.113.10"
QUESTION = {
    "name": "Мария",
    "reply_by": "email",
    "email": "maria@example.ru",
    "phone": "",
    "text": "Есть ли места в кружке робототехники?",
    "consent": "on",
    "website": "",
}
BEHIND_PROXY = {
    "HTTPS": "1",
    "TRUSTED_PROXIES": PROXY,
    "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
}


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float


class Visitor:
    """A browser at `address` reaching gunicorn through the TLS proxy, which sets
    X-Forwarded-For and X-Forwarded-Proto as the README asks."""

    def __init__(self, server, address):
        self.port, self.address, self.cookies = server.port, address, {}

    def request(self, method, path, data=None, timeout=60):
        headers = {"X-Forwarded-For": self.address, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        started = time.monotonic()
        try:
            link.request(method, path, body, headers)
            response = link.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            link.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";")[0].partition("=")
            self.cookies[name] = value
        return Answer(response.status, response.headers, content, time.monotonic() - started)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data):
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request("POST", path, data)

    def csrf(self):
        return self.cookies["csrftoken"]

    def login(self, username, password):
        return self.post(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
        ).status


def database_url():
    params = connection.settings_dict
    return (
        f"postgres://{params['USER']}:{params['PASSWORD'] or ''}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{params['NAME']}"
    )


@pytest.fixture
def start_server(tmp_path, migrated_rows):
    started = []

    def start(**env):
        server = Gunicorn(database_url(), tmp_path / f"gunicorn{len(started)}.log", **env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_two_visitors_behind_the_proxy_have_separate_limits_consent_and_lockout(
    start_server, make_staff
):
    olga = make_staff("methodist", username="olga")
    olga.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())  # the server's
    olga.save(update_fields=["password"])
    server = start_server(**BEHIND_PROXY)
    anna, boris = Visitor(server, ANNA), Visitor(server, BORIS)

    # Different questions: the same one again within minutes is one record (the outbox's dedupe).
    statuses = [
        anna.post("/contacts/", {**QUESTION, "text": f"{QUESTION['text']} ({number})"}).status
        for number in range(QUESTIONS.count + 1)
    ]
    assert statuses == [302] * QUESTIONS.count + [429], server.output()
    assert boris.post("/contacts/", QUESTION).status == 302
    addresses = sorted(ConsentRecord.objects.values_list("ip_address", flat=True))
    assert addresses == sorted([ANNA] * QUESTIONS.count + [BORIS])

    attacker = Visitor(server, ATTACKER)
    assert [attacker.login("olga", "wrong") for _ in range(5)][-1] == 429
    assert attacker.login("olga", PASSWORD) == 429
    assert Visitor(server, OWNER).login("olga", PASSWORD) == 302


def test_a_20_second_table_lock_gives_the_503_within_the_timeout_and_readyz_not_ready(
    start_server,
):
    make_program(title="Робототехника")
    server = start_server(DB_STATEMENT_TIMEOUT_SECONDS="2")
    visitor = Visitor(server, ANNA)
    assert visitor.get("/programs/").status == 200

    params = connection.settings_dict
    locker = psycopg2.connect(
        dbname=params["NAME"],
        user=params["USER"],
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
    )
    try:
        with locker.cursor() as cursor:
            cursor.execute("SET statement_timeout = 20000")
            cursor.execute("LOCK TABLE programs_program IN ACCESS EXCLUSIVE MODE")
            page = visitor.get("/programs/")
            ready = visitor.get("/readyz")
            alive = visitor.get("/healthz")
    finally:
        locker.rollback()
        locker.close()

    assert page.status == 503, server.output()
    assert "не успевает ответить" in page.body and page.headers["Retry-After"]
    assert page.seconds < 2 + 2
    assert (ready.status, ready.body.splitlines()[0]) == (503, "unavailable: database")
    assert ready.seconds < 2 + 2
    assert (alive.status, alive.seconds < 1) == (200, True)
    assert visitor.get("/programs/").status == 200
    assert visitor.get("/readyz").status == 200


def test_with_redis_stopped_readyz_stays_ready_and_the_form_limit_holds(start_server):
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed on this machine")
    redis = OwnRedis()
    redis.start()
    try:
        server = start_server(**BEHIND_PROXY, REDIS_URL=redis.url, C_FORCE_ROOT="1")
        anna = Visitor(server, ANNA)
        assert anna.get("/readyz").body == "ok"
        redis.stop()

        ready = anna.get("/readyz")
        assert (ready.status, ready.body.splitlines()) == (200, ["ok", "redis: degraded"])
        assert anna.get("/programs/").status == 200
        answers = [anna.post("/contacts/", QUESTION) for _ in range(QUESTIONS.count + 1)]
        statuses = [a.status for a in answers]
        assert statuses == [302] * QUESTIONS.count + [429], server.output()
        assert max(a.seconds for a in answers) < 5  # no waiting on the stopped broker
        assert Visitor(server, BORIS).post("/contacts/", QUESTION).status == 302
    finally:
        redis.stop()
