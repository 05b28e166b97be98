import contextlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from moc_portal.core.commands import PeriodFileCommand, write_output
from moc_portal.core.text import size_ru


def test_the_file_is_written_where_asked(tmp_path):
    write_output(tmp_path / "report.xlsx", b"PK\x03\x04")

    assert (tmp_path / "report.xlsx").read_bytes() == b"PK\x03\x04"


def test_a_path_that_cannot_be_written_is_a_russian_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Не удалось записать .*missing"):
        write_output(tmp_path / "missing" / "report.xlsx", b"x")


class _Greeting(PeriodFileCommand):
    def find(self, code):
        if code != "2026-10":
            raise CommandError(f"Периода {code} нет.")
        return code

    def build(self, found):
        return b"x" * 2048

    def filename(self, found):
        return f"greeting-{found}.txt"

    def saved(self, found):
        return f"Привет за {found}"


def test_a_period_file_command_writes_under_the_files_own_name_and_says_so(tmp_path):
    stdout = StringIO()
    with contextlib.chdir(tmp_path):
        call_command(_Greeting(stdout=stdout), period="2026-10")
    assert (tmp_path / "greeting-2026-10.txt").read_bytes() == b"x" * 2048
    assert stdout.getvalue().strip() == (
        f"Привет за 2026-10 сохранён в greeting-2026-10.txt ({size_ru(2048)})."
    )


def test_a_period_file_command_writes_nothing_for_a_period_it_cannot_find(tmp_path):
    with pytest.raises(CommandError, match="Периода 2027-01 нет"):
        call_command(_Greeting(), period="2027-01", out=tmp_path / "x.txt")
    assert not (tmp_path / "x.txt").exists()
