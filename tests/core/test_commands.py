import pytest
from django.core.management.base import CommandError

from moc_portal.core.commands import write_output


def test_the_file_is_written_where_asked(tmp_path):
    write_output(tmp_path / "report.xlsx", b"PK\x03\x04")

    assert (tmp_path / "report.xlsx").read_bytes() == b"PK\x03\x04"


def test_a_path_that_cannot_be_written_is_a_russian_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Не удалось записать .*missing"):
        write_output(tmp_path / "missing" / "report.xlsx", b"x")
