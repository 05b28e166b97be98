"""The РМЦ file: one row per practice with every field, scores and links; read back."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from best_practices.models import Practice, Status
from best_practices.services.transfer import (
    TransferError,
    build_transfer_file,
    transfer_to_rmc,
)
from moc_portal.models import SiteSettings

from .factories import make_material, make_methodist, make_practice, make_review

pytestmark = pytest.mark.django_db

HEADER_ROW = 3  # a title row and a blank one above the header


def read(content):
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[HEADER_ROW - 1])
    return header, [dict(zip(header, row, strict=False)) for row in rows[HEADER_ROW:]]


@pytest.fixture
def published(settings):
    settings.SITE_URL = "https://moc.example.ru"
    practice = make_practice(
        Status.PUBLISHED,
        title='=HYPERLINK("http://evil")',
        authors="Иванова А. П.\nПетров И. И.",
        age_min=7,
        age_max=12,
    )
    make_review(practice, scores=(5, 5, 4, 4))
    make_review(practice, scores=(3, 4, 4, 2))
    make_review(practice, done=False)
    make_material(practice, "Положение", file="a.pdf")
    make_material(practice, "Видео", video_url="https://rutube.ru/video/9/")
    return practice


def test_the_file_has_every_field_scores_and_absolute_links(published):
    header, rows = read(build_transfer_file(Practice.objects.all()))
    assert header == [
        "Рег. номер",
        "Название",
        "Направленность",
        "Категория",
        "Авторы",
        "Организация",
        "Возраст от",
        "Возраст до",
        "Год",
        "Аннотация",
        "Проблема",
        "Описание",
        "Измеримые результаты",
        "Ресурсы",
        "Опубликована",
        "Экспертных оценок",
        "Средний балл",
        "Актуальность, ср.",
        "Новизна, ср.",
        "Результативность, ср.",
        "Тиражируемость, ср.",
        "Страница практики",
        "Материалы",
        "Передана в РМЦ",
    ]
    (row,) = rows
    assert row["Рег. номер"] == published.reference
    # A title that looks like a formula stays text.
    assert row["Название"] == '=HYPERLINK("http://evil")'
    assert row["Направленность"] == "Техническая"
    assert row["Категория"] == "Педагогическая технология"
    assert row["Авторы"] == "Иванова А. П.\nПетров И. И."
    assert (row["Возраст от"], row["Возраст до"], row["Год"]) == (7, 12, 2026)
    assert row["Экспертных оценок"] == 2
    assert row["Средний балл"] == pytest.approx((4.5 + 3.25) / 2)
    assert row["Актуальность, ср."] == pytest.approx(4)
    assert row["Тиражируемость, ср."] == pytest.approx(3)
    assert row["Страница практики"] == f"https://moc.example.ru/practices/{published.slug}/"
    links = row["Материалы"].split("\n")
    assert links[0].startswith(f"https://moc.example.ru/practices/{published.slug}/materials/")
    assert links[1] == "https://rutube.ru/video/9/"
    assert isinstance(row["Опубликована"], datetime.datetime)
    assert published.contact_email not in str(row.values())


def test_the_file_is_built_in_a_fixed_number_of_queries(published, django_assert_num_queries):
    for _ in range(5):
        make_practice(Status.PUBLISHED)
    SiteSettings.load()  # the page header's МОЦ name comes from the cached site settings
    with django_assert_num_queries(2):
        build_transfer_file(Practice.objects.all())


def test_transfer_marks_the_practices_with_the_date_and_the_person(published):
    methodist = make_methodist()
    content, count = transfer_to_rmc(Practice.objects.filter(pk=published.pk), by=methodist)
    published.refresh_from_db()
    assert count == 1
    assert published.transferred_by == methodist
    assert published.transferred_at is not None
    _, rows = read(content)
    assert rows[0]["Передана в РМЦ"].date() == timezone.localdate()


def test_only_published_practices_are_transferred():
    under_review = make_practice(Status.REVIEW)
    with pytest.raises(TransferError):
        transfer_to_rmc([under_review])
    under_review.refresh_from_db()
    assert under_review.transferred_at is None


def test_the_command_exports_practices_published_since_a_date(published, tmp_path):
    old = make_practice(Status.PUBLISHED, title="Старая")
    Practice.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=400)
    )
    out = tmp_path / "rmc.xlsx"
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    call_command("export_practices", "--since", since, "--out", str(out))
    _, rows = read(out.read_bytes())
    assert [row["Рег. номер"] for row in rows] == [published.reference]
    published.refresh_from_db()
    old.refresh_from_db()
    assert published.transferred_at is not None and old.transferred_at is None


def test_the_command_can_leave_practices_unmarked(published, tmp_path):
    out = tmp_path / "rmc.xlsx"
    call_command("export_practices", "--since", "2000-01-01", "--out", str(out), "--no-mark")
    assert out.exists()
    published.refresh_from_db()
    assert published.transferred_at is None


def test_the_command_explains_a_bad_date():
    with pytest.raises(CommandError, match="ГГГГ-ММ-ДД"):
        call_command("export_practices", "--since", "01.01.2026")
