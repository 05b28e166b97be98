"""Hostile import files (issue 17, item 1): the 331 KB `<si/>` bomb and the sheet whose rows
stand 999 apart are refused by the kernel's spreadsheet gate in under a second with a Russian
message, nothing is kept in the temporary folder, and two such uploads at once against a real
gunicorn (2 workers, PostgreSQL) leave /healthz answering in under a second."""

import re
import threading
import time
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import ImportBatch
from tests.core.test_spreadsheet_uploads import row_gap_file, strings_bomb

from .conftest import PASSWORD
from .import_browser import IMPORT, Browser, files_in, methodist
from .processes import Gunicorn
from .test_faults_behind_proxy import database_url

# The kernel gate's own generators of the probe's two files (tests/core), as bytes.
HOSTILE = {
    "bomb": cache(lambda: strings_bomb().getvalue()),
    "row_gap": cache(lambda: row_gap_file().getvalue()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_fast_in_russian_and_not_kept(
    client, make_staff, settings, tmp_path, name
):
    settings.IMPORT_TEMP_DIR = str(tmp_path)
    content = HOSTILE[name]()
    client.force_login(make_staff("methodist"))

    # CPU time, not wall time: what matters is that the gate stops reading early (unpacking
    # the whole file costs seconds of CPU), not how busy the shared machine is.
    started = time.process_time()
    response = client.post(IMPORT, {"file": SimpleUploadedFile(f"{name}.xlsx", content)})
    elapsed = time.process_time() - started

    assert response.status_code == 200
    refusal = " ".join(response.context["form"].errors["file"])
    assert re.search("[а-яё]{4}", refusal), refusal
    assert elapsed < 1, elapsed
    assert files_in(tmp_path) == []
    assert not ImportBatch.objects.exists()


# --- Against the real services ---


def healthz_seconds(server):
    status, _, seconds = Browser(server.port).request("GET", "/healthz", timeout=30)
    assert status == 200
    return seconds


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_hostile_imports_at_once_leave_healthz_answering_within_a_second(
    migrated_rows, django_user_model, tmp_path
):
    methodist(django_user_model)
    folder = tmp_path / "imports"
    server = Gunicorn(
        database_url(), tmp_path / "gunicorn.log", workers=2, IMPORT_TEMP_DIR=str(folder)
    )
    try:
        for _ in range(10):  # both workers loaded and connected before anything is timed
            healthz_seconds(server)
        baseline = max(healthz_seconds(server) for _ in range(10))
        attackers = [Browser(server.port) for _ in range(2)]
        for attacker in attackers:
            attacker.login("methodist", PASSWORD)
        # Both workers have rendered the page and read a file once (templates compiled,
        # modules imported): what is timed is the attack, not a cold start.
        for _ in range(4):
            for attacker in attackers:
                attacker.request("GET", IMPORT)
                attacker.upload(IMPORT, "empty.csv", "Название;Организация\n".encode())
        answers = []

        def attack(browser):
            for name in ("bomb", "row_gap", "bomb", "row_gap"):
                answers.append(browser.upload(IMPORT, f"{name}.xlsx", HOSTILE[name]()))

        threads = [threading.Thread(target=attack, args=(a,)) for a in attackers]
        for thread in threads:
            thread.start()
        probes = []
        while any(thread.is_alive() for thread in threads):
            probes.append(healthz_seconds(server))
        for thread in threads:
            thread.join(timeout=60)

        print(
            f"/healthz: baseline max {baseline:.3f} s, during the attack max {max(probes):.3f} s"
            f" ({len(probes)} probes); the refusals took {min(a[2] for a in answers):.3f}–"
            f"{max(a[2] for a in answers):.3f} s"
        )
        assert len(answers) == 8
        assert [status for status, _, _ in answers] == [200] * 8, server.output()
        assert all("не загружаются" in body or "не читаются" in body for _, body, _ in answers)
        assert max(seconds for _, _, seconds in answers) < 1, answers
        assert probes and max(probes) < 1, (baseline, probes)
        assert files_in(folder) == []
    finally:
        server.stop()
