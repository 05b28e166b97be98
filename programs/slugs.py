"""Latin page addresses (slugs) from Russian titles.

The table matches RUSSIAN_MAP in Django's admin/js/urlify.js, so the slug the admin
pre-fills in the browser and the one the server makes when the field is left empty agree.
"""

from django.utils.text import slugify

# Fixed words of the site's addresses that stand where an organization's or a program's
# slug stands (/monitoring/2026-10/report/ next to /monitoring/2026-10/<organization>/).
# tests/programs/test_slugs.py walks the URL conf and fails when a new word is missing here.
RESERVED_SLUGS = frozenset(
    {
        "add",
        "admin",
        "delete",
        "edit",
        "export",
        "history",
        "my",
        "new",
        "report",
        "reports",
        "review",
        "template",
        "upload",
    }
)

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


def unique_slug(queryset, text, max_length=50, fallback="item"):
    """A slug from the text not used by any row of the queryset: "robot", "robot-2", …

    Pass the model's queryset without the object being edited. The unique constraint
    on the column still guards against two saves racing for the same slug.
    """
    base = slug_from_text(text, max_length) or fallback
    candidate, number = base, 1
    while candidate in RESERVED_SLUGS or queryset.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)].rstrip('-')}{suffix}"
    return candidate
