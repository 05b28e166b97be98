"""Demo data: events past and upcoming, news and the media plan of the current month.

Dates are relative to today, so the demo always has something coming up and an archive
with results; the same seed gives the same data. Contract: moc_portal.core.demo.
"""

import datetime
import random

from django.utils import timezone

from moc_portal.core.addresses import unique_slug
from moc_portal.core.demo import demo_picture
from programs.models import Direction, Organization

from .demo_documents import build_documents, delete_documents
from .models import Document, Event, MediaPlan, MediaPlanRow, NewsItem
from .services.mediaplan import fill_from_events
from .services.saving import create_in_bulk, save_event, save_mediaplan_row

DEMO_ORDER = 20

K = Event.Kind
# (title, kind, direction code or None, audience, ages, days from today, length in days,
#  start and end time or None for all day)
EVENTS = [
    (
        "Муниципальный конкурс юных техников «Изобретатель»",
        K.CONTEST,
        "tech",
        "children",
        (10, 17),
        -40,
        0,
        ("10:00", "14:00"),
    ),
    (
        "Фестиваль детского творчества «Радуга талантов»",
        K.FESTIVAL,
        "art",
        "children",
        (6, 17),
        -25,
        1,
        None,
    ),
    (
        "Родительское собрание: как выбрать кружок",
        K.PARENT_MEETING,
        None,
        "parents",
        None,
        -12,
        0,
        ("18:00", "19:30"),
    ),
    (
        "Первенство округа по мини-футболу",
        K.COMPETITION,
        "sport",
        "children",
        (10, 14),
        -5,
        0,
        ("11:00", "16:00"),
    ),
    ("Выставка рисунков «Мой край»", K.EXHIBITION, "art", "children", (5, 14), -2, 14, None),
    (
        "Мастер-класс по робототехнике для начинающих",
        K.MASTERCLASS,
        "tech",
        "children",
        (8, 12),
        3,
        0,
        ("15:00", "17:00"),
    ),
    (
        "Семинар для педагогов: проектная деятельность",
        K.SEMINAR,
        "social",
        "teachers",
        None,
        6,
        0,
        ("10:00", "13:00"),
    ),
    (
        "Экологическая акция «Чистый берег»",
        K.OTHER,
        "science",
        "children",
        (12, 18),
        9,
        0,
        ("10:00", "13:00"),
    ),
    ("Туристический слёт школьников", K.COMPETITION, "tourism", "children", (12, 17), 14, 2, None),
    (
        "Конкурс чтецов «Живое слово»",
        K.CONTEST,
        "social",
        "children",
        (7, 16),
        20,
        0,
        ("12:00", "15:00"),
    ),
    ("Профильная смена «Юный исследователь»", K.CAMP, "science", "children", (11, 15), 35, 6, None),
    (
        "Открытое родительское собрание по ПФДО",
        K.PARENT_MEETING,
        None,
        "parents",
        None,
        24,
        0,
        ("18:30", "19:30"),
    ),
]
NEWS = [
    (
        "Итоги конкурса «Изобретатель»",
        38,
        "Юные техники представили 24 проекта: от умной теплицы до робота-сортировщика.",
    ),
    (
        "Открыта запись в объединения на второе полугодие",
        30,
        "Свободные места есть в 40 объединениях округа — выбирайте в каталоге программ.",
    ),
    (
        "Сертификат ПФДО: как получить и использовать",
        21,
        "Объясняем по шагам, как оформить сертификат и записать ребёнка в кружок.",
    ),
    (
        "«Радуга талантов» собрала 300 участников",
        22,
        "Фестиваль детского творчества прошёл в Доме культуры два дня подряд.",
    ),
    (
        "Педагоги округа прошли курсы повышения квалификации",
        10,
        "Двенадцать педагогов освоили новые методики проектной деятельности.",
    ),
    (
        "Приглашаем на мастер-класс по робототехнике",
        1,
        "Для ребят 8–12 лет, оборудование предоставим; нужна предварительная регистрация.",
    ),
]
VENUES = [
    "Дом детского творчества, ул. Октябрьская, 20",
    "Районный дом культуры",
    "Спортивный зал СОШ № 1",
    "Онлайн",
]


