"""Rich text typed in the admin (event descriptions, news bodies), cleaned before it is stored.

Staff paste from Word and from other sites; what reaches the public page must not carry
scripts, inline handlers, styles or `javascript:` links. nh3 (the Rust `ammonia` sanitizer)
keeps a small allow-list and drops everything else; the cleaning happens on save
(`SanitizedHTMLField.pre_save`), so every path that writes the field — admin, forms,
services, demo data — stores clean HTML, and templates may mark it safe.
"""

import nh3
from django.db import models
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html):
    """The HTML with only the allowed tags, attributes and link schemes left."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def html_to_text(html):
    """Plain text for places that cannot show HTML (calendar files, feeds' summaries)."""
    text = sanitize_html(html).replace("</p>", "</p>\n").replace("<br>", "\n")
    lines = (line.strip() for line in strip_tags(text).splitlines())
    return "\n".join(line for line in lines if line)


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitized every time the row is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
