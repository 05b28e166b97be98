"""deploy/README.md followed on this machine (issue 23): the stack starts from deploy/'s files
and nginx does what the README promises. Runs on the PostgreSQL pass of .ci/run."""

import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from urllib.parse import urlencode

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from tests.deploy import stack
from tests.waiting import wait_until

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]
BODY_TIMEOUT_SECONDS = 2


def _require(tool):
    found = stack.which_or_install_nginx() if tool == "nginx" else shutil.which(tool)
    if not found:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing (.ci/run installs it)")
        pytest.skip(f"{tool} is missing")


def _admin_connection():
    db = settings.DATABASES["default"]
    connection = psycopg2.connect(
        dbname="postgres",
        user=db["USER"],
        password=db["PASSWORD"],
        host=db["HOST"],
        port=db["PORT"],
    )
    connection.autocommit = True
    return connection


def _database_url(name):
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    for tool in ("nginx", "systemd-socket-activate", "openssl"):
        _require(tool)
    tmp = tmp_path_factory.mktemp("deploy")
    media, static, tls = tmp / "lib/media", tmp / "lib/static", tmp / "tls"
    for folder in (media / "public", media / "private", static, tls, tmp / "sites-enabled"):
        folder.mkdir(parents=True)
    database = (settings.DATABASES["default"]["NAME"] + "_stack")[-63:]
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(database)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    http_port = stack.free_port(range(8610, 8620))
    https_port = stack.free_port(range(8620, 8630))
    app_port = stack.free_port(range(8630, 8640))
    origin = f"https://127.0.0.1:{https_port}"
    values = {
        "DATABASE_URL": _database_url(database),
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        "SECRET_KEY": stack.secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": origin,
        "SITE_URL": origin,
        "HTTPS": "1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "STATIC_ROOT": str(static),
        "MEDIA_ROOT": str(media),
        "BACKUP_ROOT": str(tmp / "backups"),
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "moc@example.ru",
    }
    unit_env = stack.environment_file(values)
    unit_env["CACHE_KEY_PREFIX"] = "moc-deploy-test"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp), **unit_env}
    # Step 6: migrate, collectstatic, the first methodist.
    stack.manage(env, "migrate", "--noinput")
    stack.manage(env, "collectstatic", "--noinput")
    stack.manage(
        {**env, "MOC_METHODIST_PASSWORD": stack.METHODIST_PASSWORD},
        "create_methodist",
        stack.METHODIST,
        "--email",
        "ivanova@example.ru",
    )
    # Step 7: a certificate and the site.
    cert, key = stack.self_signed_certificate(tls)
    site = stack.render_site(
        {
            "MOC_SERVER_NAME": "127.0.0.1",
            "MOC_HTTP_PORT": f"127.0.0.1:{http_port}",
            "MOC_HTTPS_PORT": f"127.0.0.1:{https_port}",
            "MOC_TLS_CERT": str(cert),
            "MOC_TLS_KEY": str(key),
            "MOC_APP_ADDRESS": f"127.0.0.1:{app_port}",
            "MOC_STATIC_ROOT": str(static),
            "MOC_MEDIA_ROOT": str(media),
            "MOC_MAX_BODY": "1m",
            "MOC_BODY_TIMEOUT": f"{BODY_TIMEOUT_SECONDS}s",
        }
    )
    (tmp / "sites-enabled/moc.conf").write_text(site)
    shutil.copy(stack.DEPLOY / "nginx/moc_proxy_params", tmp / "moc_proxy_params")
    (tmp / "nginx.conf").write_text(stack.NGINX_MAIN.format(tmp=tmp))
    subprocess.run(stack.nginx_command(tmp, "-t"), check=True, capture_output=True)
    # Step 8: gunicorn through the socket, exactly as the unit starts it.
    app_log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 (closed below)
    app = subprocess.Popen(
        stack.gunicorn_command(unit_env, app_port),
        cwd=stack.ROOT,
        env=env,
        stdout=app_log,
        stderr=subprocess.STDOUT,
    )
    nginx = subprocess.Popen(
        stack.nginx_command(tmp, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = stack.Client(http_port, https_port, cert)

    def ready():
        try:
            return client.request("GET", "/healthz", https=False)[0] == 200
        except OSError:
            return False

    try:
        wait_until(ready, "the stack did not answer /healthz", timeout=60)
        yield {
            "client": client,
            "tmp": tmp,
            "media": media,
            "static": static,
            "app_log": tmp / "gunicorn.log",
        }
    finally:
        for process in (nginx, app):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        app_log.close()
        with admin.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
            )
        admin.close()


def test_the_units_pass_systemd_analyze_apart_from_the_missing_install():
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is missing")
    units = sorted(str(path) for path in (stack.DEPLOY / "systemd").glob("moc-*"))
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True)
    complaints = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line.strip() and "/opt/moc/venv/bin/" not in line
    ]
    assert complaints == []


def test_only_the_beat_unit_runs_beat_and_the_worker_has_no_embedded_beat():
    worker = stack.unit_directive("moc-celery-worker.service", "ExecStart")
    beat = stack.unit_directive("moc-celery-beat.service", "ExecStart")
    assert " worker " in worker and " -B" not in worker and "--beat" not in worker
    assert " beat " in beat and "DatabaseScheduler" in beat


