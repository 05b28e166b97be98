"""Hostile template uploads (issue 9, items 1–2): each is refused with «Файл не является
шаблоном отчёта…» or a short message, quickly, never a 500, and nothing is saved."""

import io
import re
import time
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moc_portal.roles import REPRESENTATIVES
from monitoring.models import Submission
from monitoring.services.workbook import build_template

pytestmark = pytest.mark.django_db

NOT_A_TEMPLATE = "Файл не является шаблоном отчёта"


@pytest.fixture
def rep_client(client, django_user_model, organization):
    user = django_user_model.objects.create_user("rep", is_staff=True)
    user.groups.add(Group.objects.get(name=REPRESENTATIVES))
    organization.representatives.add(user)
    client.force_login(user)
    return client


def upload(client, organization, period, content):
    url = reverse("monitoring:submission_upload", args=[period.code, organization.slug])
    return client.post(url, {"file": SimpleUploadedFile("report.xlsx", content)}, follow=True)


def rewritten(content, part, change):
    """The package with `part` replaced by change(old bytes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == part else data)
    return buffer.getvalue()


def data_sheet(content):
    """The part holding the «Показатели» sheet (the first sheet of the workbook)."""
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    return sorted(name for name in names if name.startswith("xl/worksheets/sheet"))[0]


def refusals(response):
    """What the report's page says about the refused file, after the redirect."""
    return response.context["upload_errors"] or []


def nothing_saved(organization, period):
    return not Submission.objects.filter(organization=organization, period=period).exists()


def test_ten_million_empty_strings_are_refused_fast_as_not_a_template(
    rep_client, organization, period
):
    template = build_template(organization, period)
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    bomb = rewritten(
        template,
        "xl/sharedStrings.xml" if b"sharedStrings" in template else data_sheet(template),
        lambda old: strings + b"<si/>" * 10_000_000 + b"</sst>",
    )
    assert len(bomb) < 300 * 1024
    started = time.monotonic()
    response = upload(rep_client, organization, period, bomb)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    # Refused before any parser: by the upload validator's compression check or the
    # template's own limits, whichever sees it first.
    assert refusals(response)
    assert elapsed < 3
    assert nothing_saved(organization, period)


def test_many_strings_that_compress_normally_are_counted_and_refused(
    rep_client, organization, period
):
    import secrets

    template = build_template(organization, period)
    strings = b"".join(
        b"<si><t>" + secrets.token_hex(6).encode() + b"</t></si>" for _ in range(60_000)
    )
    crafted = rewritten(
        template,
        "xl/sharedStrings.xml" if b"sharedStrings" in template else data_sheet(template),
        lambda old: b"<sst>" + strings + b"</sst>",
    )
    started = time.monotonic()
    response = upload(rep_client, organization, period, crafted)
    assert response.status_code == 200
    assert time.monotonic() - started < 3
    assert NOT_A_TEMPLATE in response.content.decode()
    assert nothing_saved(organization, period)


def test_a_huge_exponent_in_a_value_cell_is_a_short_message_not_a_500(
    rep_client, organization, period
):
    template = build_template(organization, period)

    def put_huge_numbers(xml):
        # every numeric value of the sheet becomes 1e999999999
        return re.sub(rb"<v>[0-9.]+</v>", b"<v>1e999999999</v>", xml)

    response = upload(
        rep_client,
        organization,
        period,
        rewritten(template, data_sheet(template), put_huge_numbers),
    )
    assert response.status_code == 200
    assert len(response.content) < 200_000
    assert nothing_saved(organization, period)


def test_a_value_typed_as_a_huge_number_is_named_briefly(rep_client, organization, period):
    from openpyxl import load_workbook

    from monitoring.services.workbook.layout import FIRST_ROW, SHEET_TITLE

    workbook = load_workbook(io.BytesIO(build_template(organization, period)))
    sheet = workbook[SHEET_TITLE]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 7).value = "1e999999999"
            sheet.cell(row, 1).value = "x" * 5000  # an unknown code, very long
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(rep_client, organization, period, buffer.getvalue())
    assert response.status_code == 200
    errors = response.context["upload_errors"]
    assert errors and all(len(message) < 300 for message in errors)
    assert len(errors) <= 51
    assert nothing_saved(organization, period)


def test_a_truncated_sheet_is_not_a_template(rep_client, organization, period):
    template = build_template(organization, period)
    truncated = rewritten(template, data_sheet(template), lambda xml: xml[: len(xml) // 2])
    response = upload(rep_client, organization, period, truncated)
    assert response.status_code == 200
    assert NOT_A_TEMPLATE in response.content.decode()
    assert nothing_saved(organization, period)


def test_a_sheet_with_an_entity_declaration_is_not_a_template(rep_client, organization, period):
    template = build_template(organization, period)
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w>&b;</w>'
    )
    response = upload(
        rep_client,
        organization,
        period,
        rewritten(template, data_sheet(template), lambda _: laughs),
    )
    assert NOT_A_TEMPLATE in response.content.decode()
    assert nothing_saved(organization, period)
