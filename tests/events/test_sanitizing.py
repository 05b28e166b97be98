import pytest

from events.models import Event
from events.services.saving import save_event

from .conftest import make_event, make_news

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Привет <script>alert(1)</script>'
    '<a href="javascript:alert(2)">ссылка</a> <a href="https://example.ru">сайт</a>'
    '<img src=x onerror="alert(3)"><iframe src="https://evil"></iframe>'
    '<style>body{display:none}</style><strong style="color:red">жирный</strong></p>'
)


def assert_clean(html):
    lowered = html.lower()
    for bad in (
        "<script",
        "alert(",
        "onclick",
        "onerror",
        "javascript:",
        "<iframe",
        "<style",
        "style=",
        "<img",
    ):
        assert bad not in lowered, bad
    assert "Привет" in html
    assert "<strong>жирный</strong>" in html
    assert 'href="https://example.ru"' in html


def test_event_description_and_results_are_sanitized_on_save():
    event = make_event(description=HOSTILE, results=HOSTILE)
    event.refresh_from_db()
    assert_clean(event.description)
    assert_clean(event.results)


def test_news_body_is_sanitized_on_save():
    item = make_news(body=HOSTILE)
    item.refresh_from_db()
    assert_clean(item.body)


def test_sanitized_text_is_what_the_page_shows(client):
    event = make_event(description=HOSTILE)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "alert(" not in html
    assert "onclick" not in html


def test_update_through_queryset_save_path_also_cleans():
    event = make_event()
    event = Event.objects.get(pk=event.pk)
    event.description = '<a href="JaVaScRiPt:alert(1)">x</a>'
    save_event(event)
    event.refresh_from_db()
    assert "javascript" not in event.description.lower()
