"""Page addresses (slugs): Latin slugs from Russian titles, and the words they may not take.

One way for every path that makes a slug (admin forms, imports, services, demo data):
`unique_slug()` steps over the slugs in use and over the reserved words.

The reserved words are read from the URL conf when a slug is checked: every fixed word of
the site's addresses (`report` in /monitoring/<period>/report/, `submit` in
/practices/submit/, `events`, `admin` …). A section that adds an address reserves its words
by adding it; no list to keep and no migration to write. The `NotReservedWord` validator on
every slug field refuses them in forms and in the import; `rename_reserved_slugs()` gives the
rows of a model that already hold one a free slug (the migration that introduced the set
called it). For the admin: `AutoSlugForm` (an empty slug is made from the title) and
`public_link()` (a list column that opens the public page).

The transliteration table matches RUSSIAN_MAP in Django's admin/js/urlify.js, so the slug
the admin pre-fills in the browser and the one the server makes when the field is left empty
agree.
"""

import re
from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf
from django.utils.deconstruct import deconstructible
from django.utils.html import format_html
from django.utils.text import slugify

RUSSIAN_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "j",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "c",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}
_TRANSLATION = str.maketrans(RUSSIAN_TO_LATIN)
# A whole path segment that a slug could equal: no converter, no dot («calendar.ics»).
_SLUG_SHAPED = re.compile(r"^[-a-zA-Z0-9_]+$")


def transliterate(text):
    """Russian letters to Latin ones; other characters are left as they are."""
    return (text or "").lower().translate(_TRANSLATION)


def slug_from_text(text, max_length=50):
    """«Юный техник 3D» -> "yunyj-tehnik-3d", cut at a word boundary when it is too long."""
    slug = slugify(transliterate(text))
    if len(slug) > max_length:
        slug = slug[:max_length]
        if "-" in slug:
            slug = slug.rsplit("-", 1)[0]
    return slug.strip("-")


# --- Reserved words: the fixed words of the site's addresses ---------------------------------


def _literal_words(patterns):
    for pattern in patterns:
        route = getattr(pattern.pattern, "_route", None)
        if route is not None:  # path(); a re_path() has no words to take literally
            yield from (part for part in route.split("/") if _SLUG_SHAPED.match(part))
        if isinstance(pattern, URLResolver):
            yield from _literal_words(pattern.url_patterns)
        elif not isinstance(pattern, URLPattern):  # pragma: no cover - Django has only these two
            raise TypeError(pattern)


@lru_cache(maxsize=4)
def _reserved_words_of(urlconf):
    return frozenset(word.lower() for word in _literal_words(get_resolver(urlconf).url_patterns))


def reserved_words():
    """Every fixed word of the site's addresses, from the URL conf in use."""
    return _reserved_words_of(get_urlconf() or settings.ROOT_URLCONF)


def _forget_reserved_words(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reserved_words_of.cache_clear()


setting_changed.connect(_forget_reserved_words)


@deconstructible
class NotReservedWord:
    """A slug field's validator: the slug is not a fixed word of the site's addresses.

    The words are read when a value is checked, so the field's definition (and its
    migration) does not change when a section adds an address.
    """

    def __call__(self, value):
        if value in reserved_words():
            raise ValidationError(
                "Адрес «%(value)s» занят служебной страницей портала; выберите другой, "
                "например «%(value)s-2».",
                code="reserved_slug",
                params={"value": value},
            )

    def __eq__(self, other):
        return isinstance(other, NotReservedWord)

    def __hash__(self):
        return hash(NotReservedWord)


# --- Making a free slug ----------------------------------------------------------------------


def unique_slug(taken, text, max_length=50, fallback="item"):
    """A slug from the text that is neither reserved nor taken: "robot", "robot-2", …

    `taken` is a queryset of the model without the object being edited (the unique
    constraint on the column still guards against two saves racing for the same slug), or
    a set of the slugs in use, which a batch (an import, demo data) fills as it goes.
    """
    if isinstance(taken, QuerySet):

        def in_use(slug):
            return taken.filter(slug=slug).exists()
    else:
        in_use = taken.__contains__
    reserved = reserved_words()
    base = slug_from_text(text, max_length) or fallback
    candidate, number = base, 1
    while candidate in reserved or in_use(candidate):
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    if not isinstance(taken, QuerySet):
        taken.add(candidate)
    return candidate


def rename_reserved_slugs(model):
    """Give every row of `model` whose slug is a reserved word a free one ("report-2").

    Takes a model class, so a migration can pass its historical model.
    """
    renamed = 0
    for row in model.objects.filter(slug__in=reserved_words()).only("pk", "slug"):
        others = model.objects.exclude(pk=row.pk)
        max_length = model._meta.get_field("slug").max_length
        new_slug = unique_slug(others, row.slug, max_length=max_length)
        model.objects.filter(pk=row.pk).update(slug=new_slug)
        renamed += 1
    return renamed


SLUG_HELP_TEXT = (
    "Латиницей. Если оставить пустым, адрес составится из названия. "
    "У опубликованной страницы лучше не менять: старые ссылки перестанут открываться."
)


class AutoSlugForm(forms.ModelForm):
    """An admin form whose slug is optional: left empty, it is made from `slug_source`.

    The admin pre-fills the slug in the browser as well; this covers a cleared field
    and forms sent without JavaScript.
    """

    slug_source = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = SLUG_HELP_TEXT

    def clean(self):
        cleaned_data = super().clean()
        source = cleaned_data.get(self.slug_source)
        slug_missing = "slug" in self.fields and "slug" not in self.errors
        if slug_missing and not cleaned_data.get("slug") and source:
            model = self._meta.model
            cleaned_data["slug"] = unique_slug(
                model.objects.exclude(pk=self.instance.pk),
                source,
                max_length=model._meta.get_field("slug").max_length,
            )
        return cleaned_data


def public_link(url):
    """An admin list column's link to a public page, or a dash when visitors cannot see it."""
    if not url:
        return "—"
    return format_html('<a href="{}" target="_blank" rel="noopener">открыть</a>', url)
