import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import NewsItem

from .conftest import make_news, png_file

pytestmark = pytest.mark.django_db


def test_news_list_shows_published_news_newest_first(client):
    make_news(title="Старая", days_ago=10)
    make_news(title="Свежая", days_ago=1)
    make_news(title="Черновик", status=NewsItem.Status.DRAFT)
    make_news(title="Завтрашняя", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(reverse("events:news_list"))
    assert [item.title for item in response.context["page"].object_list] == ["Свежая", "Старая"]


def test_news_page_and_404_for_a_draft(client):
    item = make_news(title="Итоги", body="<p>Текст <strong>итогов</strong></p>")
    draft = make_news(status=NewsItem.Status.DRAFT)
    response = client.get(item.get_absolute_url())
    assert "Текст <strong>итогов</strong>" in response.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_news_list_query_count_is_fixed(client, django_assert_max_num_queries):
    for days in range(40):
        make_news(days_ago=days + 1)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("events:news_list"), {"page": "9999"}).status_code == 200


def test_rss_feed_is_valid_xml_with_the_latest_news(client):
    make_news(title="Первая & главная", lead="Анонс <с> символами", days_ago=2)
    make_news(title="Вторая", days_ago=1)
    make_news(title="Черновик", status=NewsItem.Status.DRAFT)
    response = client.get(reverse("events:news_feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.find("language").text == "ru"
    items = channel.findall("item")
    assert [item.find("title").text for item in items] == ["Вторая", "Первая & главная"]
    assert items[1].find("description").text == "Анонс <с> символами"
    assert items[0].find("link").text.startswith("http")
    assert items[0].find("pubDate").text


def test_home_shows_the_latest_three_news(client):
    for days in (4, 1, 3, 2):
        make_news(title=f"{days} дн.", days_ago=days)
    response = client.get(reverse("home"))
    assert [item.title for item in response.context["news"]] == ["1 дн.", "2 дн.", "3 дн."]


def test_big_image_is_shrunk_on_save(settings):
    item = make_news(image=png_file(3000, 1500), image_alt="Дети у стенда")
    from PIL import Image

    with Image.open(item.image.path) as image:
        assert image.size == (1600, 800)


def test_image_without_alt_text_is_refused():
    from django.core.exceptions import ValidationError

    item = NewsItem(title="С картинкой", slug="s-kartinkoj", body="<p>x</p>", image=png_file())
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "image_alt" in error.value.message_dict