def build_demo(*, seed, **options):
    rng = random.Random(seed)
    today = timezone.localdate()
    build_events(rng, today)
    build_news(today)
    build_media_plan(rng, today)
    build_documents(today)


def delete_demo():
    Document.objects.filter(media_plan__isnull=False).delete()
    delete_documents()
    MediaPlanRow.objects.all().delete()
    MediaPlan.objects.all().delete()
    NewsItem.objects.all().delete()
    Event.objects.all().delete()


def has_demo_data():
    return Event.objects.exists() or NewsItem.objects.exists() or MediaPlan.objects.exists()


def build_events(rng, today):
    directions = {d.code: d for d in Direction.objects.all()}
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk")[:10])
    for title, kind, direction, audience, ages, offset, length, times in EVENTS:
        starts_on = today + datetime.timedelta(days=offset)
        venue = rng.choice(VENUES)
        event = Event(  # saved one by one: the next title's slug must see this one
            slug=unique_slug(Event.objects.all(), title, 100),
            title=title,
            kind=kind,
            audience=audience,
            direction=directions.get(direction),
            age_min=ages[0] if ages else None,
            age_max=ages[1] if ages else None,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=length),
            starts_time=_time(times[0]) if times else None,
            ends_time=_time(times[1]) if times else None,
            venue="" if venue == "Онлайн" else venue,
            online_url="https://vk.com/moc_demo" if venue == "Онлайн" else "",
            organizer=rng.choice(organizations) if organizations else None,
            summary="Участие бесплатное, нужна регистрация."
            if offset > 0
            else "Мероприятие для жителей округа.",
            description=f"<p>{title}. Участие бесплатное.</p><p>Подробности — в положении "
            "и по телефону МОЦ.</p>",
            registration_url="https://forms.yandex.ru/demo" if offset > 0 else "",
            results="<p>Подведены итоги: победители и призёры награждены дипломами.</p>"
            if offset + length < 0
            else "",
            status=Event.Status.PUBLISHED,
        )
        save_event(event)
    proposal = Event(
        slug="proposal-demo",
        title="Конкурс «Безопасное колесо» (предложение организации)",
        kind=K.CONTEST,
        starts_on=today + datetime.timedelta(days=28),
        ends_on=today + datetime.timedelta(days=28),
        organizer=organizations[0] if organizations else None,
        status=Event.Status.MODERATION,
    )
    save_event(proposal)


def build_news(today):
    now = timezone.now()
    for number, (title, days_ago, lead) in enumerate(NEWS):
        NewsItem.objects.create(
            image=demo_picture(number + 3, "news.jpg"),
            image_alt=f"Иллюстрация к новости «{title}»",
            slug=unique_slug(NewsItem.objects.all(), title, 100),
            title=title,
            lead=lead,
            body=f"<p>{lead}</p><p>Следите за новостями МОЦ на сайте и в группе ВКонтакте.</p>",
            published_at=now - datetime.timedelta(days=days_ago, hours=3),
            status=NewsItem.Status.PUBLISHED,
        )


def build_media_plan(rng, today):
    plan = MediaPlan.objects.create(year=today.year, number=today.month)
    fill_from_events(plan, responsible="Соколова М. А.")
    first = plan.first_day
    create_in_bulk(
        MediaPlanRow,
        [
            MediaPlanRow(
                plan=plan,
                date_from=first,
                topic="Запись в объединения: подборка",
                format=MediaPlanRow.Format.POST,
                channel=MediaPlanRow.Channel.VK,
                responsible="Новикова О. В.",
            ),
            MediaPlanRow(
                plan=plan,
                date_from=first + datetime.timedelta(days=9),
                topic="Интервью с победителем конкурса",
                format=MediaPlanRow.Format.INTERVIEW,
                channel=MediaPlanRow.Channel.NEWSPAPER,
                responsible="Соколова М. А.",
            ),
        ],
    )
    # Rows dated before today have been published: a link and the reach they got.
    for row in plan.rows.filter(date_from__lt=today):
        row.url = f"https://vk.com/moc_demo?w=wall-1_{rng.randint(100, 999)}"
        row.reach = rng.randint(150, 2500)
        save_mediaplan_row(row)


def _time(text):
    return datetime.time.fromisoformat(text)
