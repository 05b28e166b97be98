"""The monthly XLSX built from many generated submissions adds up: every breakdown row equals
its total, and «Сводка», «По направленностям» and «По организациям» agree."""

import random
from io import BytesIO

import pytest
from openpyxl import load_workbook

from monitoring.demo import OrganizationProfile, demo_figures
from monitoring.models import Indicator, Submission, Value
from monitoring.services.reports import build_monthly_report
from monitoring.services.submissions import entry_indicators, validate_figures
from programs.models import Direction
from tests.factories import make_organization, make_period

pytestmark = pytest.mark.django_db

ORGANIZATIONS = 60
HEADER_ROW = 4


def generate(period, rng, organizations, profiles, indicators, directions):
    """A report per organization, most sent, some drafts (drafts must not count)."""
    submissions, values = [], []
    for organization in organizations:
        figures = demo_figures(rng, profiles[organization.id], codes=set(indicators))
        assert validate_figures(figures, entry_indicators(period), require_all=True) == []
        status = rng.choice(["accepted", "accepted", "submitted", "draft"])
        submission = Submission(organization=organization, period=period, status=status)
        submissions.append(submission)
        values.extend(
            Value(
                submission=submission,
                indicator=indicators[code],
                direction=directions.get(direction),
                value=value,
            )
            for (code, direction), value in figures.items()
        )
    Submission.objects.bulk_create(submissions)
    Value.objects.bulk_create(values)


@pytest.fixture
def book():
    rng = random.Random(2026)
    organizations = [make_organization() for _ in range(ORGANIZATIONS)]
    directions = {d.code: d for d in Direction.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.entered()}
    profiles = {
        o.id: OrganizationProfile.random(rng, list(directions.values())) for o in organizations
    }
    for month in (9, 10):
        generate(make_period(2026, month), rng, organizations, profiles, indicators, directions)
    content = build_monthly_report(make_period(2026, 10))
    return load_workbook(BytesIO(content), data_only=True)


def rows(sheet):
    header = [cell.value for cell in sheet[HEADER_ROW]]
    for values in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        yield dict(zip(header, values, strict=False))


def by_name(sheet, column):
    return {row[column]: row for row in rows(sheet)}


def test_every_breakdown_row_equals_its_total(book):
    directions = list(Direction.objects.order_by("order").values_list("name", flat=True))
    checked = 0
    for row in rows(book["По направленностям"]):
        if row["Всего"] is None:
            continue
        assert sum(row[name] or 0 for name in directions) == row["Всего"], row["Показатель"]
        checked += 1
    assert checked >= 1


def test_the_summary_agrees_with_the_directions_sheet(book):
    summary = by_name(book["Сводка"], "Показатель")
    directions = by_name(book["По направленностям"], "Показатель")
    children = Indicator.objects.get(code="children_total")
    tech_science = Indicator.objects.get(code="children_tech_science")
    breakdown = directions[children.name]
    assert summary[children.name]["Значение"] == breakdown["Всего"]
    assert (
        summary[tech_science.name]["Значение"]
        == breakdown["Техническая"] + breakdown["Естественнонаучная"]
    )


def test_the_summary_agrees_with_the_organizations_sheet(book):
    summary = by_name(book["Сводка"], "Показатель")
    organization_rows = list(rows(book["По организациям"]))
    municipal = organization_rows[-1]
    assert municipal["Организация"] == "По муниципалитету"
    sent = [
        row for row in organization_rows[:-1] if row["Статус отчёта"] in ("Отправлен", "Принят")
    ]
    assert 0 < len(sent) < ORGANIZATIONS
    summed = Indicator.objects.entered().filter(aggregation=Indicator.Aggregation.SUM)
    for indicator in summed:
        column = f"{indicator.name}, {indicator.unit}"
        total = sum(row[column] or 0 for row in sent)
        assert municipal[column] == total, indicator.code
        assert summary[indicator.name]["Значение"] == total, indicator.code


def test_whole_indicators_come_out_whole(book):
    summary = by_name(book["Сводка"], "Показатель")
    for indicator in Indicator.objects.entered().filter(is_whole=True):
        value = summary[indicator.name]["Значение"]
        assert value == int(value), indicator.code


def test_parts_and_winners_stay_within_their_wholes_in_the_municipal_figures(book):
    summary = {name: row["Значение"] for name, row in by_name(book["Сводка"], "Показатель").items()}
    names = dict(Indicator.objects.values_list("code", "name"))
    for part in Indicator.objects.entered().exclude(part_of=None).select_related("part_of"):
        assert summary[part.name] <= summary[part.part_of.name], part.code
    winners = sum(
        summary[names[code]]
        for code in ("winners_municipal", "winners_regional", "winners_federal")
    )
    assert winners <= summary[names["event_participants"]]
