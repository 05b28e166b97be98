"""Every public page type the measuring tests visit, as data.

Each entry names a URL and how to find an object for it in the demo data
(`moc_portal.demo.seed_demo` runs every app's demo module, so a new app's pages get their
objects from its own demo). A page whose URL name does not resolve, whose model is not
installed, or for which the demo made no object is skipped with that reason.
To cover a new page, add a line here.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone


class PageUnavailable(Exception):
    """The page cannot be visited in this build; the message says why."""


def first(model_label, lookup="slug", **filters):
    """kwargs for a detail URL: `lookup` of the first matching object of `model_label`."""

    def kwargs():
        try:
            model = apps.get_model(model_label)
        except LookupError as error:
            raise PageUnavailable(f"model {model_label} is not installed") from error
        # A callable value (timezone.localdate) is evaluated at visit time, not at import.
        lookups = {key: value() if callable(value) else value for key, value in filters.items()}
        value = (
            model._default_manager.filter(**lookups)
            .order_by("pk")
            .values_list(lookup, flat=True)
            .first()
        )
        if value is None:
            raise PageUnavailable(f"the demo data has no {model_label} matching {filters}")
        return {lookup: value}

    return kwargs


@dataclass(frozen=True)
class PublicPage:
    label: str
    url_name: str
    kwargs: object = None  # a callable returning the URL's kwargs
    query: str = ""
    extra: dict = field(default_factory=dict)

    def path(self):
        kwargs = self.kwargs() if self.kwargs else {}
        try:
            return reverse(self.url_name, kwargs=kwargs) + self.query
        except NoReverseMatch as error:
            raise PageUnavailable(f"URL name {self.url_name!r} does not resolve") from error


PUBLISHED = {"status": "published"}

PAGES = [
    PublicPage("home", "home"),
    PublicPage("catalogue", "programs:list"),
    PublicPage(
        "catalogue-filtered",
        "programs:list",
        query="?direction=tech&direction=art&age=9&payment=free&sort=title",
    ),
    PublicPage("catalogue-empty", "programs:list", query="?q=ъъъъъ"),
    PublicPage("program", "programs:detail", first("programs.Program", **PUBLISHED)),
    PublicPage("organizations", "programs:organization_list"),
    PublicPage(
        "organization",
        "programs:organization_detail",
        first("programs.Organization", is_active=True),
    ),
    PublicPage("about", "about"),
    PublicPage("contacts", "contacts"),
    PublicPage("privacy", "privacy"),
    PublicPage("accessibility", "accessibility"),
    PublicPage("events", "events:list"),
    PublicPage("events-past", "events:archive"),
    PublicPage("event", "events:detail", first("events.Event", **PUBLISHED)),
    # An upcoming event's page also offers registration and «Добавить в календарь».
    PublicPage(
        "event-upcoming",
        "events:detail",
        first("events.Event", starts_on__gte=timezone.localdate, **PUBLISHED),
    ),
    PublicPage("news", "events:news_list"),
    PublicPage("news-item", "events:news_detail", first("events.NewsItem", **PUBLISHED)),
    PublicPage("documents", "events:document_list"),
    PublicPage("practices", "best_practices:list"),
    PublicPage("practice", "best_practices:detail", first("best_practices.Practice", **PUBLISHED)),
    PublicPage("practice-submit", "best_practices:submit"),
    PublicPage("opendata", "opendata:index"),
    PublicPage("consultations", "consultations:list"),
    PublicPage("survey-index", "quality:index"),
    PublicPage(
        "survey",
        "quality:survey",
        first(
            "quality.Campaign",
            starts_on__lte=timezone.localdate,
            ends_on__gte=timezone.localdate,
        ),
    ),
    PublicPage(
        "survey-results",
        "quality:results",
        first("quality.Campaign", results_published=True),
    ),
]

# The version for the visually impaired in settings that together exercise every option.
VISION_MODES = {
    "normal": None,
    "vi-wb-large": "font:3|scheme:wb|images:on|spacing:normal",
    "vi-bw-wide": "font:2|scheme:bw|images:off|spacing:wide",
    "vi-blue": "font:1|scheme:blue|images:on|spacing:wide",
}
