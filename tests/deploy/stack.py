"""The production stack of deploy/README.md, built in a temporary directory: PostgreSQL database
of its own, the environment file, migrate, collectstatic, the first methodist, a self-signed
certificate, gunicorn through `systemd-socket-activate` with the unit's own command line, and
nginx from the site template."""

import http.client
import os
import re
import secrets
import shlex
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
README = (DEPLOY / "README.md").read_text()
VENV = ROOT / ".venv"
METHODIST, METHODIST_PASSWORD = "ivanova", secrets.token_urlsafe(16)


def free_port(candidates):
    for port in candidates:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {candidates}")


def readme_block(language, after):
    """The first ```language block of deploy/README.md after the heading `after`."""
    section = README[README.index(after) :]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def unit_directive(unit, key):
    text = (DEPLOY / "systemd" / unit).read_text()
    return re.search(rf"^{key}=(.*)$", text, re.M).group(1).strip()


def environment_file(values):
    """README step 5's file, every key the README lists, with this machine's values."""
    keys = [
        line.split("=", 1)[0] for line in readme_block("ini", "## 5.").splitlines() if "=" in line
    ]
    missing = set(keys) - set(values)
    assert not missing, f"the test sets no value for {missing} (deploy/README.md, step 5)"
    return {key: values[key] for key in keys if values[key] is not None}


def render_site(variables):
    """README step 7: envsubst of the listed MOC_ placeholders only."""
    text = (DEPLOY / "nginx" / "moc.conf.template").read_text()
    placeholders = set(re.findall(r"\$\{(MOC_[A-Z_]+)\}", text))
    assert placeholders == set(variables), placeholders ^ set(variables)
    for name, value in variables.items():
        text = text.replace("${" + name + "}", value)
    return text


def self_signed_certificate(folder):
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    key.chmod(0o600)
    return cert, key


def manage(env, *args):
    """README step 6: `/opt/moc/venv/bin/python manage.py …` with the environment file."""
    command = f"/opt/moc/venv/bin/python manage.py {' '.join(args)}"
    assert command.split(" --email")[0] in README, f"deploy/README.md does not say «{command}»"
    return subprocess.run(
        [str(VENV / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )


def gunicorn_command(unit_env_keys, port):
    """The unit's ExecStart, from /opt/moc to this checkout, under systemd-socket-activate."""
    exec_start = unit_directive("moc-gunicorn.service", "ExecStart")
    exec_start = exec_start.replace("/opt/moc/venv", str(VENV))
    listen = unit_directive("moc-gunicorn.socket", "ListenStream")
    assert listen.startswith("127.0.0.1:")
    passed = [f"-E{key}" for key in unit_env_keys]
    return ["systemd-socket-activate", "-l", f"127.0.0.1:{port}", *passed, *shlex.split(exec_start)]


NGINX_MAIN = """
user root;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include sites-enabled/moc.conf;
}}
"""


def nginx_command(tmp, *extra):
    return ["nginx", "-p", str(tmp), "-c", str(tmp / "nginx.conf"), *extra]


class Client:
    """HTTP(S) requests to the stack's nginx, certificate checked."""

    def __init__(self, http_port, https_port, cafile):
        self.http_port, self.https_port = http_port, https_port
        self.context = ssl.create_default_context(cafile=str(cafile))

    def connection(self, https=True, source=None, timeout=15):
        source_address = (source, 0) if source else None
        if https:
            return http.client.HTTPSConnection(
                "127.0.0.1",
                self.https_port,
                context=self.context,
                timeout=timeout,
                source_address=source_address,
            )
        return http.client.HTTPConnection(
            "127.0.0.1", self.http_port, timeout=timeout, source_address=source_address
        )

    def request(self, method, path, *, https=True, headers=None, body=None, source=None):
        connection = self.connection(https, source)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()


def which_or_install_nginx():
    if shutil.which("nginx") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], check=False)
    return shutil.which("nginx")
