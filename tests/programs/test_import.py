"""The import service: headers, values, identity, errors with nothing saved, round-trip."""

import io
import time
from decimal import Decimal

import pytest
from openpyxl import Workbook

from programs.models import ImportHeaderAlias, Organization, Program, ScheduleSlot
from programs.services.export_rows import (
    organization_rows,
    program_rows,
    rows_to_csv,
    rows_to_xlsx,
)
from programs.services.imports import import_organizations, import_programs
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db

HEADER = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig", delimiter=";"):
    lines = [delimiter.join(str(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def errors_of(result):
    return [(error.row, error.column, error.message) for error in result.errors]


def test_russian_headers_create_programs_with_levels_and_search_text(organization):
    content = xlsx(
        [
            HEADER + ["Оплата", "Стоимость", "Аннотация", "Расписание"],
            [
                "Юный техник",
                "ДДТ Красный Холм",
                "техническая",
                "Стартовый (ознакомительный); базовый",
                7,
                12,
                "по сертификату; платно",
                "1 500,50",
                "Роботы из конструктора",
                "Вт, Чт 15:00–16:30 (Группа 1)",
            ],
        ]
    )

    result = import_programs(content, filename="programs.xlsx")

    assert errors_of(result) == []
    assert result.counts == {"new": 1, "update": 0, "skip": 0}
    program = Program.objects.get()
    assert program.organization == organization
    assert program.direction.code == "tech"
    assert sorted(program.levels.values_list("code", flat=True)) == ["base", "start"]
    assert (program.is_free, program.accepts_certificate, program.is_paid) == (False, True, True)
    assert program.price_per_month == Decimal("1500.50")
    assert program.status == Program.Status.DRAFT
    assert program.slug == "yunyj-tehnik"
    assert "роботы из конструктора" in program.search_text
    assert "краснохолмский дом детского творчества" in program.search_text  # its full name
    slots = list(program.schedule_slots.values_list("weekday", "group_name"))
    assert slots == [(2, "Группа 1"), (4, "Группа 1")]


def test_headers_match_regardless_of_case_yo_and_spacing(organization):
    content = csv_bytes(
        [
            [
                "  НАЗВАНИЕ ",
                "организация",
                "НаправленностЬ",
                "УРОВЕНЬ:",
                "возраст  ОТ",
                "Возраст до",
                "Сетевая форма",
            ],
            ["Шахматы", "ДДТ Красный Холм", "физкультурно спортивная", "углублённый", 6, 10, "да"],
        ]
    )

    result = import_programs(content, filename="p.csv")

    assert errors_of(result) == []
    assert Program.objects.get().is_network is True


def test_a_title_above_the_table_is_passed_over_and_rows_keep_their_numbers(organization):
    content = xlsx(
        [
            ["Реестр дополнительных общеобразовательных программ на 2026/27 учебный год"],
            [],
            HEADER,
            ["Шахматы", "ДДТ Красный Холм", "sport", "start", 7, 12],
            ["Театр", "ДДТ Красный Холм", "art", "start", 12, 7],
        ]
    )

    result = import_programs(content)

    assert [(row, column) for row, column, _ in errors_of(result)] == [(5, "Возраст от")]


def test_a_new_program_needs_direction_levels_and_ages(organization):
    result = import_programs(xlsx([["Название", "Организация"], ["Шахматы", "ДДТ Красный Холм"]]))

    assert [column for _, column, _ in errors_of(result)] == [
        "Направленность",
        "Уровень",
        "Возраст от",
        "Возраст до",
    ]


def test_a_methodists_alias_maps_their_header_to_a_column(organization):
    ImportHeaderAlias.objects.create(target="program", header="Наименование ДООП", column="title")
    content = csv_bytes(
        [
            ["Наименование ДООП", "Организация", "Направленность", "Уровень", "Возраст от"]
            + ["Возраст до"],
            ["Театр", "ДДТ Красный Холм", "art", "Продвинутый (углублённый)", "8", "14"],
        ]
    )

    result = import_programs(content, filename="p.csv")

    assert errors_of(result) == []
    assert Program.objects.get().title == "Театр"


def test_open_data_export_columns_are_accepted(organization, settings):
    content = csv_bytes(
        [
            ["id", "slug", "title", "organization", "organization_slug", "direction", "levels"]
            + ["age_min", "age_max", "payment", "format", "ovz", "rural", "network"]
            + ["navigator_url", "url", "updated"],
            [
                "5",
                "x",
                "Экология",
                organization.short_name,
                organization.slug,
                "science",
                "start;base",
            ]
            + ["10", "15", "free;certificate", "mixed", "1", "0", "0"]
            + ["https://р69.навигатор.дети/program/4711", "https://moc/x", "2026-10-01"],
        ],
        delimiter=",",
    )

    result = import_programs(content, filename="export.csv")

    assert errors_of(result) == []
    assert result.unknown_headers == []
    program = Program.objects.get()
    assert program.navigator_id == "4711"
    assert program.study_form == Program.StudyForm.MIXED
    assert program.is_ovz_adapted is True
    assert (program.is_free, program.accepts_certificate, program.is_paid) == (True, True, False)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_in_utf8_and_windows_1251_is_read(organization, encoding):
    content = csv_bytes(
        [HEADER, ["Ёлочка умелых рук", "ДДТ Красный Холм", "Художественная", "Базовый", 5, 9]],
        encoding=encoding,
    )

    result = import_programs(content, filename="p.csv")

    assert errors_of(result) == []
    assert Program.objects.get().title == "Ёлочка умелых рук"


def test_navigator_id_updates_the_program_that_has_it_even_when_renamed(organization):
    program = make_program(organization=organization, title="Старое название", navigator_id="77")
    content = xlsx(
        [
            ["ID в Навигаторе", *HEADER],
            ["77", "Новое название", "ДДТ Красный Холм", "техническая", "базовый", 7, 12],
        ]
    )

    result = import_programs(content)

    assert errors_of(result) == []
    assert result.counts["update"] == 1
    program.refresh_from_db()
    assert program.title == "Новое название"
    assert Program.objects.count() == 1
    assert "новое название" in program.search_text


def test_without_navigator_id_a_row_matches_by_organization_and_title(organization):
    program = make_program(organization=organization, title="Юный эколог", age_min=8, age_max=11)
    content = xlsx([HEADER, ["юный ЭКОЛОГ", "ДДТ Красный Холм", "science", "start", 9, 13]])

    import_programs(content)

    program.refresh_from_db()
    assert (program.age_min, program.age_max) == (9, 13)
    assert program.direction.code == "science"
    assert Program.objects.count() == 1


def test_a_namesake_with_another_navigator_id_is_another_program(organization):
    group_a = make_program(organization=organization, title="Вокал", navigator_id="1")
    content = xlsx(
        [
            ["ID в Навигаторе", *HEADER],
            ["2", "Вокал", "ДДТ Красный Холм", "art", "start", 10, 14],
            ["", "Танцы", "ДДТ Красный Холм", "art", "start", 10, 14],
        ]
    )

    result = import_programs(content)

    assert result.counts == {"new": 2, "update": 0, "skip": 0}
    group_a.refresh_from_db()
    assert group_a.navigator_id == "1"
    assert set(Program.objects.values_list("navigator_id", flat=True)) == {"1", "2", ""}


def test_the_same_file_twice_creates_nothing_the_second_time(organization):
    content = xlsx(
        [
            HEADER + ["Расписание"],
            ["Робототехника", "ДДТ Красный Холм", "tech", "start", 7, 12, "Пн 15:00–16:00"],
            ["Вокал", "ДДТ Красный Холм", "art", "base", 8, 16, ""],
        ]
    )
    import_programs(content)

    second = import_programs(content)

    assert errors_of(second) == []
    assert second.counts == {"new": 0, "update": 0, "skip": 2}
    assert Program.objects.count() == 2
    assert ScheduleSlot.objects.count() == 1


def test_export_then_import_changes_nothing(organization):
    other = make_organization(short_name="СОШ № 2")
    first = make_program(
        organization=organization,
        levels=("start", "advanced"),
        navigator_id="101",
        is_paid=True,
        price_per_month=Decimal("1200"),
        is_ovz_adapted=True,
        annotation="=формула не должна стать формулой",
        teachers="Иванова И. И.",
    )
    first.disability_types.set(first.disability_types.model.objects.filter(code="speech"))
    ScheduleSlot.objects.create(program=first, weekday=1, starts_at="15:00", ends_at="16:30")
    make_program(organization=other, direction="art", status=Program.Status.DRAFT)
    before = list(Program.objects.values().order_by("pk"))
    content = rows_to_xlsx(program_rows(Program.objects.all()), "Программы")

    result = import_programs(content)

    assert errors_of(result) == []
    assert [o.changed for o in result.outcomes] == [[], []]
    assert result.counts == {"new": 0, "update": 0, "skip": 2}
    assert list(Program.objects.values().order_by("pk")) == before


def test_csv_export_then_import_changes_nothing(organization):
    make_program(organization=organization, title="-минус в начале", navigator_id="5")
    before = list(Program.objects.values())

    result = import_programs(rows_to_csv(program_rows(Program.objects.all())), filename="p.csv")

    assert errors_of(result) == []
    assert result.counts["skip"] == 1
    assert list(Program.objects.values()) == before


def test_organizations_export_then_import_changes_nothing(organization):
    make_organization(inn="6950000000", locality=Organization.Locality.RURAL)
    content = xlsx(list(organization_rows(Organization.objects.all())))

    result = import_organizations(content)

    assert errors_of(result) == []
    assert result.counts["skip"] == 2


def test_organizations_are_created_and_matched_by_inn(organization):
    make_organization(short_name="Школа", inn="6912345678")
    content = xlsx(
        [
            ["Краткое наименование", "Полное наименование", "Тип", "ИНН", "Тип местности"],
            ["Школа № 1", "МБОУ СОШ № 1", "Общеобразовательная организация", "6912345678", "город"],
            ["ДЮСШ", "МБУ ДО ДЮСШ", "sport", "", "Сельская местность"],
        ]
    )

    result = import_organizations(content)

    assert errors_of(result) == []
    assert result.counts == {"new": 1, "update": 1, "skip": 0}
    assert Organization.objects.get(inn="6912345678").short_name == "Школа № 1"
    assert Organization.objects.get(short_name="ДЮСШ").locality == "rural"


def test_renaming_an_organization_by_import_refreshes_its_programs_search_text(organization):
    program = make_program(organization=organization)
    content = xlsx(
        [["Краткое наименование", "Полное наименование"], ["ДДТ Красный Холм", "Дом творчества"]]
    )

    import_organizations(content)

    program.refresh_from_db()
    assert "дом творчества" in program.search_text


# Errors: every one listed by row and column, nothing saved.


def test_every_kind_of_row_error_is_listed_and_nothing_is_saved(organization):
    existing = make_program(organization=organization, title="Есть", age_min=5, age_max=7)
    content = xlsx(
        [
            HEADER + ["Стоимость"],
            ["Хорошая", "ДДТ Красный Холм", "tech", "start", 7, 12, ""],
            ["Есть", "ДДТ Красный Холм", "tech", "start", 6, 8, ""],
            ["Плохая 1", "ДДТ Красный Холм", "кулинарная", "start", 7, 12, ""],
            ["Плохая 2", "ДДТ Красный Холм", "tech", "start", 12, 7, ""],
            ["", "ДДТ Красный Холм", "tech", "start", 7, 12, ""],
            ["Плохая 3", "Неизвестный ДК", "tech", "start", 7, 12, ""],
            ["Плохая 4", "ДДТ Красный Холм", "tech", "start", 7, 12, "дорого"],
        ]
    )

    result = import_programs(content)

    errors = {(row, column): message for row, column, message in errors_of(result)}
    assert set(errors) == {
        (4, "Направленность"),
        (5, "Возраст от"),
        (6, "Название"),
        (7, "Организация"),
        (8, "Стоимость"),
    }
    assert "неизвестная направленность" in errors[(4, "Направленность")]
    assert "не может быть больше" in errors[(5, "Возраст от")]
    assert "не найдена" in errors[(7, "Организация")]
    assert "числом" in errors[(8, "Стоимость")]
    assert list(Program.objects.all()) == [existing]
    existing.refresh_from_db()
    assert (existing.age_min, existing.age_max) == (5, 7)


def test_a_paid_program_without_a_price_is_an_error_of_the_price_column(organization):
    content = xlsx(
        [HEADER + ["Оплата"], ["Курс", "ДДТ Красный Холм", "tech", "start", 7, 9, "платно"]]
    )

    result = import_programs(content)

    assert [(row, column) for row, column, _ in errors_of(result)] == [(2, "Стоимость")]
    assert not Program.objects.exists()


def test_a_repeated_row_is_an_error(organization):
    row = ["Курс", "ДДТ Красный Холм", "tech", "start", 7, 9]
    result = import_programs(xlsx([HEADER, row, row]))

    assert errors_of(result) == [(3, "", "Строка повторяет строку 2 (та же программа).")]
    assert not Program.objects.exists()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "a.xlsx", "Файл пустой."),
        (b"%PDF-1.4\x00\x01 binary", "a.pdf", "Это не таблица"),
        (b"PK\x03\x04 not really a zip", "a.xlsx", "Файл повреждён"),
        (b"\n\n", "a.csv", "нет ни заголовка"),
        ("Цвет;Вкус\nсиний;сладкий\n".encode(), "a.csv", "Не найден заголовок таблицы"),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_with_a_message(content, filename, message):
    result = import_programs(content, filename=filename)

    assert len(result.errors) == 1
    assert message in result.errors[0].message
    assert not Program.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (20 * 1024 * 1024))

    started = time.monotonic()
    result = import_programs(buffer.getvalue(), filename="bomb.xlsx")

    assert time.monotonic() - started < 1
    assert "после распаковки" in result.errors[0].message


def test_an_archive_of_thousands_of_parts_is_refused(monkeypatch):
    import zipfile

    from moc_portal.core.uploads import SpreadsheetLimits

    monkeypatch.setattr(
        "programs.services.import_files.XLSX_LIMITS", SpreadsheetLimits(max_parts=3)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(4):
            archive.writestr(f"xl/part{number}.xml", b"<a/>")

    result = import_programs(buffer.getvalue(), filename="parts.xlsx")

    assert "слишком много частей" in result.errors[0].message


def test_dry_run_reports_what_would_change_and_saves_nothing(organization):
    make_program(organization=organization, title="Старая", age_min=7, age_max=9)
    content = xlsx(
        [
            HEADER,
            ["Старая", "ДДТ Красный Холм", "tech", "start", 7, 10],
            ["Новая", "ДДТ Красный Холм", "tech", "start", 7, 10],
        ]
    )

    result = import_programs(content, dry_run=True)

    assert result.counts == {"new": 1, "update": 1, "skip": 0}
    assert result.outcomes[0].changed == ["Возраст до"]
    assert Program.objects.count() == 1
    assert Program.objects.get().age_max == 9


# The representative's restriction.


def test_a_representative_imports_into_their_own_organization(organization, representative):
    content = xlsx([HEADER, ["Кружок", "ДДТ Красный Холм", "tech", "start", 7, 9]])

    result = import_programs(content, user=representative)

    assert errors_of(result) == []
    assert Program.objects.get().organization == organization


def test_a_representatives_imported_programs_wait_for_moderation(organization, representative):
    """A new program waits for moderation; a published one stays live and its changes wait as a
    revision (programs.services.revisions)."""
    published = make_program(organization=organization, title="Театр", age_min=7, age_max=9)
    content = xlsx(
        [
            [*HEADER, "Статус"],
            ["Кружок", "ДДТ Красный Холм", "tech", "start", 7, 9, "опубликована"],
            ["Театр", "ДДТ Красный Холм", "art", "start", 7, 12, ""],
        ]
    )

    result = import_programs(content, user=representative)

    assert errors_of(result) == []
    new = Program.objects.get(title="Кружок")
    assert new.status == Program.Status.MODERATION
    published.refresh_from_db()
    assert (published.age_max, published.status) == (9, Program.Status.PUBLISHED)
    revision = published.revisions.get()
    assert revision.values["age_max"] == 12 and revision.is_pending
    assert list(Program.objects.public().filter(organization=organization)) == [published]


def test_a_methodists_import_keeps_the_status_the_file_gives(organization, django_user_model):
    methodist = django_user_model.objects.create_superuser("boss", password="x")
    content = xlsx(
        [[*HEADER, "Статус"], ["Кружок", "ДДТ Красный Холм", "tech", "start", 7, 9, "опубликована"]]
    )

    import_programs(content, user=methodist)

    assert Program.objects.get().status == Program.Status.PUBLISHED


def test_a_representatives_rows_for_another_organization_are_errors(organization, representative):
    other = make_organization(short_name="Чужая школа")
    foreign = make_program(organization=other, navigator_id="9", title="Чужая программа")
    content = xlsx(
        [
            ["ID в Навигаторе", *HEADER],
            ["", "Своя", "ДДТ Красный Холм", "tech", "start", 7, 9],
            ["", "Кружок", "Чужая школа", "tech", "start", 7, 9],
            ["9", "Перехват", "ДДТ Красный Холм", "tech", "start", 7, 9],
        ]
    )

    result = import_programs(content, user=representative)

    assert [(row, column) for row, column, _ in errors_of(result)] == [
        (3, "Организация"),
        (4, "ID в Навигаторе"),
    ]
    assert list(Program.objects.all()) == [foreign]


def test_a_representative_cannot_add_organizations(representative):
    content = xlsx(
        [["Краткое наименование", "Полное наименование", "Тип"], ["Новая", "Новая", "school"]]
    )

    result = import_organizations(content, user=representative)

    assert "только методисты" in result.errors[0].message
    assert Organization.objects.count() == 1


# PostgreSQL statistics after a bulk load.


@pytest.mark.postgres
def test_analyze_catalogue_gives_the_planner_row_counts_after_commit(
    organization, django_capture_on_commit_callbacks
):
    from django.db import connection

    from programs.services import analyze_catalogue

    for _ in range(3):
        make_program(organization=organization)

    with django_capture_on_commit_callbacks(execute=True):
        analyze_catalogue()

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'programs_program'")
        assert cursor.fetchone()[0] == 3


def test_a_large_import_analyzes_the_catalogue_and_a_small_one_does_not(organization, monkeypatch):
    calls = []
    monkeypatch.setattr("programs.services.imports.analyze_catalogue", lambda: calls.append(1))
    monkeypatch.setattr("programs.services.imports.ANALYZE_AFTER_ROWS", 2)
    rows = [[f"Кружок {n}", "ДДТ Красный Холм", "tech", "start", 7, 9] for n in range(3)]

    import_programs(xlsx([HEADER, rows[0]]))
    assert calls == []
    import_programs(xlsx([HEADER, *rows[1:]]))
    assert calls == [1]


def test_update_in_bulk_writes_values_and_nulls_of_every_kind(organization):
    from django.utils import timezone

    from programs.services.bulk import update_in_bulk

    first = make_program(organization=organization, price_per_month=Decimal("10"))
    second = make_program(organization=organization, duration_months=9)
    moment = timezone.now()
    first.price_per_month, first.title, first.updated_at = None, "Новое «имя»", moment
    second.duration_months, second.is_network, second.updated_at = None, True, moment
    second.price_per_month = Decimal("1234.50")

    update_in_bulk(
        Program,
        [first, second],
        ["price_per_month", "title", "duration_months", "is_network", "updated_at"],
        batch_size=1,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.price_per_month, first.title, first.updated_at) == (None, "Новое «имя»", moment)
    assert (second.duration_months, second.is_network) == (None, True)
    assert second.price_per_month == Decimal("1234.50")
