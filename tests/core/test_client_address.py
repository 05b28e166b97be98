"""The client's address behind the trusted proxy: one answer for limits, lockout, consent, logs."""

import ipaddress
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from moc_portal.core.client_address import ClientAddressLogFilter, client_address

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.5"


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "192.168.100.0/24"]


def test_without_trusted_proxies_the_header_is_never_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_the_proxy_the_forwarded_client_is_the_client(behind_proxy):
    assert client_address(request_from(PROXY, "203.0.113.1")) == "203.0.113.1"


def test_what_the_client_wrote_into_the_header_itself_is_ignored(behind_proxy):
    """nginx with $proxy_add_x_forwarded_for appends the real address after the client's."""
    forged = "1.1.1.1, 127.0.0.1, 203.0.113.1"
    assert client_address(request_from(PROXY, forged)) == "203.0.113.1"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(behind_proxy):
    forwarded = "203.0.113.1, 192.168.100.20"  # the outer proxy forwarded to ours
    assert client_address(request_from(PROXY, forwarded)) == "203.0.113.1"


def test_a_request_not_from_a_trusted_proxy_keeps_its_own_address(behind_proxy):
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_no_header_from_the_proxy_means_the_proxy_itself(behind_proxy):
    assert client_address(request_from(PROXY)) == PROXY


def test_a_garbled_right_most_entry_falls_back_to_the_last_trusted_hop(behind_proxy):
    assert client_address(request_from(PROXY, "203.0.113.1, not-an-ip")) == PROXY


@pytest.mark.parametrize(
    "written, expected",
    [
        ("203.0.113.1:51234", "203.0.113.1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("::ffff:203.0.113.1", "203.0.113.1"),
        ('"203.0.113.1"', "203.0.113.1"),
    ],
)
def test_addresses_as_proxies_write_them(behind_proxy, written, expected):
    assert client_address(request_from(PROXY, written)) == expected


def test_a_request_without_an_address_has_none():
    assert client_address(request_from("")) is None


TRUSTED = [ipaddress.ip_network(PROXY), ipaddress.ip_network("192.168.100.0/24")]
outside_addresses = st.ip_addresses().filter(
    lambda address: (
        not any(address in network for network in TRUSTED)
        and getattr(address, "ipv4_mapped", None) is None
    )
)
our_hops = st.lists(
    st.one_of(st.just(PROXY), st.integers(0, 255).map(lambda n: f"192.168.100.{n}")),
    max_size=3,
)
forged_entries = st.lists(
    st.text(alphabet=st.sampled_from("0123456789abcdef.:[] xyz-"), max_size=20), max_size=4
)


@hypothesis_settings(max_examples=100, deadline=None)
@given(forged=forged_entries, client=outside_addresses, hops=our_hops)
def test_whatever_was_forged_to_the_left_the_client_is_found(forged, client, hops):
    from django.conf import settings

    header = ", ".join([*forged, str(client), *hops])
    saved, settings.TRUSTED_PROXIES = settings.TRUSTED_PROXIES, [PROXY, "192.168.100.0/24"]
    try:
        assert client_address(request_from(PROXY, header)) == str(client)
    finally:
        settings.TRUSTED_PROXIES = saved


@hypothesis_settings(max_examples=100, deadline=None)
@given(header=st.text(max_size=100))
def test_any_header_gives_a_valid_address_and_never_an_error(header):
    from django.conf import settings

    saved, settings.TRUSTED_PROXIES = settings.TRUSTED_PROXIES, [PROXY]
    try:
        found = client_address(request_from(PROXY, header))
    finally:
        settings.TRUSTED_PROXIES = saved
    ipaddress.ip_address(found)


def test_a_mistyped_trusted_proxy_stops_the_start():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="moc_portal.settings",
        SECRET_KEY="k",
        TRUSTED_PROXIES="127.0.0.1, 10.0.0.300",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES: «10.0.0.300»" in result.stderr


class Collected(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(ClientAddressLogFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.mark.django_db
def test_log_lines_of_a_request_name_its_client_behind_the_proxy(client, behind_proxy):
    collected = Collected()
    logger = logging.getLogger("django.request")
    logger.addHandler(collected)
    try:
        client.get("/no-such-page/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    finally:
        logger.removeHandler(collected)
    (record,) = [r for r in collected.records if "/no-such-page/" in r.getMessage()]
    assert record.client == "203.0.113.9"

    outside = logging.LogRecord("x", logging.INFO, __file__, 1, "after", None, None)
    ClientAddressLogFilter().filter(outside)
    assert outside.client == "-"  # the request has finished: nobody is being served
