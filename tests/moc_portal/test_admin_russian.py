"""The admin in correct Russian: every changelist, add and change page of every registered model,
opened as a superuser, is free of the broken patterns Django's admin builds from verbose_name
(«Добавить программа», «Выберите практика для изменения») and of English from third-party apps."""

import json
import re
from html import unescape

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from moc_portal.roles import COORDINATORS, EXPERTS, METHODISTS, REPRESENTATIVES
from programs.models import Organization, ScheduleSlot
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db

# What the page shows (tags, scripts and styles dropped; attributes like aria-label kept apart).
TAG = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)
INLINE_FORMSET = re.compile(r'data-inline-formset="([^"]*)"')
ATTRIBUTE = re.compile(r'(?:aria-label|title|placeholder|alt)="([^"]*)"')

BROKEN = [
    # A feminine noun left in the nominative after a verb that needs the accusative.
    re.compile(r"\b(?:Добавить|Выберите|Изменить|Просмотреть) (?:\w+ая )?\w+а\b"),
    re.compile(r"\bВыберите [^.\n]*? для (?:изменения|просмотра)"),
    re.compile(r"\bбыл успешно добавлен\b"),
    re.compile(r"еще один"),
]
ENGLISH = re.compile(
    r"\b(?:Axes|AXES|Access attempts?|Access logs?|Access failures?|Locked|User|Username|Agent|"
    r"Periodic tasks?|Crontabs?|Intervals?|Clocked|Solar events?|CHANGES|Changes|None|"
    r"Task Name|Add|Change|Delete|History)\b"
)


def page_text(html):
    """The visible text, the attributes people hear or see, and inline formsets' button texts."""
    attributes = [unescape(a) for a in ATTRIBUTE.findall(html)]
    for data in INLINE_FORMSET.findall(html):
        attributes += [str(v) for v in json.loads(unescape(data))["options"].values()]
    return unescape(TAG.sub(" ", html)) + "\n" + "\n".join(attributes)


def problems(html):
    text = page_text(html)
    found = [m.group(0) for pattern in BROKEN for m in pattern.finditer(text)]
    found += [m.group(0) for m in ENGLISH.finditer(text)]
    return sorted(set(found))


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organization = make_organization(slug="own", short_name="Своя")
    program = make_program(organization=organization, slug="own-program")
    ScheduleSlot.objects.create(program=program, weekday=1, starts_at="15:00", ends_at="16:00")
    make_submission(
        organization=organization, period=make_period(2026, 10), values={"children_total": 5}
    )
    from quality.services import exclude_burst
    from tests.quality.factories import generate_answers, make_campaign

    campaign = make_campaign([organization], burst_threshold=3)
    burst = generate_answers(campaign, organization, 4, spread=False)
    exclude_burst(campaign, organization, burst[0].received_at, user=None)


def admin_pages():
    for model, _admin in sorted(admin.site._registry.items(), key=lambda i: i[0]._meta.label):
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        yield model, f"{name}_changelist", ()
        yield model, f"{name}_add", ()
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            yield model, f"{name}_change", (obj.pk,)
            yield model, f"{name}_history", (obj.pk,)
            if hasattr(obj, "history") and obj.history.exists():  # django-simple-history
                yield model, f"{name}_simple_history", (obj.pk, obj.history.latest().history_id)


STAFF_GROUPS = {
    "superuser": None,
    "methodist": METHODISTS,
    "coordinator": COORDINATORS,
    "representative": REPRESENTATIVES,
    "expert": EXPERTS,
}


