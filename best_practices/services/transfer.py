"""The file for the Региональный модельный центр: one row per practice with every field,
the experts' scores and absolute links to the page and the materials.

The same function serves the admin action (which marks the practices transferred) and
`manage.py export_practices`.
"""

from django.db import transaction
from django.utils import timezone

from moc_portal.core.email import absolute_url
from moc_portal.core.richtext import html_to_typed_text
from moc_portal.core.spreadsheets import DECIMAL_FORMAT, Column, Sheet, build_xlsx

from ..models import CRITERIA, Category, Practice, Status
from ..selectors import for_transfer

DATE_FORMAT = "DD.MM.YYYY"

# Contacts of the author (e-mail, phone) are not passed on: the consent covers only the
# review by the МОЦ. The authors' names are public on the practice's page anyway.
COLUMNS = [
    Column("Рег. номер", 15),
    Column("Название", 40),
    Column("Направленность", 22),
    Column("Категория", 26),
    Column("Авторы", 35),
    Column("Организация", 35),
    Column("Возраст от", 8, "0", wrap_header=True),
    Column("Возраст до", 8, "0", wrap_header=True),
    Column("Год", 8, "0"),
    Column("Аннотация", 50),
    Column("Проблема", 50),
    Column("Описание", 60),
    Column("Измеримые результаты", 50),
    Column("Ресурсы", 40),
    Column("Опубликована", 13, DATE_FORMAT),
    Column("Экспертных оценок", 10, "0", wrap_header=True),
    Column("Средний балл", 10, DECIMAL_FORMAT, wrap_header=True),
    *[Column(f"{label}, ср.", 12, DECIMAL_FORMAT, wrap_header=True) for _, label in CRITERIA],
    Column("Страница практики", 45),
    Column("Материалы", 60),
    Column("Передана в РМЦ", 13, DATE_FORMAT, wrap_header=True),
]


class TransferError(Exception):
    """The transfer was refused; str(error) says why, in Russian."""


def practice_row(practice, transferred_on=None):
    materials = [absolute_url(material.get_absolute_url()) for material in practice.materials.all()]
    transferred = transferred_on or practice.transferred_at
    return [
        practice.reference,
        practice.title,
        practice.direction.name,
        Category(practice.category).label,
        "\n".join(practice.author_list),
        practice.organization_display,
        practice.age_min,
        practice.age_max,
        practice.year,
        practice.annotation,
        *(
            html_to_typed_text(text)
            for text in (
                practice.problem,
                practice.description,
                practice.results,
                practice.resources,
            )
        ),
        timezone.localdate(practice.published_at) if practice.published_at else None,
        practice.review_count,
        practice.average_score,
        *[getattr(practice, f"avg_{name}") for name, _ in CRITERIA],
        absolute_url(practice.get_absolute_url()),
        "\n".join(materials),
        timezone.localdate(transferred) if transferred else None,
    ]


def build_transfer_file(practices, *, transferred_at=None):
    """The XLSX bytes for the given practices (a queryset), in title order."""
    rows = (
        practice_row(practice, transferred_at)
        for practice in for_transfer(practices.order_by("title", "id"))
    )
    today = timezone.localdate()
    sheet = Sheet(
        title="Лучшие практики",
        columns=COLUMNS,
        rows=rows,
        title_rows=[f"Лучшие практики для РМЦ, выгрузка от {today:%d.%m.%Y}", ""],
        frozen_columns=2,
    )
    return build_xlsx([sheet])


def transfer_to_rmc(practices, *, by=None):
    """Build the file for the chosen practices and mark them «передана в РМЦ» now.

    Only published practices can be transferred. Returns (xlsx bytes, number of practices).
    """
    with transaction.atomic():
        chosen = Practice.objects.filter(pk__in=[p.pk for p in practices])
        not_published = chosen.exclude(status=Status.PUBLISHED).count()
        if not_published:
            raise TransferError(
                "В РМЦ передаются только опубликованные практики; "
                f"среди выбранных неопубликованных: {not_published}."
            )
        count = chosen.count()
        if not count:
            raise TransferError("Не выбрано ни одной практики.")
        now = timezone.now()
        chosen.update(transferred_at=now, transferred_by=by)
        content = build_transfer_file(chosen, transferred_at=now)
    return content, count


def published_since(since):
    return Practice.objects.filter(status=Status.PUBLISHED, published_at__date__gte=since)


def transfer_file_name(today=None):
    today = today or timezone.localdate()
    return f"luchshie-praktiki-{today:%Y-%m-%d}.xlsx"
