"""A staff member's browser for the import tests against a real server: login, uploads."""

import http.client
import time
import uuid

from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.auth.models import Group
from django.urls import reverse

from moc_portal.roles import METHODISTS

from .conftest import PASSWORD

IMPORT = reverse("programs:import_upload", args=["programs"])


def files_in(folder):
    return sorted(folder.iterdir()) if folder.exists() else []


class Browser:
    """A logged-in staff member's browser: session and CSRF cookies, multipart uploads."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None, timeout=60):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
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
        return response.status, content, time.monotonic() - started

    def login(self, username, password):
        self.request("GET", "/admin/login/")
        body = (
            f"username={username}&password={password}&next=/admin/"
            f"&csrfmiddlewaretoken={self.cookies['csrftoken']}"
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _, _ = self.request("POST", "/admin/login/?next=/admin/", body, headers)
        assert status == 302

    def upload(self, path, name, content):
        boundary = uuid.uuid4().hex
        body = b"".join(
            [
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"'
                f"\r\n\r\n{self.cookies['csrftoken']}\r\n".encode(),
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode(),
                content,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request("POST", path, body, headers)


def methodist(django_user_model):
    """A methodist whose password the server checks with the production hashers."""
    user = django_user_model.objects.create_user("methodist", is_staff=True)
    user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=METHODISTS))
    return user
