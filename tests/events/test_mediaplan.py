import datetime
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from events.models import Document, Event, MediaPlan, MediaPlanRow
from events.services.mediaplan import (
    MediaPlanError,
    build_mediaplan_xlsx,
    fill_from_events,
    publish_as_document,
)
from moc_portal.models import SiteSettings

from .conftest import make_event, make_plan

pytestmark = pytest.mark.django_db

NOV = datetime.date(2026, 11, 1)


def add_row(plan, day=5, **fields):
    defaults = {
        "date_from": NOV.replace(day=day),
        "topic": f"Тема {day}",
        "format": MediaPlanRow.Format.NEWS,
        "channel": MediaPlanRow.Channel.SITE,
        "responsible": "Соколова М. А.",
    }
    defaults.update(fields)
    return MediaPlanRow.objects.create(plan=plan, **defaults)


def read(plan):
    workbook = load_workbook(BytesIO(build_mediaplan_xlsx(plan)))
    return workbook.active


def test_period_codes_parse_months_and_quarters():
    assert MediaPlan.parse_period("2026-11") == (2026, "month", 11)
    assert MediaPlan.parse_period("2026-Q4") == (2026, "quarter", 4)
    for bad in ("2026-13", "2026-Q5", "ноябрь", ""):
        with pytest.raises(ValueError):
            MediaPlan.parse_period(bad)


def test_quarter_plan_spans_three_months():
    plan = make_plan(number=4, kind=MediaPlan.PeriodKind.QUARTER)
    assert (plan.first_day, plan.last_day) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 12, 31),
    )
    assert plan.period_name == "IV квартал 2026"
    december = make_plan(number=12)
    assert december.last_day == datetime.date(2026, 12, 31)
    assert december.period_name == "декабрь 2026"


def test_a_row_with_a_link_becomes_published():
    row = add_row(make_plan(), url="https://vk.com/wall-1_5")
    assert row.status == MediaPlanRow.Status.PUBLISHED
    cancelled = add_row(row.plan, status=MediaPlanRow.Status.CANCELLED, url="https://x.ru")
    assert cancelled.status == MediaPlanRow.Status.CANCELLED


def test_fill_adds_one_row_per_published_event_of_the_period_once():
    plan = make_plan()
    make_event(title="В ноябре", starts_on=NOV.replace(day=10), ends_on=NOV.replace(day=10))
    make_event(title="С октября", starts_on=datetime.date(2026, 10, 28), ends_on=NOV.replace(day=2))
    make_event(
        title="В декабре", starts_on=datetime.date(2026, 12, 3), ends_on=datetime.date(2026, 12, 3)
    )
    make_event(
        title="Черновик",
        starts_on=NOV.replace(day=12),
        ends_on=NOV.replace(day=12),
        status=Event.Status.DRAFT,
    )
    assert fill_from_events(plan, responsible="Методист") == 2
    assert fill_from_events(plan) == 0
    rows = list(plan.rows.order_by("date_from"))
    assert [row.event.title for row in rows] == ["С октября", "В ноябре"]
    assert rows[0].date_from == NOV
    assert rows[0].format == MediaPlanRow.Format.ANNOUNCEMENT
    assert rows[0].responsible == "Методист"


def test_xlsx_has_the_header_rows_table_and_totals():
    SiteSettings.objects.update_or_create(pk=1, defaults={"moc_name": "МОЦ Краснохолмского округа"})
    plan = make_plan(status=MediaPlan.Status.AGREED, agreed_on=datetime.date(2026, 10, 28))
    add_row(plan, day=3, topic='=HYPERLINK("x")', url="https://vk.com/1", reach=1200)
    add_row(plan, day=10, date_to=NOV.replace(day=12), topic="Серия постов")
    add_row(plan, day=20, status=MediaPlanRow.Status.POSTPONED, reach=None)
    sheet = read(plan)
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Медиаплан на ноябрь 2026"
    assert values[1][0] == "МОЦ Краснохолмского округа"
    assert values[2][0].startswith("Период: Ноябрь 2026 (1 ноября 2026 — 30 ноября 2026)")
    assert values[3][0] == "Статус: согласован 28 октября 2026"
    header = values[4]
    assert list(header[:9]) == [
        "№",
        "Дата",
        "Тема / событие",
        "Формат",
        "Канал",
        "Ответственный",
        "Статус",
        "Ссылка",
        "Охват",
    ]
    first, second, third = values[5], values[6], values[7]
    assert first[:9] == (
        1,
        "3 ноября 2026",
        '=HYPERLINK("x")',
        "Новость",
        "Сайт МОЦ",
        "Соколова М. А.",
        "Опубликовано",
        "https://vk.com/1",
        1200,
    )
    assert second[1] == "10 ноября 2026 — 12 ноября 2026"
    assert third[6] == "Перенесено"
    totals = values[9]
    assert totals[1] == "Итого"
    assert totals[2] == (
        "3 публикации — запланировано: 1; опубликовано: 1; перенесено: 1; отменено: 0"
    )
    assert totals[8] == 1200
    assert sheet.freeze_panes == "A6"
    assert sheet.column_dimensions["C"].width >= 20


def test_export_command_writes_the_file_for_a_month_and_a_quarter(tmp_path):
    month_plan = make_plan()
    add_row(month_plan)
    quarter_plan = make_plan(number=4, kind=MediaPlan.PeriodKind.QUARTER)
    add_row(quarter_plan, topic="Квартальная тема")
    out = tmp_path / "plan.xlsx"
    call_command("export_mediaplan", period="2026-11", out=out)
    assert load_workbook(out).active["A1"].value == "Медиаплан на ноябрь 2026"
    call_command("export_mediaplan", period="2026-Q4", out=out)
    assert load_workbook(out).active["A1"].value == "Медиаплан на IV квартал 2026"


@pytest.mark.parametrize(
    ("period", "message"), [("2026-13", "не распознан"), ("2025-01", "нет в базе")]
)
def test_export_command_explains_a_bad_period(period, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("export_mediaplan", period=period, out=tmp_path / "x.xlsx")


def test_agreed_plan_is_published_as_a_document_once(client):
    plan = make_plan(status=MediaPlan.Status.AGREED, agreed_on=datetime.date(2026, 10, 30))
    add_row(plan)
    first = publish_as_document(plan)
    second = publish_as_document(plan)
    assert first.pk == second.pk
    assert Document.objects.count() == 1
    assert second.category == Document.Category.MEDIA_PLAN
    assert second.kind_label == "XLSX"
    assert second.title == "Медиаплан на ноябрь 2026"  # named after the plan's period
    response = client.get("/documents/")
    listed = [
        document for section in response.context["sections"] for document in section.documents
    ]
    assert listed == [second]
    assert f'href="{second.get_absolute_url()}"' in response.content.decode()


def test_a_draft_plan_cannot_be_published():
    with pytest.raises(MediaPlanError):
        publish_as_document(make_plan())


def test_sent_plan_shows_both_dates_on_top():
    plan = make_plan(
        status=MediaPlan.Status.SENT,
        agreed_on=datetime.date(2026, 10, 28),
        sent_on=datetime.date(2026, 11, 2),
    )
    assert read(plan)["A4"].value == (
        "Статус: отправлен в РМЦ 2 ноября 2026 (согласован 28 октября 2026)"
    )
