"""The client's address, one answer for the rate limits, the login lockout, the consent records
(152-ФЗ evidence) and the logs.

Without configured proxies the client is `REMOTE_ADDR`. Behind a reverse proxy whose address
is in `settings.TRUSTED_PROXIES` (IPs or networks), `X-Forwarded-For` is read from the right:
each proxy appends the address it received the request from, so the right-most address that
is not a trusted proxy is the client. Whatever the client wrote into the header itself lies to
the left of that and is never believed. A request that did not come from a trusted proxy keeps
its `REMOTE_ADDR`, whatever headers it carries.
"""

import contextvars
import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished
from django.dispatch import receiver

UNKNOWN = "-"
_current = contextvars.ContextVar("client_address", default=UNKNOWN)


def parse_networks(entries):
    """`["10.0.0.1", "192.168.0.0/16"]` -> networks; a wrong entry stops the start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: «{entry}» is neither an IP address nor a network"
            ) from None
    return tuple(networks)


@lru_cache(maxsize=8)
def _networks(entries):
    return parse_networks(entries)


def trusted_proxies():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text):
    """An address written by a proxy (`1.2.3.4`, `1.2.3.4:5678`, `[::1]:5678`), or None."""
    text = text.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; IPv6 has at least two colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, proxies):
    return any(address in network for network in proxies)


def client_address(request):
    """The client's IP address as text, or None when the request carries none."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    proxies = trusted_proxies()
    if not proxies or not _trusted(remote, proxies):
        return str(remote)
    client = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # not written by our proxy: the last address it vouched for stands
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)


class ClientAddressMiddleware:
    """Puts the client's address on the request (`request.client_address`) and into every log
    record written until the response is finished (`%(client)s`), Django's own
    «Not Found: /…» lines included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.client_address = client_address(request)
        _current.set(request.client_address or UNKNOWN)
        return self.get_response(request)


@receiver(request_finished, dispatch_uid="moc_portal.core.client_address.forget")
def _forget_client(**kwargs):
    _current.set(UNKNOWN)


class ClientAddressLogFilter(logging.Filter):
    """Gives each record the address of the client being served (`-` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "client"):
            record.client = _current.get()
        return True
