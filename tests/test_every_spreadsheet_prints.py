"""Every spreadsheet the portal hands out prints: each export, built from real rows, read back
with openpyxl, and the widest ones printed by LibreOffice into a PDF whose pages are checked."""

import datetime
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from best_practices.models import Practice, Status
from best_practices.services.transfer import build_transfer_file
from events.models import MediaPlan, MediaPlanRow
from events.services.mediaplan import build_mediaplan_xlsx
from events.services.saving import create_in_bulk
from moc_portal.models import SiteSettings
from monitoring.selectors.aggregation import collect_period
from monitoring.services.reports import build_monthly_report
from monitoring.services.rmc.layout import build_default_export
from programs.models import Program
from programs.services.export_rows import program_rows, rows_to_xlsx
from tests.best_practices.factories import make_practice, make_review
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
MOC_NAME = "МОЦ города Энска & района"
A4_PORTRAIT_POINTS = (595, 842)
A4 = 9  # the paper size code of the OOXML standard


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    site = SiteSettings.load()
    site.moc_name = MOC_NAME
    site.save()


@pytest.fixture
def october():
    period = make_period(2026, 10)
    for number in range(25):
        organization = make_organization(short_name=f"Дом детского творчества № {number}")
        make_submission(organization, period, status="accepted", values={"children_total": 40})
    make_organization(short_name="Не сдавшая отчёт школа")
    return period


def monthly_report(october):
    return build_monthly_report(october)


def rmc_export(october):
    return build_default_export(collect_period(october))


def media_plan(_):
    plan = MediaPlan.objects.create(year=2026, number=11)
    create_in_bulk(
        MediaPlanRow,
        [
            MediaPlanRow(
                plan=plan,
                date_from=datetime.date(2026, 11, day),
                topic=f"Анонс мероприятия № {day}: конкурс рисунков «Мой край»",
                format=MediaPlanRow.Format.ANNOUNCEMENT,
                channel=MediaPlanRow.Channel.VK,
                responsible="Соколова М. А.",
            )
            for day in range(1, 29)
        ],
    )
    return build_mediaplan_xlsx(plan)


def practices_transfer(_):
    practices = [make_practice(Status.PUBLISHED, title=f"Практика {n}") for n in range(6)]
    for practice in practices:
        make_review(practice)
    return build_transfer_file(Practice.objects.filter(pk__in=[p.pk for p in practices]))


def catalogue(_):
    for number in range(30):
        make_program(title=f"Робототехника, группа {number}", slug=f"robots-{number}")
    return rows_to_xlsx(program_rows(Program.objects.all()), "Программы")


def survey_results(_):
    from quality.services import build_results_xlsx
    from tests.quality.factories import generate_answers, make_campaign

    organizations = [
        make_organization(short_name=f"Детская школа искусств № {number}") for number in range(12)
    ]
    campaign = make_campaign(organizations, minimum_sample=5)
    for number, organization in enumerate(organizations):
        generate_answers(campaign, organization, 3 + number, seed=number)
    return build_results_xlsx(campaign)


EXPORTS = [monthly_report, rmc_export, media_plan, practices_transfer, catalogue, survey_results]


def sheets_of(content):
    return load_workbook(io.BytesIO(content)).worksheets


@pytest.mark.parametrize("build", EXPORTS, ids=[build.__name__ for build in EXPORTS])
def test_every_sheet_of_every_export_has_a_print_setup(build, october):
    for sheet in sheets_of(build(october)):
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), (
            sheet.title
        )  # 9: A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        # The repeated row is the header: the row right above the frozen pane, and every one
        # of its cells up to the last column is filled.
        header_row = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
        _, frozen_row, _, _ = range_boundaries(sheet.freeze_panes)
        assert header_row == frozen_row - 1, sheet.title
        titles = [sheet.cell(header_row, column).value for column in range(1, sheet.max_column)]
        assert all(titles), (sheet.title, titles)
        wide = sum(
            sheet.column_dimensions[get_column_letter(column)].width or 13
            for column in range(1, sheet.max_column + 1)
        )
        assert setup.orientation == ("landscape" if wide > 95 else "portrait"), sheet.title
        assert sheet.oddHeader.left.text == MOC_NAME.replace("&", "&&")
        assert sheet.oddFooter.center.text == "Страница &P из &N"


def print_to_pdf(content, tmp_path):
    from pypdf import PdfReader

    source = tmp_path / "export.xlsx"
    source.write_bytes(content)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(tmp_path / "export.pdf")


def header_words(sheet):
    """The first word of the first and of the last column's title in the repeated header."""
    row = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
    first, last = sheet.cell(row, 1).value, sheet.cell(row, sheet.max_column).value
    return str(first).split()[0], str(last).split()[0]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here")
@pytest.mark.parametrize(
    "build", [monthly_report, media_plan, survey_results], ids=["monthly_report", "media", "survey"]
)
def test_libreoffice_prints_every_page_one_page_wide_with_the_header_repeated(
    build, october, tmp_path
):
    content = build(october)
    headers = [header_words(sheet) for sheet in sheets_of(content)]

    pages = print_to_pdf(content, tmp_path).pages
    assert len(pages) >= len(headers)
    for number, page in enumerate(pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert sorted((round(width), round(height))) == sorted(A4_PORTRAIT_POINTS)
        text = page.extract_text()
        assert MOC_NAME.split()[0] in text and "Страница" in text, number
        # One page wide and the header repeated: some sheet's first and last column titles are
        # both on this page, so no column was pushed onto a page of its own.
        assert any(first in text and last in text for first, last in headers), (number, text)
