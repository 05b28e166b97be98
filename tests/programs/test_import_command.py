"""`manage.py import_programs`: the same import, its summary and its errors on the command line."""

import pytest
from django.core.management import CommandError, call_command

from programs.models import Organization, Program

pytestmark = pytest.mark.django_db

HEADER = "Название;Организация;Направленность;Уровень;Возраст от;Возраст до\n"


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "programs.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_command_imports_and_prints_the_summary(tmp_path, organization, capsys):
    path = write(tmp_path, HEADER + "Шахматы;ДДТ Красный Холм;sport;базовый;7;12\n")

    call_command("import_programs", str(path))

    assert "Добавлено: 1" in capsys.readouterr().out
    assert Program.objects.get().title == "Шахматы"


def test_dry_run_saves_nothing(tmp_path, organization, capsys):
    path = write(tmp_path, HEADER + "Шахматы;ДДТ Красный Холм;sport;start;7;12\n", "cp1251")

    call_command("import_programs", str(path), "--dry-run")

    assert "Будет добавлено: 1" in capsys.readouterr().out
    assert not Program.objects.exists()


def test_errors_are_printed_by_row_and_column_and_the_command_fails(tmp_path, organization, capsys):
    path = write(
        tmp_path,
        HEADER
        + "Шахматы;ДДТ Красный Холм;sport;start;7;12\n"
        + "Театр;ДДТ Красный Холм;art;start;14;7\n",
    )

    with pytest.raises(CommandError, match="Ошибок: 1. Ничего не сохранено."):
        call_command("import_programs", str(path))

    assert "строка 3, колонка «Возраст от»" in capsys.readouterr().err
    assert not Program.objects.exists()


def test_organizations_are_imported_with_the_flag(tmp_path, capsys):
    path = write(tmp_path, "Краткое наименование;Полное наименование;Тип\nДЮСШ;МБУ ДО ДЮСШ;sport\n")

    call_command("import_programs", str(path), "--organizations")

    assert Organization.objects.get().full_name == "МБУ ДО ДЮСШ"


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Файл не найден"):
        call_command("import_programs", str(tmp_path / "nope.xlsx"))
