"""Rich text through the pages: the admin's editor widget on the body fields, a formatted body
saved in the admin and shown on the public page, the practices' typed texts shown with
paragraphs, lists and links, and an author's returned practice opened as typed text."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from best_practices.models import Practice, Status
from events.models import Event
from tests.best_practices.factories import make_practice
from tests.best_practices.test_submit import form_data  # noqa: F401 (a fixture)
from tests.core.test_admin_locking import OPENED
from tests.events.conftest import make_event, make_news
from tests.pages import opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def methodist(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("anna", password="x"))
    return client


def editor_fields(page):
    return set(re.findall(r'<textarea name="(\w+)"[^>]*data-richtext', page.content.decode()))


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        (lambda: reverse("admin:events_newsitem_add"), {"body"}),
        (lambda: reverse("admin:events_event_add"), {"description", "results"}),
        (
            lambda: reverse(
                "admin:best_practices_practice_change",
                args=[make_practice(Status.SCREENING).pk],
            ),
            {"problem", "description", "results", "resources"},
        ),
    ],
)
def test_the_admin_forms_use_the_editor_and_load_its_script(methodist, url, fields):
    page = methodist.get(url())
    assert page.status_code == 200
    assert editor_fields(page) == fields
    html = page.content.decode()
    assert re.search(r'<script src="[^"]*js/richtext_editor\.js"', html)
    assert re.search(r'<link href="[^"]*css/richtext_editor\.css"', html)


def test_pages_without_the_editor_do_not_load_it(methodist):
    page = methodist.get(reverse("admin:index"))
    assert "richtext_editor" not in page.content.decode()
    public = Client().get(reverse("best_practices:submit"))
    assert public.status_code == 200
    assert "richtext_editor" not in public.content.decode()
    assert "data-richtext" not in public.content.decode()


def test_a_formatted_news_body_saved_in_the_admin_shows_on_the_public_page(methodist):
    news = make_news(title="Новость", published_at=OPENED)
    url = reverse("admin:events_newsitem_change", args=[news.pk])
    form = opened(methodist, url)
    form["body"] = (
        "<h2>Итоги</h2><p>Первый <b>абзац</b>.</p><ul><li>раз</li><li>два</li></ul>"
        '<p><a href="https://мойсайт.рф/путь" onclick="x()">сайт</a></p><script>bad()</script>'
    )
    response = methodist.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors

    news.refresh_from_db()
    assert "<script" not in news.body and "onclick" not in news.body
    page = Client().get(news.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h2>Итоги</h2><p>Первый <b>абзац</b>.</p><ul><li>раз</li><li>два</li></ul>" in html
    assert '<a href="https://мойсайт.рф/путь" rel="noopener noreferrer nofollow">сайт</a>' in html
    assert "bad()" not in html


def test_an_event_description_from_the_admin_editor_is_stored_clean(methodist):
    event = make_event(title="Слёт")
    url = reverse("admin:events_event_change", args=[event.pk])
    form = opened(methodist, url)
    form["description"] = '<p style="color:red">Текст</p><ol><li>первый</li></ol>'
    response = methodist.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).description == "<p>Текст</p><ol><li>первый</li></ol>"


def test_a_practice_formatted_in_the_admin_is_sanitized(methodist):
    practice = make_practice(Status.SCREENING)
    url = reverse("admin:best_practices_practice_change", args=[practice.pk])
    form = opened(methodist, url)
    form["description"] = '<p>Этапы:</p><ul><li onclick="x()">выезд</li></ul><script>x()</script>'
    response = methodist.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.description == "<p>Этапы:</p><ul><li>выезд</li></ul>"


def test_a_practice_typed_in_the_public_form_shows_with_paragraphs_lists_and_links(form_data):  # noqa: F811
    typed = "Первый абзац.\n\nЭтапы:\n- выезд\n* занятие\n\nПодробно: https://мойсайт.рф/о-нас."
    hostile = '<script>alert(1)</script> & <b onclick="x()">жирно</b>'
    response = Client().post(
        reverse("best_practices:submit"),
        {**form_data, "description": typed, "results": hostile},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    practice = Practice.objects.get()
    Practice.objects.filter(pk=practice.pk).update(
        status=Status.PUBLISHED, published_at=practice.created_at
    )

    page = Client().get(practice.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<p>Первый абзац.</p><p>Этапы:</p><ul><li>выезд</li><li>занятие</li></ul>" in html
    assert '<a href="https://мойсайт.рф/о-нас" rel="noopener noreferrer nofollow">' in html
    # What looked like tags was typed text: shown as typed, never run or applied.
    assert "<script>alert(1)</script>" not in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick=" in html


def test_a_practices_old_typed_text_shows_with_paragraphs_and_links():
    practice = make_practice(Status.PUBLISHED, resources="Автобус\n\n- наборы https://a.ru/x")
    html = Client().get(practice.get_absolute_url()).content.decode()
    assert '<p>Автобус</p><ul><li>наборы <a href="https://a.ru/x"' in html


def test_a_returned_practice_opens_for_its_author_as_typed_text():
    practice = make_practice(
        Status.RETURNED, description="<p>Этапы:</p><ul><li>выезд</li><li>занятие</li></ul>"
    )
    page = Client().get(reverse("best_practices:revise", args=[practice.edit_token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Этапы:\n\n- выезд\n- занятие</textarea>" in html
    assert Practice.objects.get(pk=practice.pk).description.startswith("<p>")


def test_an_expert_reads_a_practices_texts_formatted():
    from tests.best_practices.factories import make_expert, make_review

    expert = make_expert("expert")
    practice = make_practice(Status.REVIEW, description="<p>Этапы</p><ul><li>раз</li></ul>")
    make_review(practice, expert, done=False)
    client = Client()
    client.force_login(expert)
    page = client.get(reverse("admin:best_practices_practice_change", args=[practice.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<p>Этапы</p><ul><li>раз</li></ul>" in html
    assert "&lt;p&gt;" not in html
    assert "contact_email" not in html
