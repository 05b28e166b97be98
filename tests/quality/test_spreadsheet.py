"""The results XLSX read back with openpyxl: one row per organization, the figures the
results page shows, the print setup of every export."""

import io

import pytest
from openpyxl import load_workbook

from quality.selectors import campaign_results
from quality.services import build_results_xlsx
from tests.factories import make_organization
from tests.quality.factories import generate_answers, make_campaign

pytestmark = pytest.mark.django_db


def test_the_spreadsheet_round_trips_the_results():
    organizations = [make_organization(short_name=f"=ДДТ № {n}") for n in range(3)]
    campaign = make_campaign(organizations, minimum_sample=10)
    for number, organization in enumerate(organizations):
        generate_answers(campaign, organization, 10 + number * 5, seed=number)
    book = load_workbook(io.BytesIO(build_results_xlsx(campaign)))
    summary, shares = book.worksheets
    header_row = int(summary.print_title_rows.split(":")[0].lstrip("$"))
    header = [cell.value for cell in summary[header_row]]
    assert header[0] == "Организация" and header[-1] == "Итоговый балл"
    rows = [row for row in summary.iter_rows(min_row=header_row + 1, values_only=True) if row[0]]
    expected = campaign_results(campaign)
    assert [row[0] for row in rows] == [r.organization.short_name for r in expected]
    for row, result in zip(rows, expected, strict=True):
        assert row[1] == result.respondents
        assert [round(v, 2) for v in row[2:7]] == [float(c.score) for c in result.criteria]
        assert round(row[7], 2) == float(result.total)
    # A name that looks like a formula stays text.
    assert summary.cell(header_row + 1, 1).data_type == "s"
    share_header = [cell.value for cell in shares[header_row]]
    assert len(share_header) == 1 + campaign.questions.count()
    assert shares.page_setup.paperSize == 9
