"""The media plan: filled from the period's events, written to Excel, published as a document.

The Excel file is what the РМЦ receives; the same function serves the admin button, the
`export_mediaplan` command and the document published on /documents/.
"""

from collections import Counter

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from moc_portal.core.spreadsheets import Column, Sheet, build_xlsx, fit_width
from moc_portal.core.text import capfirst, date_ru, plural
from moc_portal.models import SiteSettings

from ..models import Document, Event, MediaPlan, MediaPlanRow
from .saving import create_in_bulk, save_document


class MediaPlanError(Exception):
    """The operation cannot be done; the message is for the methodist."""


def plan_for_period(period_text):
    """The media plan named by "2026-11" or "2026-Q4"; ValueError / DoesNotExist otherwise."""
    year, kind, number = MediaPlan.parse_period(period_text)
    return MediaPlan.objects.get(year=year, period_kind=kind, number=number)


@transaction.atomic
def fill_from_events(plan, *, responsible=""):
    """Add an announcement row for each published event of the period not yet in the plan.

    Returns the number of rows added; running it twice adds nothing the second time.
    """
    already = set(plan.rows.exclude(event=None).values_list("event_id", flat=True))
    events = (
        Event.objects.public()
        .between(plan.first_day, plan.last_day)
        .exclude(pk__in=already)
        .soonest_first()
    )
    rows = [
        MediaPlanRow(
            plan=plan,
            date_from=max(event.starts_on, plan.first_day),
            topic=f"Анонс: {event.title}",
            event=event,
            format=MediaPlanRow.Format.ANNOUNCEMENT,
            channel=MediaPlanRow.Channel.SITE,
            responsible=responsible,
        )
        for event in events
    ]
    create_in_bulk(MediaPlanRow, rows)
    return len(rows)


COLUMNS = (
    ("№", 5),
    ("Дата", 20),
    ("Тема / событие", 50),
    ("Формат", 12),
    ("Канал", 16),
    ("Ответственный", 22),
    ("Статус", 15),
    ("Ссылка", 40),
    ("Охват", 10),
)


def row_date_text(row):
    if row.date_to and row.date_to != row.date_from:
        return f"{date_ru(row.date_from)} — {date_ru(row.date_to)}"
    return date_ru(row.date_from)


def mediaplan_sheet(plan):
    site = SiteSettings.load()
    rows = list(plan.rows.select_related("event").order_by("date_from", "id"))
    table = [
        (
            number,
            row_date_text(row),
            row.topic,
            row.get_format_display(),
            row.channel_name,
            row.responsible,
            row.get_status_display(),
            row.url,
            row.reach,
        )
        for number, row in enumerate(rows, start=1)
    ]
    by_status = Counter(row.status for row in rows)
    reach = sum(row.reach or 0 for row in rows)
    totals = "; ".join(
        f"{name.lower()}: {by_status.get(code, 0)}" for code, name in MediaPlanRow.Status.choices
    )
    count = plural(len(rows), "публикация", "публикации", "публикаций")
    footer = [
        (),
        (None, "Итого", f"{count} — {totals}", None, None, None, None, None, reach),
    ]
    widths = [
        fit_width([title, *(line[index] for line in table)], minimum=width, maximum=60)
        if index in (2, 5, 7)
        else width
        for index, (title, width) in enumerate(COLUMNS)
    ]
    label = plan.get_status_display()
    status_line = f"Статус: {label[:1].lower()}{label[1:]}"  # «отправлен в РМЦ» keeps its caps
    if plan.status == MediaPlan.Status.SENT:
        status_line += f" {date_ru(plan.sent_on)}" if plan.sent_on else ""
        status_line += f" (согласован {date_ru(plan.agreed_on)})" if plan.agreed_on else ""
    elif plan.status == MediaPlan.Status.AGREED and plan.agreed_on:
        status_line += f" {date_ru(plan.agreed_on)}"
    return Sheet(
        title="Медиаплан",
        columns=[
            Column(title, width, "#,##0" if title == "Охват" else None)
            for (title, _), width in zip(COLUMNS, widths, strict=True)
        ],
        rows=[*table, *footer],
        title_rows=(
            f"Медиаплан на {plan.period_name}",
            site.moc_name,
            f"Период: {capfirst(plan.period_name)} ({date_ru(plan.first_day)} — "
            f"{date_ru(plan.last_day)})",
            status_line,
        ),
    )


def build_mediaplan_xlsx(plan):
    """The plan as XLSX bytes: the МОЦ, the period and the status on top, then the table."""
    return build_xlsx([mediaplan_sheet(plan)])


def mediaplan_filename(plan):
    return f"mediaplan-{plan.period_code}.xlsx"


@transaction.atomic
def publish_as_document(plan):
    """Put the agreed plan's XLSX on /documents/ (replacing the file of an earlier publish)."""
    if plan.status == MediaPlan.Status.DRAFT:
        raise MediaPlanError("Опубликовать можно только согласованный медиаплан.")
    content = ContentFile(build_mediaplan_xlsx(plan), name=mediaplan_filename(plan))
    document = Document.objects.filter(media_plan=plan).first() or Document(media_plan=plan)
    document.title = f"Медиаплан на {plan.period_name}"
    document.category = Document.Category.MEDIA_PLAN
    document.signed_on = plan.agreed_on
    document.status = Document.Status.PUBLISHED
    document.published_at = timezone.now()
    if document.file:
        document.file.delete(save=False)
    document.file.save(content.name, content, save=False)
    save_document(document)
    return document
