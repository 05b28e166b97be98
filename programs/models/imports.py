"""What the search and the import keep beside the catalogue: the search vocabulary's words
and the headers methodists teach the import."""

from django.db import models


class SearchWord(models.Model):
    """A word of the public catalogue, for correcting typos in search queries.

    One row per distinct word of public programs' titles, annotations and organization
    names, with the number of public programs that use it. The catalogue's write services
    keep it in step (`programs.services.saving`, through `search_vocabulary.kept_in_step`);
    `manage.py rebuild_search_vocabulary` recomputes it from scratch.
    """

    word = models.CharField("слово", max_length=60, unique=True)
    stem = models.CharField("основа", max_length=60)
    programs = models.PositiveIntegerField("программ со словом", default=0)

    class Meta:
        verbose_name = "слово поискового словаря"
        verbose_name_plural = "поисковый словарь"
        ordering = ["word"]

    def __str__(self):
        return self.word


class ImportHeaderAlias(models.Model):
    """A column header a file may use for one of the import's columns («Наименование ДООП»).

    The import knows the open-data keys and the usual Russian headers itself; methodists add
    the headers their organizations' files use here. Headers match case- and ё-insensitively.
    """

    class Target(models.TextChoices):
        PROGRAM = "program", "Программы"
        ORGANIZATION = "organization", "Организации"

    target = models.CharField("что загружается", max_length=20, choices=Target.choices)
    header = models.CharField("заголовок в файле", max_length=200)
    column = models.CharField(
        "колонка импорта",
        max_length=40,
        help_text="Код колонки, например title, organization, age_min, payment, short_name, inn.",
    )

    class Meta:
        verbose_name = "заголовок для импорта"
        verbose_name_plural = "заголовки для импорта"
        ordering = ["target", "header"]
        constraints = [
            models.UniqueConstraint(fields=["target", "header"], name="import_alias_unique_header")
        ]

    def __str__(self):
        return f"{self.header} → {self.column}"

    def clean(self):
        # Which columns a target has is the import's knowledge: the admin form checks it.
        self.header = " ".join((self.header or "").split())
