import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from moc_portal.core.vision import COOKIE_NAME, Vision, from_cookie

pytestmark = pytest.mark.django_db


def test_an_unknown_or_missing_cookie_means_the_normal_version():
    assert from_cookie("") == Vision()
    assert from_cookie("garbage") == Vision(enabled=True)
    assert from_cookie("font:9|scheme:<script>") == Vision(enabled=True)


def test_the_cookie_round_trips_every_choice():
    chosen = Vision().with_choices(
        {"font": "3", "scheme": "blue", "images": "off", "spacing": "wide"}
    )
    assert chosen.enabled
    assert from_cookie(chosen.to_cookie()) == chosen
    assert chosen.css_classes.split() == [
        "vi",
        "vi-font-3",
        "vi-scheme-blue",
        "vi-images-off",
        "vi-spacing-wide",
    ]


def test_a_choice_sets_the_cookie_and_leads_back_to_the_page(client):
    response = client.get("/accessibility/", {"scheme": "bw", "next": "/programs/?age=9"})
    assert response.status_code == 302
    assert response["Location"] == "/programs/?age=9"
    assert "scheme:bw" in response.cookies[COOKIE_NAME].value

    page = client.get("/programs/")
    assert b'<html lang="ru" class="vi vi-font-1 vi-scheme-bw' in page.content
    way_back = f'href="{reverse("accessibility")}?enabled=0&amp;next=/programs/"'
    assert way_back in page.content.decode()


def test_another_site_as_next_leads_to_the_settings_page_instead(client):
    response = client.get("/accessibility/", {"enabled": "1", "next": "https://evil.example/phish"})
    assert response["Location"] == "/accessibility/"


def test_the_way_back_removes_the_cookie(client):
    client.cookies[COOKIE_NAME] = "font:2|scheme:wb|images:on|spacing:normal"
    response = client.get("/accessibility/", {"enabled": "0", "next": "/about/"})
    assert response["Location"] == "/about/"
    assert response.cookies[COOKIE_NAME].value == ""
    assert b"vi-font" not in client.get("/about/").content


def test_every_page_offers_the_switch_and_the_privacy_policy(client):
    html = client.get("/").content.decode()
    assert "/accessibility/?enabled=1&amp;next=/" in html
    assert 'href="/privacy/"' in html


def test_the_settings_page_lists_the_options_without_changing_anything(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    assert COOKIE_NAME not in response.cookies


def test_the_privacy_policy_page_shows_the_site_settings_text(client):
    from moc_portal.models import SiteSettings

    site = SiteSettings.load()
    site.privacy_policy = "Мы храним только то, что вы сами написали."
    site.personal_data_retention_days = 30
    site.save()
    html = client.get("/privacy/").content.decode()
    assert "Мы храним только то, что вы сами написали." in html
    assert "30 дней" in html


@pytest.mark.parametrize("near", ["58.06,37.11", "nonsense"])
def test_the_switch_leads_back_without_the_familys_point(client, near):
    html = client.get("/programs/", {"near": near, "age": "9", "sort": "distance"}).content.decode()
    nexts = re.findall(r'href="/accessibility/\?[^"]*next=([^"]*)"', html)
    assert nexts and all("near" not in unquote(value) for value in nexts)
    assert all(unquote(value) == "/programs/?age=9&sort=distance" for value in nexts)
    # The link still leads back there (a same-site address, as every `next` must be).
    response = client.get("/accessibility/", {"enabled": "1", "next": unquote(nexts[0])})
    assert response.status_code == 302 and response["Location"] == unquote(nexts[0])
