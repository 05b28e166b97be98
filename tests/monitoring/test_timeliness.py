"""Timeliness: the state of each month's report, the rates, the grid, its XLSX and its cost."""

import datetime
import random
import re
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.models import MonitoringSettings, Submission
from monitoring.selectors.timeliness import State, due_date, timeliness_grid, timeliness_state
from monitoring.services.submissions import return_for_revision, submit
from monitoring.services.timeliness import cell_text, timeliness_xlsx
from programs.models import Organization
from tests.factories import make_organization, make_period, make_submission
from tests.monitoring.complete_figures import COMPLETE

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2026, 3, 5)
GRACE = 3
DUE = DEADLINE + datetime.timedelta(days=GRACE)  # 8 March


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


S = Submission.Status
BEFORE, ON_DUE, AFTER = DUE - datetime.timedelta(days=4), DUE, DUE + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "first_sent", "today", "expected"),
    [
        # Sent (and accepted) before, on and after the deadline + grace.
        (S.SUBMITTED, BEFORE, AFTER, State.ON_TIME),
        (S.SUBMITTED, DEADLINE, AFTER, State.ON_TIME),
        (S.SUBMITTED, ON_DUE, AFTER, State.ON_TIME),
        (S.SUBMITTED, AFTER, AFTER, State.LATE),
        (S.ACCEPTED, ON_DUE, AFTER, State.ON_TIME),
        (S.ACCEPTED, AFTER, AFTER, State.LATE),
        # Returned: waiting for the organization, whenever it was first sent.
        (S.RETURNED, BEFORE, BEFORE, State.RETURNED),
        (S.RETURNED, AFTER, AFTER, State.RETURNED),
        # Never sent: a draft or nothing, before and after the day.
        (S.DRAFT, None, BEFORE, State.PENDING),
        (S.DRAFT, None, ON_DUE, State.PENDING),
        (S.DRAFT, None, AFTER, State.NOT_SENT),
        (None, None, ON_DUE, State.PENDING),
        (None, None, AFTER, State.NOT_SENT),
    ],
)
def test_the_state_of_every_combination_around_the_deadline_and_grace(
    status, first_sent, today, expected
):
    first = at(first_sent) if first_sent else None
    assert timeliness_state(status, first, due_date(DEADLINE, GRACE), today) == expected


def test_late_in_the_evening_of_the_due_day_is_still_on_time_in_local_time():
    late_evening = at(ON_DUE, hour=23)
    assert timeliness_state(S.SUBMITTED, late_evening, DUE, AFTER) == State.ON_TIME


def test_a_report_returned_and_sent_again_keeps_its_first_sending(django_user_model):
    user = django_user_model.objects.create_user("rep", is_staff=True)
    submission = make_submission(
        period=make_period(2026, 2, deadline=DEADLINE), status="draft", values=COMPLETE
    )
    with time_machine.travel(at(BEFORE), tick=False):
        submit(submission, user)
    with time_machine.travel(at(AFTER), tick=False):
        return_for_revision(submission, user, "Исправьте охват")
        resent = submit(submission, user)

    assert resent.submitted_at == at(AFTER)
    assert resent.first_submitted_at == at(BEFORE)
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"grace_days": GRACE})
    grid = timeliness_grid(2026, today=AFTER)
    assert grid.rows[0].cells[1].state == State.ON_TIME


def generated_year(count, seed=21):
    """`count` organizations with a random report for each month of 2026 up to November;
    returns {(org id, month): expected state} worked out here, independently."""
    rng = random.Random(seed)
    MonitoringSettings.objects.update_or_create(pk=1, defaults={"grace_days": GRACE})
    periods = {m: make_period(2026, m) for m in range(1, 12)}
    organizations = Organization.objects.bulk_create(
        Organization(
            slug=f"gen-{n}",
            full_name=f"Организация {n}",
            short_name=f"Организация {n:03d}",
            kind=Organization.Kind.SUPPLEMENTARY,
        )
        for n in range(count)
    )
    expected, submissions = {}, []
    for organization in organizations:
        for number, period in periods.items():
            due = period.deadline + datetime.timedelta(days=GRACE)
            choice = rng.choice(["none", "draft", "early", "due", "late", "returned", "accepted"])
            first = {
                "early": due - datetime.timedelta(days=rng.randint(1, 20)),
                "due": due,
                "late": due + datetime.timedelta(days=rng.randint(1, 30)),
                "returned": due - datetime.timedelta(days=1),
                "accepted": due + datetime.timedelta(days=rng.choice([-2, 2])),
            }.get(choice)
            status = {
                "draft": S.DRAFT,
                "returned": S.RETURNED,
                "accepted": S.ACCEPTED,
                "none": None,
            }.get(choice, S.SUBMITTED)
            if status is not None:
                submissions.append(
                    Submission(
                        organization=organization,
                        period=period,
                        status=status,
                        first_submitted_at=at(first) if first else None,
                        submitted_at=at(first) if first else None,
                    )
                )
            if choice == "returned":
                state = "returned"
            elif first is None:
                state = "not_sent"
            else:
                state = "on_time" if first <= due else "late"
            expected[(organization.id, number)] = state
    Submission.objects.bulk_create(submissions)
    return organizations, expected


TODAY = datetime.date(2026, 12, 20)  # every month up to November is past its day


