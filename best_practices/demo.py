"""Demo bank of best practices: practices in every status, with experts, reviews and history.

Two expert accounts (expert1, expert2) are created for the reviews; they get the demo password
when DEMO_PASSWORD is set (as `make run` does), otherwise they cannot log in until a methodist
sets a password.
"""

import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from moc_portal.core.addresses import unique_slug
from moc_portal.core.demo_pdf import make_pdf
from programs.models import Direction, Organization

from . import selectors
from .models import Practice, PracticeMaterial, PracticeTransition, Review, Status
from .services.saving import create_materials, save_practice

DEMO_ORDER = 20


# (title, direction, category, problem, result): the practices a small municipality has.
PRACTICES = [
    (
        "Мобильный технопарк для сельских школ",
        "tech",
        "rural",
        "В сёлах нет оборудования для занятий робототехникой.",
        "62 ребёнка из 5 сёл занимаются робототехникой раз в неделю.",
    ),
    (
        "Сетевая программа «Юный эколог»",
        "science",
        "network",
        "Школы поодиночке не могут вести полевые исследования.",
        "Три школы и лесничество ведут общую программу; 4 призёра областного конкурса.",
    ),
    (
        "Инклюзивная театральная студия «Вместе»",
        "art",
        "inclusion",
        "Дети с ОВЗ редко участвуют в творческих коллективах.",
        "В студии 14 детей, из них 6 с ОВЗ; два спектакля за год.",
    ),
    (
        "Школа юного судьи по мини-футболу",
        "sport",
        "gifted",
        "Спортивным кружкам не хватает судей на соревнованиях.",
        "Подготовлено 18 юных судей, проведено 9 турниров.",
    ),
    (
        "Краеведческий квест «Тропами Краснохолмья»",
        "tourism",
        "technology",
        "Подросткам неинтересны традиционные экскурсии.",
        "Квест прошли 240 школьников, 30 стали экскурсоводами.",
    ),
    (
        "Медиашкола для подростков из семей в ТЖС",
        "social",
        "hardship",
        "Дети в трудной жизненной ситуации выпадают из дополнительного образования.",
        "27 подростков ведут школьную медиагруппу; сохранность контингента 90 %.",
    ),
    (
        "Летняя инженерная смена «Техностарт»",
        "tech",
        "summer",
        "Летом дети не заняты развивающими программами.",
        "Смену прошли 80 детей, 35 записались в технические объединения.",
    ),
    (
        "Управленческая модель муниципального опорного центра",
        "social",
        "management",
        "Организации не знают о программах друг друга.",
        "Все 30 организаций внесли программы в Навигатор; охват вырос до 78 %.",
    ),
    (
        "Цифровая мастерская для дошкольников",
        "tech",
        "program",
        "Нет программ технической направленности для детей 5–7 лет.",
        "Программа реализуется в 4 детских садах, 96 детей.",
    ),
    (
        "Хоровая студия в сельском клубе",
        "art",
        "rural",
        "В деревнях нет музыкальных школ.",
        "Студия выступила на 12 праздниках; 3 лауреата областного фестиваля.",
    ),
    (
        "Экологический патруль",
        "science",
        "technology",
        "Экологическое воспитание сводится к беседам.",
        "Патруль очистил 5 км берега реки; 40 участников.",
    ),
    (
        "Туристский слёт для детей с ОВЗ",
        "tourism",
        "inclusion",
        "Туристские мероприятия недоступны детям с ОВЗ.",
        "В слёте участвовали 22 ребёнка с ОВЗ и их родители.",
    ),
]
# The status of each practice above, so that every status appears (published most often).
STATUSES = [
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.REVIEW,
    Status.REVIEW,
    Status.SCREENING,
    Status.SUBMITTED,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.REJECTED,
]
# The path each status took through the workflow.
PATHS = {
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.SCREENING: [Status.SUBMITTED, Status.SCREENING],
    Status.REVIEW: [Status.SUBMITTED, Status.SCREENING, Status.REVIEW],
    Status.PUBLISHED: [Status.SUBMITTED, Status.SCREENING, Status.REVIEW, Status.PUBLISHED],
    Status.RETURNED: [Status.SUBMITTED, Status.SCREENING, Status.RETURNED],
    Status.REJECTED: [Status.SUBMITTED, Status.REJECTED],
}
COMMENTS = {
    Status.RETURNED: "Добавьте, пожалуйста, измеримые результаты за последний год "
    "и приложите программу.",
    Status.REJECTED: "Практика описывает разовое мероприятие, а не устойчивую модель; "
    "предложите её снова, когда будут результаты за год.",
}


def build_demo(*, seed, **options):
    seed_practices(random.Random(seed))


def delete_demo():
    for material in PracticeMaterial.objects.exclude(file=""):
        material.file.delete(save=False)
    Review.objects.all().delete()
    PracticeTransition.objects.all().delete()
    PracticeMaterial.objects.all().delete()
    Practice.objects.all().delete()


def has_demo_data():
    return Practice.objects.exists()


