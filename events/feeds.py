"""The news RSS feed (django.contrib.syndication writes and escapes the XML)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from moc_portal.core.richtext import html_to_text
from moc_portal.models import SiteSettings

from .selectors import latest_news

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "ru"

    def title(self):
        return f"Новости — {SiteSettings.load().moc_name}"

    def description(self):
        return "Новости муниципального опорного центра дополнительного образования детей"

    def link(self):
        return reverse("events:news_list")

    def items(self):
        return latest_news(FEED_ITEMS)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or html_to_text(item.body)[:600]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"news-{item.pk}"

    item_guid_is_permalink = False
