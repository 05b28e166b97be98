"""Typed text to HTML (the kernel's one conversion), the sanitizer's allow-list, the reverse
for a plain textarea, and the events migration that converts old typed bodies."""

import importlib
import re

import pytest
from django.apps import apps

from moc_portal.core import page_cache
from moc_portal.core.richtext import (
    has_markup,
    html_to_typed_text,
    plain_to_html,
    sanitize_html,
    stored_text_to_html,
)
from tests.events.conftest import make_event, make_news

REL = ' rel="noopener noreferrer nofollow"'


def link(url, label=None):
    return f'<a href="{url}"{REL}>{label or url}</a>'


# --- the sanitizer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dirty",
    [
        "<script>alert(1)</script>",
        '<p onclick="alert(1)">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<p style="color:red">x</p>',
        '<iframe src="https://example.ru"></iframe>',
    ],
)
def test_sanitizer_drops_scripts_handlers_and_javascript_links(dirty):
    clean = sanitize_html(dirty).lower()
    assert "script" not in clean
    assert "onclick" not in clean and "onerror" not in clean
    assert "javascript" not in clean
    assert "style" not in clean and "iframe" not in clean and "<img" not in clean


def test_sanitizer_keeps_what_the_editor_makes():
    html = (
        "<h2>Раздел</h2><h3>Часть</h3><p><b>жирно</b> <strong>жирно</strong> <i>к</i></p>"
        '<ul><li>пункт</li></ul><ol><li>первый</li></ol><p><a href="https://moc.example.ru/">'
        "сайт</a></p>"
    )
    clean = sanitize_html(html)
    for tag in ("h2", "h3", "p", "b", "strong", "i", "ul", "ol", "li"):
        assert f"<{tag}>" in clean
    assert link("https://moc.example.ru/", "сайт") in clean


# --- typed text to HTML ----------------------------------------------------------------------


CASES = [
    ("Одна строка", "<p>Одна строка</p>"),
    ("Первый\n\nВторой", "<p>Первый</p><p>Второй</p>"),
    ("Первый\r\n\r\nВторой", "<p>Первый</p><p>Второй</p>"),
    ("Строка\nещё строка", "<p>Строка<br>ещё строка</p>"),
    ("Первый\n   \n\n\nВторой", "<p>Первый</p><p>Второй</p>"),
    ("- раз\n- два", "<ul><li>раз</li><li>два</li></ul>"),
    ("* раз\n* два", "<ul><li>раз</li><li>два</li></ul>"),
    ("• раз\n– два", "<ul><li>раз</li><li>два</li></ul>"),
    ("1. раз\n2) два", "<ol><li>раз</li><li>два</li></ol>"),
    ("Нужно:\n- раз\n- два\nИтог", "<p>Нужно:</p><ul><li>раз</li><li>два</li></ul><p>Итог</p>"),
    ("- раз\n  дальше", "<ul><li>раз<br>дальше</li></ul>"),
    ("-5 градусов", "<p>-5 градусов</p>"),
    ("2026. Год", "<p>2026. Год</p>"),
    ("", ""),
    ("  \n \n", ""),
]


@pytest.mark.parametrize(("typed", "html"), CASES)
def test_typed_text_gets_paragraphs_and_lists(typed, html):
    assert plain_to_html(typed) == html


URLS = [
    "https://moc.example.ru",
    "http://moc.example.ru/a/b?x=1&y=2",
    "https://мойсайт.рф/путь/к/странице",
    "https://пример.рф/?q=кружки",
    "https://ru.wikipedia.org/wiki/Кружок_(организация)",
]
TRAILING = ["", ".", ",", "!", "?", ";", ":", "…", ")", "»", ").", "»."]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("after", TRAILING)
def test_addresses_become_links_without_the_punctuation_after_them(url, after):
    before = "(" if after.startswith(")") else "«" if after.startswith("»") else ""
    html = plain_to_html(f"Смотрите {before}{url}{after} — там всё.")
    href = url.replace("&", "&amp;")
    assert html == f"<p>Смотрите {before}{link(href)}{after} — там всё.</p>"


def test_an_address_without_a_scheme_links_to_https():
    assert plain_to_html("www.moc.example.ru") == (
        f"<p>{link('https://www.moc.example.ru', 'www.moc.example.ru')}</p>"
    )


def test_links_inside_list_items():
    html = plain_to_html("- сайт: https://мойсайт.рф\n- почта")
    assert html == f"<ul><li>сайт: {link('https://мойсайт.рф')}</li><li>почта</li></ul>"


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">нажми</a>',
    "<b>жирно</b> &amp; <i>курсив</i>",
    '"><svg onload=alert(1)>',
    "- <script>x()</script>",
    'https://example.ru/"><script>alert(1)</script>',
    "javascript:alert(1)",
]


