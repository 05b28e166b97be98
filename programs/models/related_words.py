"""Related words for the catalogue's search, kept by methodists (programs.search)."""

from django.core.exceptions import ValidationError
from django.db import models

from moc_portal.core.search_text import words


class RelatedWords(models.Model):
    """Words a parent means by another word: «рисование» → «рисунок, живопись, изо».

    Methodists keep the list in the admin. A query word of the same stem as `word` also
    finds programs with any of the related words; the relation goes one way only.
    """

    word = models.CharField(
        "слово запроса",
        max_length=60,
        unique=True,
        help_text="Одно слово в любой форме: «рисование» действует и для «рисованию».",
    )
    related = models.CharField(
        "связанные слова",
        max_length=500,
        help_text="Через запятую: «рисунок, живопись, изо». Слово до трёх букв находит "
        "только само себя целиком («изо» — не «изобретатель»).",
    )

    class Meta:
        verbose_name = "связанные слова для поиска"
        verbose_name_plural = "связанные слова для поиска"
        ordering = ["word"]

    def __str__(self):
        return f"{self.word} → {self.related}"

    def clean(self):
        query_words = words(self.word)
        if len(query_words) != 1:
            raise ValidationError({"word": "Нужно одно слово."})
        self.word = query_words[0]
        related = [words(item) for item in self.related.split(",")]
        if not any(related) or any(len(item) > 1 for item in related):
            raise ValidationError({"related": "Слова через запятую, по одному между запятыми."})
        self.related = ", ".join(item[0] for item in related if item)

    def related_words(self):
        return [word.strip() for word in self.related.split(",") if word.strip()]