def test_plain_http_redirects_to_https_but_the_probes_answer(deployed):
    client = deployed["client"]
    status, headers, _ = client.request("GET", "/programs/?q=1", https=False)
    assert status == 301
    assert headers["location"] == "https://127.0.0.1/programs/?q=1"
    assert client.request("GET", "/healthz", https=False)[:3:2] == (200, b"ok")
    assert client.request("GET", "/readyz", https=False)[0] == 200


def test_home_page_over_https_with_the_security_headers(deployed):
    status, headers, body = deployed["client"].request("GET", "/")
    assert status == 200
    assert '<html lang="ru"' in body.decode()
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["server"] == "nginx"  # no version


def test_the_client_address_reaches_the_app_and_a_forged_one_does_not(deployed):
    path = "/no-such-page-deploy-test"
    status, _, _ = deployed["client"].request(
        "GET", path, headers={"X-Forwarded-For": "203.0.113.7"}, source="127.0.0.2"
    )
    assert status == 404

    def logged():
        return f"Not Found: {path}" in deployed["app_log"].read_text(errors="replace")

    wait_until(logged, "gunicorn logged no 404", timeout=10)
    line = next(
        line
        for line in deployed["app_log"].read_text(errors="replace").splitlines()
        if f"Not Found: {path}" in line
    )
    assert "[127.0.0.2]" in line and "203.0.113.7" not in line


def test_a_large_upload_is_refused_by_nginx(deployed):
    client = deployed["client"]
    connection = client.connection()
    connection.putrequest("POST", "/contacts/")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(3 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    connection.close()


def _slow_client(client):
    """Sends the headers of a POST and a few bytes of its body, then stalls."""
    raw = socket.create_connection(("127.0.0.1", client.https_port), timeout=30)
    tls = client.context.wrap_socket(raw, server_hostname="127.0.0.1")
    tls.sendall(
        b"POST /contacts/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n\r\nname=slow"
    )
    return tls


def test_slow_body_clients_are_cut_off_by_nginx_while_healthz_answers(deployed):
    client = deployed["client"]
    slow = [_slow_client(client) for _ in range(6)]  # more than gunicorn's 3 workers
    started = time.monotonic()
    try:
        assert client.request("GET", "/healthz")[0] == 200
        assert time.monotonic() - started < BODY_TIMEOUT_SECONDS  # not after them
        for connection in slow:
            try:
                answer = connection.recv(200)
            except (ssl.SSLError, ConnectionError):
                answer = b""
            assert answer == b"" or b" 408 " in answer
        assert time.monotonic() - started < BODY_TIMEOUT_SECONDS + 10
    finally:
        for connection in slow:
            connection.close()
    # gunicorn never saw them: nginx reads a body whole before passing the request on.
    assert "POST /contacts/" not in deployed["app_log"].read_text(errors="replace")


def test_static_files_are_cached_for_a_year(deployed):
    manifest = json.loads((deployed["static"] / "staticfiles.json").read_text())
    hashed = (
        manifest["paths"]["css/portal.css"]
        if "css/portal.css" in manifest["paths"]
        else (next(v for k, v in manifest["paths"].items() if k.endswith(".css")))
    )
    status, headers, _ = deployed["client"].request("GET", f"/static/{hashed}")
    assert status == 200
    assert (
        "max-age=31536000" in headers["cache-control"] and "immutable" in headers["cache-control"]
    )
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-type"].startswith("text/css")


def test_public_media_is_served_with_nosniff_and_documents_as_attachments(deployed):
    public = deployed["media"] / "public"
    (public / "note.txt").write_text("<script>alert(1)</script>")
    (public / "order.pdf").write_bytes(b"%PDF-1.4 test")
    status, headers, body = deployed["client"].request("GET", "/media/public/note.txt")
    assert status == 200 and headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in headers["content-security-policy"]
    status, headers, _ = deployed["client"].request("GET", "/media/public/order.pdf")
    assert status == 200 and headers["content-disposition"] == "attachment"
    assert headers["x-content-type-options"] == "nosniff"


def test_private_media_is_never_served_by_nginx(deployed):
    (deployed["media"] / "private" / "secret.txt").write_text("personal data")
    status, _, body = deployed["client"].request("GET", "/media/private/secret.txt")
    assert status != 200 and b"personal data" not in body
    status, _, body = deployed["client"].request("GET", "/media/public/../private/secret.txt")
    assert b"personal data" not in body


def _cookies(headers_list):
    return dict(
        value.split(";", 1)[0].split("=", 1)
        for key, value in headers_list
        if key.lower() == "set-cookie"
    )


def test_the_first_methodist_logs_in_over_https(deployed):
    client = deployed["client"]
    origin = f"https://127.0.0.1:{client.https_port}"
    connection = client.connection()
    connection.request("GET", "/admin/login/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = _cookies(response.getheaders())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": stack.METHODIST,
            "password": stack.METHODIST_PASSWORD,
            "next": "/admin/",
        }
    )
    connection.request(
        "POST",
        "/admin/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": origin,
            "Referer": f"{origin}/admin/login/",
        },
    )
    response = connection.getresponse()
    response.read()
    assert response.status == 302, response.status
    cookies.update(_cookies(response.getheaders()))
    assert "sessionid" in cookies
    connection.request(
        "GET", "/admin/", headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    )
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 200
    assert "logout" in body.lower() or "Выйти" in body
