"""The one way the portal writes e-mail: subject and body from templates, links absolute.

A mail is read outside the site, so a link relative to it leads nowhere: every path in a
body (a word that starts with "/") is prefixed with `settings.SITE_URL`.

`send_email` does not send: it writes the mail to the outbox (`moc_portal.core.outbox`) in the
caller's transaction, and the worker delivers it with retries.

Templates: `<prefix>_subject.txt` (one line) and `<prefix>_body.txt`; both get the context
given plus `site` (the site settings) and `site_url`.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from moc_portal.models import SiteSettings

from . import outbox

# A path standing alone: at the start of a line or after a space, "(" or "«".
_RELATIVE_LINK_RE = re.compile(r"(?m)(^|[\s(«<])(/[^\s)»>]*)")


def site_url():
    return settings.SITE_URL.rstrip("/")


def absolute_url(path_or_url):
    """`/news/x/` → `https://moc.example.ru/news/x/`; an absolute URL stays as it is."""
    if not path_or_url or "://" in path_or_url or path_or_url.startswith("mailto:"):
        return path_or_url
    return site_url() + ("" if path_or_url.startswith("/") else "/") + path_or_url


def make_links_absolute(text):
    return _RELATIVE_LINK_RE.sub(lambda match: match.group(1) + absolute_url(match.group(2)), text)


def render_email(template_prefix, context, to, *, reply_to=None, attachments=()):
    """An EmailMessage (not sent) from `<template_prefix>_subject.txt` and `_body.txt`."""
    site = SiteSettings.load()
    full_context = {"site": site, "site_url": site_url(), **context}
    subject = render_to_string(f"{template_prefix}_subject.txt", full_context)
    body = render_to_string(f"{template_prefix}_body.txt", full_context)
    if reply_to is None and site.email:
        reply_to = [site.email]
    message = EmailMessage(
        subject=" ".join(subject.split()),  # a header is one line
        body=make_links_absolute(body.strip() + "\n"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=reply_to or None,
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def send_email(template_prefix, context, to, *, dedupe_key=None, **kwargs):
    """Render and queue in the outbox; returns the OutgoingMail row. Never talks to SMTP: call it
    inside the transaction that saves the cause, so that both are kept or neither."""
    message = render_email(template_prefix, context, to, **kwargs)
    return outbox.queue(message, kind=template_prefix, dedupe_key=dedupe_key)