@pytest.mark.parametrize("role", STAFF_GROUPS)
def test_every_admin_page_reads_in_correct_russian(client, django_user_model, world, role):
    if STAFF_GROUPS[role] is None:
        user = django_user_model.objects.create_superuser("root", password="x")
    else:
        user = django_user_model.objects.create_user(role, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=STAFF_GROUPS[role]))
        if role == "representative":
            Organization.objects.get(slug="own").representatives.add(user)
    client.force_login(user)
    report = []
    for _model, name, args in admin_pages():
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        response = client.get(url, follow=True)
        if response.status_code != 200 or response.streaming:
            continue
        found = problems(response.content.decode())
        if found:
            report.append(f"{url}: {found}")
    assert not report, "\n".join(report)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_an_added_object_is_announced_with_its_gender(admin_client):
    response = admin_client.post(reverse("admin:auth_group_add"), {"name": "Кураторы"}, follow=True)
    assert messages_of(response)[0].startswith("Группа «")
    assert messages_of(response)[0].endswith("» добавлена.")

    group = Group.objects.get(name="Кураторы")
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = admin_client.post(url, {"name": "Кураторы", "_continue": "1"}, follow=True)
    assert messages_of(response) == [
        f'Группа «<a href="{url}">Кураторы</a>» изменена. Ниже можно продолжить правку.'
    ]


@pytest.mark.parametrize(
    ("model", "django_says", "russian"),
    [
        (
            "events.event",
            "мероприятие “<a href='/e/'>Ёлка</a>“ был успешно изменен.",
            "Мероприятие «<a href='/e/'>Ёлка</a>» изменено.",
        ),
        (
            "programs.program",
            'программа "Робототехника" был успешно добавлен.',
            "Программа «Робототехника» добавлена.",
        ),
        (
            "programs.program",
            "программа “Робототехника“ был успешно добавлен. "
            "Вы можете добавить еще один программа ниже.",
            "Программа «Робототехника» добавлена. Ниже можно добавить ещё одну программу.",
        ),
        (
            "moc_portal.sitesettings",
            "настройки сайта “1“ был успешно изменен.",
            "Настройки сайта «1» изменены.",
        ),
        ("events.newsitem", "Успешно удалены 5 новости.", "Удалено: 5 новостей."),
        ("programs.program", "Задач включено: 2.", "Задач включено: 2."),
    ],
)
def test_djangos_messages_in_correct_russian(model, django_says, russian):
    from django.apps import apps

    model_admin = admin.site._registry[apps.get_model(model)]
    assert model_admin.russian_message(django_says) == russian


def test_counts_agree_with_the_number(admin_client, django_assert_max_num_queries):
    Group.objects.bulk_create(Group(name=f"Группа {n}") for n in range(5 - Group.objects.count()))
    html = admin_client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "5 групп" in html and "5 группы" not in html
    assert "Добавить группу" in html


def test_a_bulk_delete_is_counted_in_russian(admin_client):
    Group.objects.bulk_create(Group(name=f"Удаляемая {n}") for n in range(5))
    pks = list(Group.objects.filter(name__startswith="Удаляемая").values_list("pk", flat=True))
    data = {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
    response = admin_client.post(reverse("admin:auth_group_changelist"), data, follow=True)
    assert "Удалено: 5 групп." in messages_of(response)


def test_history_names_fields_and_values_in_russian(admin_client, world):
    from programs.models import Program

    program = Program.objects.get(slug="own-program")
    old_status = program.get_status_display()
    program.status = next(value for value, _ in Program.Status.choices if value != program.status)
    program.save()
    url = reverse("admin:programs_program_history", args=[program.pk])
    text = page_text(admin_client.get(url).content.decode())
    assert "Что изменилось" in text
    assert f"Статус: {old_status}" in " ".join(text.split())
    assert program.status not in text.split()  # the code itself is not shown
    assert "None" not in text


def test_the_date_hierarchy_puts_days_in_the_genitive(admin_client):
    import time_machine

    from moc_portal.models import ConsentRecord

    with time_machine.travel("2026-12-03 10:00 +0300", tick=False):
        ConsentRecord.objects.create(purpose="вопрос", text="Согласие", text_version="1")
    url = reverse("admin:moc_portal_consentrecord_changelist")
    html = admin_client.get(url, {"accepted_at__year": 2026, "accepted_at__month": 12}).content
    text = page_text(html.decode())
    assert "3 декабря" in text and "Декабрь" not in text


def test_an_inline_adds_another_row_in_russian(admin_client, world):
    from programs.models import Program

    program = Program.objects.get(slug="own-program")
    html = admin_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    data = re.search(r'data-inline-formset="([^"]*)"', html.content.decode())[1]
    assert json.loads(unescape(data))["options"]["addText"] == "Добавить ещё: Занятие в расписании"
