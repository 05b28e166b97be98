"""HTTPS switch, browser protections, lockout, redirects and readiness (issue 9, items 5, 7–9)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_program

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "moc.example.ru",
}


def run_in_fresh_interpreter(args, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "HTTPS"}
        and key != "TRUSTED_PROXIES"
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set by the browser tests, refused by --deploy
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="moc_portal.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_reports_nothing_in_production_mode_with_https_on():
    result = run_in_fresh_interpreter(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION_ENV,
        HTTPS="1",
        TRUSTED_PROXIES="127.0.0.1,::1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_the_proxy_in_front_is_not_trusted():
    command = ["manage.py", "check", "--deploy"]
    result = run_in_fresh_interpreter(command, **PRODUCTION_ENV, HTTPS="1")
    assert "moc_portal.W001" in result.stdout + result.stderr


def test_without_the_https_switch_check_deploy_names_what_is_missing():
    result = run_in_fresh_interpreter(["manage.py", "check", "--deploy"], **PRODUCTION_ENV)
    warnings = set(re.findall(r"security\.W\d+", result.stdout + result.stderr))
    assert {"security.W004", "security.W008", "security.W012", "security.W016"} <= warnings


def test_the_https_switch_turns_on_redirect_hsts_secure_cookies_and_the_proxy_header():
    printed = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS,"
        " settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_PROXY_SSL_HEADER]))"
    )
    result = run_in_fresh_interpreter(["-c", printed], **PRODUCTION_ENV, HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        31536000,
        True,
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
    ]


@pytest.fixture
def https_on(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.django_db
def test_with_https_on_plain_http_is_redirected_but_the_probes_are_not(client, https_on):
    response = client.get("/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/about/"
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_with_https_on_a_request_through_the_proxy_gets_hsts(client, https_on):
    response = client.get("/about/", headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


PAGES = ["/", "/programs/", "/organizations/", "/about/", "/contacts/", "/admin/login/", "/nope/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_a_csp_without_inline_code_and_forbids_framing(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


INLINE_CODE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script without src
    re.compile(r"<style", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),  # onclick=, onchange=, …
    re.compile(r"javascript:", re.I),
]


def template_files():
    return sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_hold_no_inline_script_or_style(path):
    text = path.read_text()
    found = [pattern.pattern for pattern in INLINE_CODE if pattern.search(text)]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/programs/", "/organizations/", "/about/", "/contacts/"])
def test_public_pages_render_no_inline_script_or_style(client, url):
    make_program(title="Робототехника")
    html = client.get(url).content.decode()
    assert [p.pattern for p in INLINE_CODE if p.search(html)] == []


# --- Lockout (django-axes) ---


def try_login(client, username, password, next_url=None):
    url = reverse("admin:login") + (f"?next={next_url}" if next_url else "")
    return client.post(
        url,
        {"username": username, "password": password, "next": next_url or "/admin/"},
    )


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_address_out_even_with_the_right_one(client, make_staff):
    make_staff("methodist", username="olga")
    for _ in range(4):
        assert try_login(client, "olga", "wrong").status_code == 200
    locked = try_login(client, "olga", "wrong")
    assert locked.status_code == 429
    response = try_login(client, "olga", PASSWORD)
    assert response.status_code == 429
    assert "registration/locked_out.html" in [template.name for template in response.templates]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_methodist_resets_the_lockout_in_the_admin(client, make_staff):
    make_staff("representative", username="ivan")
    for _ in range(5):
        try_login(client, "ivan", "wrong")
    assert try_login(client, "ivan", PASSWORD).status_code == 429

    methodist = make_staff("methodist", username="olga")
    client.force_login(methodist)
    attempts = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200
    assert "ivan" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="ivan")
    deleted = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 302
    client.logout()

    response = try_login(client, "ivan", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_a_coordinator_cannot_reset_lockouts(client, make_staff):
    client.force_login(make_staff("coordinator"))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


@pytest.mark.django_db
def test_a_refused_next_address_lands_on_the_admin_index(client, make_staff):
    make_staff("methodist", username="olga")
    response = try_login(client, "olga", PASSWORD, next_url="https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


# --- Readiness ---


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_and_static_files_are_there(client):
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok")


@pytest.mark.django_db
def test_readyz_reads_a_real_table_not_select_1(client):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE moc_portal_sitesettings RENAME TO moc_portal_sitesettings_gone")
    try:
        response = client.get("/readyz")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE moc_portal_sitesettings_gone RENAME TO moc_portal_sitesettings"
            )
    assert response.status_code == 503
    assert b"database" in response.content


@pytest.mark.django_db
def test_readyz_fails_when_the_server_started_without_collectstatic(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert b"static files" in response.content


# --- Request bodies ---


class CountingStream:
    def __init__(self, stream):
        self.stream, self.consumed = stream, 0

    def read(self, *args):
        data = self.stream.read(*args)
        self.consumed += len(data)
        return data

    def readline(self, *args):
        data = self.stream.readline(*args)
        self.consumed += len(data)
        return data


def test_an_oversized_upload_is_cut_off_while_it_streams_in(settings):
    settings.MAX_REQUEST_UPLOAD_MB = 1
    body = b"x" * (3 * 1024 * 1024)
    request = RequestFactory().post(
        "/upload/", {"file": SimpleUploadedFile("big.xlsx", body), "title": "a"}
    )
    total = int(request.META["CONTENT_LENGTH"])
    request._stream = counting = CountingStream(request._stream)

    assert "file" not in request.FILES
    assert request.upload_cut_off is True
    assert counting.consumed < 2 * 1024 * 1024 < total


def test_an_upload_under_the_cap_arrives_whole(settings):
    settings.MAX_REQUEST_UPLOAD_MB = 1
    request = RequestFactory().post(
        "/upload/", {"file": SimpleUploadedFile("small.xlsx", b"y" * 1000)}
    )
    assert request.FILES["file"].size == 1000
    assert not getattr(request, "upload_cut_off", False)


def test_form_fields_are_capped_in_memory(settings):
    from moc_portal import settings as project_settings

    assert project_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2 * 1024 * 1024
    assert project_settings.FILE_UPLOAD_HANDLERS[0] == "moc_portal.core.uploads.CappedUploadHandler"


@pytest.mark.django_db
def test_a_username_longer_than_any_account_can_have_is_refused_not_a_500(client):
    response = try_login(client, "ё" * 2000, "x")
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "ё" * 150