@pytest.mark.parametrize("typed", HOSTILE)
def test_text_that_looks_like_html_is_shown_not_run(typed):
    html = plain_to_html(typed)
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "ul", "li", "a", "br"}
    assert all(href.startswith("https://") for href in re.findall(r'<a href="([^"]*)"', html))
    # What was typed reads back the same: every «<» was escaped, not parsed.
    assert "&lt;" in html or "<" not in typed


@pytest.mark.parametrize("typed", [typed for typed, _ in CASES] + HOSTILE)
def test_the_result_is_already_sanitized(typed):
    html = plain_to_html(typed)
    assert sanitize_html(html) == html


def test_stored_html_stays_and_typed_text_is_converted():
    assert stored_text_to_html("<p>Уже <b>HTML</b></p>") == "<p>Уже <b>HTML</b></p>"
    assert stored_text_to_html("раз\n\nдва") == "<p>раз</p><p>два</p>"
    # Typed text that went through the sanitizer once holds entities, not double-escaped.
    assert stored_text_to_html("AT&amp;T &lt;b&gt;") == "<p>AT&amp;T &lt;b&gt;</p>"
    assert stored_text_to_html("") == ""
    assert stored_text_to_html(None) == ""


def test_markup_is_told_from_typed_text():
    assert has_markup("<p>x</p>")
    assert not has_markup("a < b, 3 <5")
    assert not has_markup("AT&amp;T")


@pytest.mark.parametrize(
    "typed",
    [
        "Нужно:\n\n- раз\n- два\n  дальше\n\n1. один\n2. два",
        "Абзац со ссылкой https://мойсайт.рф/путь.\n\nВторой абзац\nс переносом",
        "Без адреса: сайт www.moc.example.ru",
    ],
)
def test_typed_text_reads_back_for_a_plain_textarea(typed):
    html = plain_to_html(typed)
    assert plain_to_html(html_to_typed_text(html)) == html


def test_formatted_text_reads_back_as_typed_text():
    html = '<h2>Раздел</h2><p><b>Важно</b>: <a href="https://a.ru/x">положение</a></p>'
    assert html_to_typed_text(html) == "Раздел\n\nВажно: положение (https://a.ru/x)"
    assert html_to_typed_text("просто текст") == "просто текст"


# --- the events migration --------------------------------------------------------------------

migration = importlib.import_module(
    "events.migrations.0004_plain_text_bodies_to_paragraphs_lists_links"
)


@pytest.mark.django_db
def test_the_migration_converts_typed_bodies_and_leaves_html_ones(
    django_capture_on_commit_callbacks,
):
    from events.models import Event, NewsItem

    typed = make_news(body="x")
    formatted = make_news(body="<p>Уже <b>HTML</b></p><ul><li>пункт</li></ul>")
    event = make_event(description="y")
    # Rows as the old textarea stored them (the model's save would sanitize, not convert).
    NewsItem.objects.filter(pk=typed.pk).update(
        body="Первый абзац\n\nНужно:\n- раз\n- два\nСайт: https://мойсайт.рф."
    )
    Event.objects.filter(pk=event.pk).update(
        description="Описание\n\nИтоги &amp; планы", results=""
    )
    updated_at = NewsItem.objects.get(pk=typed.pk).updated_at

    before = page_cache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        migration.convert_plain_bodies(apps, None)
    assert page_cache.generation() == before + 1  # kept public pages are rendered again

    typed.refresh_from_db()
    assert typed.body == (
        "<p>Первый абзац</p><p>Нужно:</p><ul><li>раз</li><li>два</li></ul>"
        f"<p>Сайт: {link('https://мойсайт.рф')}.</p>"
    )
    assert typed.updated_at == updated_at
    formatted.refresh_from_db()
    assert formatted.body == "<p>Уже <b>HTML</b></p><ul><li>пункт</li></ul>"
    event.refresh_from_db()
    assert event.description == "<p>Описание</p><p>Итоги &amp; планы</p>"
    assert event.results == ""

    migration.convert_plain_bodies(apps, None)  # twice is the same
    typed.refresh_from_db()
    assert typed.body.startswith("<p>Первый абзац</p>")


practices_migration = importlib.import_module(
    "best_practices.migrations.0005_typed_practice_texts_to_html"
)


@pytest.mark.django_db
def test_the_practices_migration_converts_every_typed_text_once():
    from best_practices.models import Practice
    from tests.best_practices.factories import make_practice

    practice = make_practice(
        description="Этапы:\n- выезд\n- занятие", results="<b>жирно</b> & всё", resources=""
    )

    practices_migration.convert_typed_texts(apps, None)
    practices_migration.convert_typed_texts(apps, None)  # a re-run converts nothing again

    practice = Practice.objects.get(pk=practice.pk)
    assert practice.description == "<p>Этапы:</p><ul><li>выезд</li><li>занятие</li></ul>"
    assert practice.results == "<p>&lt;b&gt;жирно&lt;/b&gt; &amp; всё</p>"
    assert practice.resources == ""
