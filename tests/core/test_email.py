import pytest

from moc_portal.core.email import absolute_url, make_links_absolute, render_email

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://moc.example.ru"


def test_a_path_becomes_an_address_on_the_site():
    assert absolute_url("/news/x/") == "https://moc.example.ru/news/x/"
    assert absolute_url("news/x/") == "https://moc.example.ru/news/x/"


def test_absolute_addresses_and_mailto_stay_as_they_are():
    assert absolute_url("https://other.example.org/a") == "https://other.example.org/a"
    assert absolute_url("mailto:moc@example.ru") == "mailto:moc@example.ru"


def test_paths_standing_alone_in_text_are_made_absolute_and_nothing_else():
    body = (
        "Отчёт: /monitoring/2026-10/school/\n"
        "/practices/17/ — ваша практика (см. /about/)\n"
        "Дробь 1/2 и дата 05/11 остаются, как и https://example.org/x."
    )
    assert make_links_absolute(body) == (
        "Отчёт: https://moc.example.ru/monitoring/2026-10/school/\n"
        "https://moc.example.ru/practices/17/ — ваша практика (см. https://moc.example.ru/about/)\n"
        "Дробь 1/2 и дата 05/11 остаются, как и https://example.org/x."
    )


def test_a_mail_is_rendered_from_its_templates_with_one_line_subject(settings, tmp_path):
    (tmp_path / "t_subject.txt").write_text("Тема\n  {{ name }}\n")
    (tmp_path / "t_body.txt").write_text("Здравствуйте, {{ name }}! Ссылка: {{ link }}\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    message = render_email("t", {"name": "Ольга", "link": "/my/"}, ["a@example.ru"])

    assert message.subject == "Тема Ольга"
    assert message.body == "Здравствуйте, Ольга! Ссылка: https://moc.example.ru/my/\n"
    assert message.to == ["a@example.ru"]
