"""Demo consultations: waiting, answered, and a few published to «Вопросы и ответы».
Contract: moc_portal.core.demo."""

import random
from datetime import timedelta

from django.utils import timezone

from programs.models import Organization

from .models import Consultation, Topic

DEMO_ORDER = 25

# (topic, question, answer or None, (public question, public answer) or None)
CONSULTATIONS = [
    (
        Topic.PFDO,
        "Как включить нашу программу по робототехнике в реестр сертифицированных программ "
        "ПФДО? Что нужно подготовить?",
        "Программа должна пройти сертификацию в Навигаторе: заполните карточку программы, "
        "укажите нормативную стоимость модуля и подайте заявку на сертификацию. Срок "
        "рассмотрения — до 10 рабочих дней.",
        (
            "Как включить дополнительную программу в реестр сертифицированных программ ПФДО?",
            "Программа проходит сертификацию в Навигаторе: заполните карточку программы, "
            "укажите нормативную стоимость модуля и подайте заявку на сертификацию. Срок "
            "рассмотрения — до 10 рабочих дней.",
        ),
    ),
    (
        Topic.MONITORING,
        "В ежемесячной форме мониторинга ребёнок занимается в двух кружках. Считать его "
        "один раз или дважды?",
        "В показателе охвата ребёнок считается один раз, в разбивке по направленностям — "
        "в каждой направленности, где он занимается.",
        (
            "Ребёнок занимается в двух объединениях: как считать его в мониторинге охвата?",
            "В показателе охвата ребёнок считается один раз, в разбивке по направленностям — "
            "в каждой направленности, где он занимается.",
        ),
    ),
    (
        Topic.PROGRAMS,
        "Можно ли в программе стартового уровня не указывать планируемые результаты?",
        "Нет: планируемые результаты — обязательный раздел любой дополнительной "
        "общеобразовательной программы, в том числе стартового уровня.",
        (
            "Нужны ли планируемые результаты в программе стартового уровня?",
            "Да: планируемые результаты — обязательный раздел любой дополнительной "
            "общеобразовательной программы, в том числе стартового уровня.",
        ),
    ),
    (
        Topic.EVENTS,
        "Можно ли провести муниципальный конкурс в дистанционной форме?",
        "Можно, если это предусмотрено положением о конкурсе.",
        None,
    ),
    (Topic.OTHER, "Где взять шаблон положения о сетевой форме реализации программ?", None, None),
    (Topic.PFDO, "Как проверить остаток на сертификате ребёнка?", None, None),
]


def build_demo(*, seed, **options):
    rng = random.Random(seed)
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    if not organizations:
        return
    now = timezone.now()
    for topic, question, answer, public in CONSULTATIONS:
        asked = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8))
        consultation = Consultation(
            organization=rng.choice(organizations), topic=topic, question=question, created_at=asked
        )
        if answer:
            consultation.answer = answer
            consultation.status = Consultation.Status.ANSWERED
            consultation.answered_at = asked + timedelta(days=rng.randint(0, 3), hours=2)
        if public:
            consultation.public_question, consultation.public_answer = public
            consultation.published_at = consultation.answered_at
        consultation.refresh_search_text()
        consultation.save()


def delete_demo():
    Consultation.objects.all().delete()


def has_demo_data():
    return Consultation.objects.exists()
