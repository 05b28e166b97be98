"""Rich text typed in the admin (event descriptions, news bodies), cleaned before it is stored.

Staff paste from Word and from other sites; what reaches the public page must not carry
scripts, inline handlers, styles or `javascript:` links. nh3 (the Rust `ammonia` sanitizer)
keeps a small allow-list and drops everything else; the cleaning happens on save
(`SanitizedHTMLField.pre_save`), so every path that writes the field — admin, forms,
services, demo data — stores clean HTML, and templates may mark it safe.
"""

import html
import re

import nh3
from django import forms
from django.db import models
from django.utils.html import escape, strip_tags

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
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>|&nbsp;|\xa0)*</p>")


def sanitize_html(html):
    """The HTML with only the allowed tags, attributes and link schemes left."""
    if not html:
        return ""
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    # The editor leaves empty paragraphs where a line was ended twice.
    return EMPTY_PARAGRAPH.sub("", html).strip()


def html_to_text(html):
    """Plain text for places that cannot show HTML (calendar files, feeds' summaries)."""
    text = sanitize_html(html).replace("</p>", "</p>\n").replace("<br>", "\n")
    lines = (line.strip() for line in strip_tags(text).splitlines())
    return "\n".join(line for line in lines if line)


# Any tag at all: nh3 escapes a bare «<» in text, so a stored «<» followed by a letter is markup.
MARKUP = re.compile(r"<[a-zA-Z/!]")
BULLET = re.compile(r"^\s*[-*•–]\s+(?P<text>.*)$")
NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(?P<text>.*)$")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
# Punctuation a sentence puts after a link, not part of it (a «)» only when unbalanced).
TRAILING = ".,;:!?…)»\"'"


def has_markup(value):
    """Whether the stored text already holds HTML tags (rather than typed text)."""
    return bool(value and MARKUP.search(value))


def _link_end(url):
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _inline(text):
    """Typed text, escaped, with its web addresses made links."""
    parts, position = [], 0
    for match in URL.finditer(text):
        url = _link_end(match.group(0))
        if not url or url.lower() in ("http://", "https://", "www."):
            continue
        href = url if url.lower().startswith("http") else "https://" + url
        parts += [
            escape(text[position : match.start()]),
            f'<a href="{escape(href)}">{escape(url)}</a>',
        ]
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    return "".join(parts)


def _blocks(lines):
    """(kind, [items]) runs of one block: paragraph lines, «- »/«* » items or «1. » items."""
    runs = []
    for line in lines:
        bullet, number = BULLET.match(line), NUMBERED.match(line)
        kind, text = (
            ("ul", bullet["text"])
            if bullet
            else ("ol", number["text"])
            if number
            else ("p", line.strip())
        )
        if kind == "p" and runs and runs[-1][0] != "p" and line[:1].isspace():
            runs[-1][1][-1] += "\n" + text  # an indented line continues the list item
        elif runs and runs[-1][0] == kind:
            runs[-1][1].append(text)
        else:
            runs.append((kind, [text]))
    return runs


def plain_to_html(text):
    """Typed text as HTML: blank lines part paragraphs, «- », «* » and «1. » lines make lists,
    web addresses become links; everything typed is escaped, never taken for markup."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    out, block = [], []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            block.append(line)
            continue
        for kind, items in _blocks(block):
            items = [_inline(item).replace("\n", "<br>") for item in items]
            if kind == "p":
                out.append("<p>" + "<br>".join(items) + "</p>")
            else:
                out.append(
                    f"<{kind}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{kind}>"
                )
        block = []
    return sanitize_html("".join(out))


def stored_text_to_html(value):
    """A stored body in HTML: one that holds tags stays as it is (sanitized); typed text is
    converted. Used by the data migration of old bodies and to show the practices' texts,
    which anonymous authors type in a plain textarea."""
    if has_markup(value):
        return sanitize_html(value)
    # Typed text that went through the sanitizer once has «&», «<» and «>» as entities.
    return plain_to_html(html.unescape(value or ""))


def _numbered(match):
    items = match[1].split("<li>")[1:]
    return "".join(f"{number}. {item}" for number, item in enumerate(items, 1)) + "</ol>"


def html_to_typed_text(value):
    """The reverse for a plain textarea: paragraphs apart by a blank line, «- » items, links
    as their address; what plain_to_html reads back the same."""
    if not has_markup(value):
        return value or ""

    def link(match):
        href, label = html.unescape(match["href"]), strip_tags(match["label"])
        return (
            label
            if html.unescape(label) in (href, href.removeprefix("https://"))
            else f"{label} ({href})"
        )

    text = sanitize_html(value)
    text = re.sub(r'<a [^>]*?href="(?P<href>[^"]*)"[^>]*>(?P<label>.*?)</a>', link, text)
    text = re.sub(
        r"<li>(.*?)</li>", lambda m: "<li>" + m[1].replace("<br>", "\n  ") + "</li>", text
    )
    text = re.sub(r"<ol>(.*?)</ol>", _numbered, text, flags=re.DOTALL)
    text = text.replace("<li>", "- ")
    text = re.sub(r"<br>|</li>", "\n", text)
    text = re.sub(r"</(p|h[2-4]|ul|ol|blockquote|table)>", "\n\n", text)
    text = html.unescape(strip_tags(text))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()


class RichTextEditor(forms.Textarea):
    """The staff's editor (static/js/richtext_editor.js): a toolbar over an editable copy
    of the text that writes HTML back into this textarea. Without JavaScript the textarea
    itself stays, holding HTML."""

    class Media:
        css = {"all": ["css/richtext_editor.css"]}
        js = ["js/richtext_editor.js"]

    def __init__(self, attrs=None):
        super().__init__({"rows": 12, "data-richtext": "", **(attrs or {})})


class RichTextFormField(forms.CharField):
    """A plain TextField edited with the editor: sanitized as the form cleans it."""

    widget = RichTextEditor

    def to_python(self, value):
        return sanitize_html(super().to_python(value))


# For a ModelAdmin: `formfield_overrides = {**RICH_TEXT_IN_ADMIN, ...}`.
RICH_TEXT_IN_ADMIN = {}


class SanitizedHTMLField(models.TextField):
    """A TextField whose value is sanitized every time the row is saved."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


RICH_TEXT_IN_ADMIN[SanitizedHTMLField] = {"widget": RichTextEditor}
