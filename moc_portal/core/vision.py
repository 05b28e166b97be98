"""The version for the visually impaired (Приказ Рособрнадзора № 831, ГОСТ Р 52872-2019).

A person's choices live in one cookie, so every page can render them on the server and the
switch works without JavaScript. The cookie is parsed against closed lists: whatever a
browser sends, only known values reach the templates (they become CSS classes).
"""

from dataclasses import dataclass, replace

COOKIE_NAME = "moc_vision"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60

# (value, label) in the order the panel shows them; the first is the default.
FONT_SIZES = [("1", "обычный"), ("2", "крупный"), ("3", "очень крупный")]
SCHEMES = [
    ("wb", "чёрным по белому"),
    ("bw", "белым по чёрному"),
    ("blue", "тёмно-синим по голубому"),
]
IMAGES = [("on", "показывать"), ("off", "не показывать")]
SPACINGS = [("normal", "обычный"), ("wide", "увеличенный")]

OPTIONS = {"font": FONT_SIZES, "scheme": SCHEMES, "images": IMAGES, "spacing": SPACINGS}
# The query parameters /accessibility/ understands: a setting, or enabled=1/0.
PARAMETERS = (*OPTIONS, "enabled")


@dataclass(frozen=True)
class Vision:
    enabled: bool = False
    font: str = FONT_SIZES[0][0]
    scheme: str = SCHEMES[0][0]
    images: str = IMAGES[0][0]
    spacing: str = SPACINGS[0][0]

    @property
    def css_classes(self):
        """Classes for <html>: empty in the normal version."""
        if not self.enabled:
            return ""
        return (
            f"vi vi-font-{self.font} vi-scheme-{self.scheme} "
            f"vi-images-{self.images} vi-spacing-{self.spacing}"
        )

    def with_choices(self, choices):
        """A copy with the known choices from `choices` (a QueryDict or dict) applied."""
        changes = {}
        for name, values in OPTIONS.items():
            value = choices.get(name)
            if value in dict(values):
                changes[name] = value
        if choices.get("enabled") in {"0", "1"}:
            changes["enabled"] = choices.get("enabled") == "1"
        elif changes:
            changes["enabled"] = True  # choosing a setting turns the version on
        return replace(self, **changes)

    def to_cookie(self):
        if not self.enabled:
            return ""
        return "|".join(f"{name}:{getattr(self, name)}" for name in OPTIONS)

    def panel(self):
        """[(name, title, [(value, label, is_current)])] for the settings panel."""
        titles = {
            "font": "Размер шрифта",
            "scheme": "Цвета",
            "images": "Изображения",
            "spacing": "Интервал между буквами",
        }
        return [
            (
                name,
                titles[name],
                [(value, label, getattr(self, name) == value) for value, label in values],
            )
            for name, values in OPTIONS.items()
        ]


def from_cookie(raw):
    """The settings a cookie value describes; anything unknown falls back to the default."""
    if not raw:
        return Vision()
    pairs = dict(part.split(":", 1) for part in raw.split("|") if ":" in part)
    return Vision().with_choices({**pairs, "enabled": "1"})


def from_request(request):
    return from_cookie(request.COOKIES.get(COOKIE_NAME, ""))