def seed_practices(rng):
    experts = list(selectors.experts())
    directions = {d.code: d for d in Direction.objects.all()}
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    now = timezone.now()
    for index, (title, direction, category, problem, result) in enumerate(PRACTICES):
        status = STATUSES[index]
        organization = rng.choice(organizations) if organizations else None
        started = now - timedelta(days=rng.randint(20, 300))
        practice = Practice(
            slug=unique_slug(Practice.objects.all(), title, max_length=100),
            title=title,
            direction=directions[direction],
            category=category,
            authors=f"{rng.choice(AUTHORS)}, педагог дополнительного образования\n"
            f"{rng.choice(AUTHORS)}, методист",
            organization=organization,
            organization_name="" if organization else "МБОУ ДО «Дом детского творчества»",
            age_min=rng.choice([5, 7, 10, 12]),
            age_max=rng.choice([14, 16, 17]),
            annotation=f"{title}: опыт организации муниципалитета, который можно повторить.",
            problem=problem,
            description="Практика реализуется с сентября по май: занятия раз в неделю, "
            "итоговое мероприятие для родителей и сетевых партнёров.\n"
            "Методические материалы и программа приложены.",
            results=result,
            resources="Помещение, педагог дополнительного образования, "
            "расходные материалы за счёт муниципального задания.",
            year=rng.choice([2025, 2026]),
            contact_name=rng.choice(AUTHORS),
            contact_position="заместитель директора",
            contact_email=f"practice{index + 1}@example.org",
            contact_phone="+7 (48237) 2-00-00",
            status=status,
        )
        save_practice(practice)
        _history(practice, status, started, rng)
        _reviews(practice, status, experts, rng)
        _materials(practice, status)
    _transfer_first_published(now)


AUTHORS = [
    "Смирнова Елена Викторовна",
    "Кузнецов Игорь Петрович",
    "Попова Наталья Сергеевна",
    "Васильева Ольга Николаевна",
    "Морозов Дмитрий Андреевич",
    "Фёдорова Анна Михайловна",
]


def _history(practice, status, started, rng):
    moment = started
    previous = ""
    records = []
    for step in PATHS[status]:
        records.append(
            PracticeTransition(
                practice=practice,
                from_status=previous,
                to_status=step,
                comment=COMMENTS.get(step, ""),
            )
        )
        previous = step
    PracticeTransition.objects.bulk_create(records)
    # auto_now_add stamps "now": spread the history back over the practice's life.
    for record in records:
        PracticeTransition.objects.filter(pk=record.pk).update(created_at=moment)
        moment += timedelta(days=rng.randint(3, 15))
    Practice.objects.filter(pk=practice.pk).update(
        created_at=started,
        status_changed_at=moment,
        published_at=moment if status == Status.PUBLISHED else None,
    )


def _reviews(practice, status, experts, rng):
    if status not in (Status.REVIEW, Status.PUBLISHED):
        return
    now = timezone.now()
    for number, expert in enumerate(experts):
        # Under review, one of the two experts has not scored yet (each has one to do).
        done = status == Status.PUBLISHED or number == practice.pk % 2
        scores = [rng.randint(3, 5) for _ in range(4)] if done else [None] * 4
        Review.objects.create(
            practice=practice,
            expert=expert,
            relevance=scores[0],
            novelty=scores[1],
            effectiveness=scores[2],
            replicability=scores[3],
            comment="Практика применима в других округах области." if done else "",
            submitted_at=now if done else None,
        )


def _description_pdf(practice):
    """A real PDF of a few pages that opens: the practice as its authors would describe it."""
    sections = [
        ("Аннотация", [practice.annotation]),
        ("Проблема, которую решает практика", [practice.problem]),
        ("Описание", [practice.description] * 6),
        ("Результаты", [practice.results] * 3),
        ("Ресурсы", ["Кабинет, компьютер с проектором, расходные материалы; педагог "
                     "дополнительного образования и методист."] * 2),
        ("Как повторить практику", [
            f"Шаг {n}. Договориться с партнёрами, составить расписание, набрать группу, "
            "провести занятия и подвести итоги на открытом мероприятии для родителей."
            for n in range(1, 9)
        ]),
    ]  # fmt: skip
    organization = practice.organization.full_name if practice.organization_id else ""
    return make_pdf(practice.title, sections, subtitle=organization or practice.organization_name)


def _materials(practice, status):
    if status not in (Status.REVIEW, Status.PUBLISHED):
        return
    material = PracticeMaterial(practice=practice, title="Описание практики", order=0)
    material.file.save("opisanie-praktiki.pdf", ContentFile(_description_pdf(practice)), save=False)
    video = PracticeMaterial(
        practice=practice, title="Видео о практике", video_url="https://rutube.ru/", order=1
    )
    create_materials([material, video])


def _transfer_first_published(now):
    first = Practice.objects.filter(status=Status.PUBLISHED).order_by("pk").first()
    if first:
        Practice.objects.filter(pk=first.pk).update(transferred_at=now)
