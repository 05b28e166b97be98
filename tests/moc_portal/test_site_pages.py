import re

import pytest
from django.urls import reverse

from moc_portal.models import SiteSettings
from moc_portal.templatetags.russian import plural_ru
from tests.factories import make_program
from tests.pages import element_text

pytestmark = pytest.mark.django_db


def test_the_plural_filter_takes_the_three_forms_from_the_template():
    # The rule itself is tested with the kernel (tests/core/test_text.py).
    assert plural_ru(21, "программа,программы,программ") == "21 программа"


def test_home_shows_the_six_directions_with_counts(client):
    make_program(direction="art")
    make_program(direction="art")
    make_program(direction="tech")
    response = client.get(reverse("home"))
    html = response.content.decode()
    for name in [
        "Техническая",
        "Естественнонаучная",
        "Художественная",
        "Физкультурно-спортивная",
        "Туристско-краеведческая",
        "Социально-гуманитарная",
    ]:
        assert name in html
    counts = {d.code: d.program_count for d in response.context["directions"]}
    assert counts == {"art": 2, "tech": 1, **dict.fromkeys(counts.keys() - {"art", "tech"}, 0)}
    for code, count in counts.items():  # each card shows its number
        assert re.findall(r"\d+", element_text(response, f"direction-{code}-count")) == [str(count)]
    assert 'action="/programs/"' in html
    assert 'href="/programs/?direction=art"' in html


def test_pages_show_the_site_settings(client):
    site = SiteSettings.load()
    site.moc_name = "МОЦ Краснохолмского муниципального округа"
    site.phone = "+7 (48237) 2-22-22"
    site.working_hours = "Пн–Пт 8:00–16:00"
    site.about_text = "Мы координируем дополнительное образование."
    site.created_on = "2022-03-01"
    site.save()
    about = client.get(reverse("about")).content.decode()
    assert "Мы координируем дополнительное образование." in about
    assert "1 марта 2022" in about
    contacts = client.get(reverse("contacts")).content.decode()
    assert "+7 (48237) 2-22-22" in contacts
    assert "МОЦ Краснохолмского муниципального округа" in contacts
    assert "Пн–Пт 8:00–16:00" in contacts  # the footer and the page


def test_saving_site_settings_refreshes_every_page(client):
    client.get(reverse("home"))
    site = SiteSettings.load()
    site.moc_name = "Новое название центра"
    site.save()
    assert "Новое название центра" in client.get(reverse("home")).content.decode()


def test_navigation_marks_the_current_section(client):
    html = client.get(reverse("programs:list")).content.decode()
    assert 'active" aria-current="page" href="/programs/"' in html


def test_layout_loads_bootstrap_from_our_own_static_files(client):
    html = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/bootstrap/js/bootstrap.bundle.min.js" in html
    assert "cdn" not in html.lower()
    assert "fonts.googleapis" not in html


def test_static_files_are_served(client):
    response = client.get("/static/css/portal.css")
    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert b".skip-link" in body


def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_readyz_answers_ok_when_the_database_answers(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200


def test_readyz_stays_ready_and_says_degraded_when_redis_does_not_answer(client, settings):
    """Pages work without Redis (they read the database): a balancer must keep the site in."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["ok", "redis: degraded"]


def test_unknown_page_is_a_russian_404(client):
    response = client.get("/programs/no-such-program/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_the_about_page_states_the_target_model_and_links_the_founding_documents(
    client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    from events.models import Document

    settings.MEDIA_ROOT = tmp_path

    def document(title, category, status=Document.Status.PUBLISHED):
        item = Document(title=title, category=category, status=status, number="45-од")
        item.file.save("doc.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
        item.save()
        return item

    regulations = document("Положение о МОЦ", Document.Category.REGULATIONS)
    order = document("Приказ о создании МОЦ", Document.Category.NORMATIVE)
    document("Приказ об утверждении плана", Document.Category.NORMATIVE)
    document("Положение (проект)", Document.Category.REGULATIONS, Document.Status.DRAFT)

    html = client.get(reverse("about")).content.decode()

    assert "Целевой моделью" in html and "№ 467" in html and "3 сентября 2019" in html
    assert "«Успех каждого ребёнка»" in html and "«Образование»" in html
    assert 'href="https://edu.gov.ru/national-project/' in html
    assert f'href="{regulations.get_absolute_url()}"' in html
    assert f'href="{order.get_absolute_url()}"' in html
    assert "Приказ об утверждении плана" not in html
    assert "Положение (проект)" not in html