def test_rates_of_a_generated_year_agree_with_a_count_done_here():
    organizations, expected = generated_year(60)

    grid = timeliness_grid(2026, today=TODAY)

    assert [row.organization.id for row in grid.rows] == [o.id for o in organizations]
    for row in grid.rows:
        assert [cell.state for cell in row.cells[:11]] == [
            expected[(row.organization.id, m)] for m in range(1, 12)
        ]
        assert row.cells[11].state is None  # December has not ended
        states = [expected[(row.organization.id, m)] for m in range(1, 12)]
        received = sum(s in ("on_time", "late") for s in states)
        assert row.rate.expected == 11
        assert row.rate.reporting == round_percent(received, 11)
        assert row.rate.timely == round_percent(states.count("on_time"), 11)
    for number in range(1, 12):
        states = [expected[(o.id, number)] for o in organizations]
        rate = grid.month_rates[number - 1]
        assert (rate.received, rate.on_time, rate.expected) == (
            sum(s in ("on_time", "late") for s in states),
            states.count("on_time"),
            60,
        )
    every = list(expected.values())
    assert grid.year_rate.on_time == every.count("on_time")
    assert grid.year_rate.received == every.count("on_time") + every.count("late")
    assert grid.year_rate.expected == 660


def round_percent(part, whole):
    from decimal import ROUND_HALF_UP, Decimal

    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_the_grid_and_its_xlsx_agree():
    generated_year(12)
    grid = timeliness_grid(2026, today=TODAY)

    sheet = load_workbook(BytesIO(timeliness_xlsx(grid))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(rows) if row[0] == "Организация")
    body = rows[header + 1 : header + 1 + len(grid.rows)]

    for row, line in zip(grid.rows, body, strict=True):
        assert line[0] == row.organization.short_name
        assert list(line[1:13]) == [cell_text(cell) or None for cell in row.cells]
        assert line[13] == pytest.approx(float(row.rate.reporting))
        assert line[14] == pytest.approx(float(row.rate.timely))
    municipal = {line[0]: line for line in rows[header + 1 + len(grid.rows) :] if line[0]}
    reporting = municipal["Муниципалитет: сдано, %"]
    assert list(reporting[1:12]) == [float(r.reporting) for r in grid.month_rates[:11]]
    assert municipal["Муниципалитет: в срок, %"][14] == pytest.approx(float(grid.year_rate.timely))


def test_the_xlsx_prints_landscape_one_page_wide_with_the_header_repeated():
    make_organization()
    sheet = load_workbook(BytesIO(timeliness_xlsx(timeliness_grid(2026, today=TODAY)))).active

    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    header_row = next(c.row for c in sheet["A"] if c.value == "Организация")
    assert sheet.print_title_rows == f"${header_row}:${header_row}"


def test_drafts_show_how_complete_they_are():
    make_submission(period=make_period(2026, 10), status="draft", values={"children_total": 5})
    cell = timeliness_grid(2026, today=TODAY).rows[0].cells[9]

    assert cell.state == State.NOT_SENT
    assert 0 < cell.completeness < 100


def count_grid_queries(year):
    with CaptureQueriesContext(connection) as queries:
        timeliness_grid(year, today=TODAY)
    return len(queries)


def test_the_grid_of_300_organizations_by_12_months_takes_as_many_queries_as_of_3():
    generated_year(3, seed=1)
    few = count_grid_queries(2026)
    Submission.objects.all().delete()
    Organization.objects.all().delete()
    generated_year(300, seed=2)

    many = count_grid_queries(2026)

    assert many == few
    assert many <= 6


@pytest.fixture
def coordinator_client(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    client.force_login(user)
    return client


@time_machine.travel(datetime.datetime(2026, 12, 10, 9, tzinfo=datetime.UTC), tick=False)
def test_the_page_filters_by_type_and_settlement_and_serves_the_xlsx(coordinator_client):
    make_organization(short_name="ДДТ", settlement="Красный Холм")
    make_organization(short_name="Школа", settlement="Хабоцкое", kind=Organization.Kind.SCHOOL)
    url = reverse("monitoring:timeliness")

    page = coordinator_client.get(url, {"year": 2026, "settlement": "Хабоцкое"})
    assert [row.organization.short_name for row in page.context["grid"].rows] == ["Школа"]
    page = coordinator_client.get(url, {"kind": Organization.Kind.SUPPLEMENTARY})
    assert [row.organization.short_name for row in page.context["grid"].rows] == ["ДДТ"]
    assert "✗" in page.content.decode()

    download = coordinator_client.get(url, {"year": 2026, "format": "xlsx"})
    assert download["Content-Disposition"].startswith("attachment")
    names = [
        r[0] for r in load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True)
    ]
    assert {"ДДТ", "Школа"} <= set(names)


def test_the_page_is_for_coordinators_only(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("rep", is_staff=True))
    assert client.get(reverse("monitoring:timeliness")).status_code == 403


@time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC), tick=False)
def test_the_dashboard_shows_both_rates_of_its_month(coordinator_client):
    period = make_period(2026, 10)
    on_time = at(period.deadline)
    Submission.objects.create(
        organization=make_organization(),
        period=period,
        status=S.SUBMITTED,
        first_submitted_at=on_time,
        submitted_at=on_time,
    )
    make_organization()

    response = coordinator_client.get(reverse("monitoring:dashboard"), {"period": "2026-10"})

    rate = response.context["timeliness"]
    assert (rate.received, rate.on_time, rate.expected) == (1, 1, 2)
    assert (rate.reporting, rate.timely) == (50, 50)
    shown = re.search(r'id="timeliness-rates">(.*?)</p>', response.content.decode(), re.S)
    assert len(re.findall(r"\b50[,.]0 %", shown[1])) == 2  # both rates, as the page prints them
