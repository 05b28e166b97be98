import re
from datetime import time
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from moc_portal import roles
from programs.models import Direction, DisabilityType, Level, Organization, Program, ScheduleSlot
from programs.selectors import load_closed_lists
from tests.factories import make_organization, make_program
from tests.pages import fields_in_error

pytestmark = pytest.mark.django_db

PROGRAM_CHANGELIST = reverse("admin:programs_program_changelist")
PROGRAM_ADD = reverse("admin:programs_program_add")
ORGANIZATION_CHANGELIST = reverse("admin:programs_organization_changelist")

# Sessions, user, counts, the page of programs, their levels, the filter choices, site settings:
# whatever the number of rows on the page.
PROGRAM_CHANGELIST_QUERY_BOUND = 12


def listed(response):
    """Titles (or names) of the rows the changelist shows."""
    assert response.status_code == 200
    return {str(obj) for obj in response.context["cl"].result_list}


def program_url(action, program):
    return reverse(f"admin:programs_program_{action}", args=[program.pk])


def program_form_data(organization, **overrides):
    """What the add form sends: one schedule row, checked boxes only."""
    data = {
        "title": "Юный техник",
        "slug": "",
        "organization": organization.pk,
        "direction": Direction.objects.get(code="tech").pk,
        "levels": [level.pk for level in Level.objects.filter(code__in=["start", "base"])],
        "status": Program.Status.DRAFT,
        "age_min": 7,
        "age_max": 12,
        "study_form": Program.StudyForm.IN_PERSON,
        "is_ovz_adapted": True,
        "disability_types": [DisabilityType.objects.get(code="speech").pk],
        "is_free": True,
        "price_per_month": "",
        "enrollment_open": True,
        "duration_months": "9",
        "hours_per_year": "",
        "places_available": "",
        "navigator_id": "12345",
        "annotation": "Конструирование и робототехника для младших школьников.",
        "schedule_slots-TOTAL_FORMS": "1",
        "schedule_slots-INITIAL_FORMS": "0",
        "schedule_slots-MIN_NUM_FORMS": "0",
        "schedule_slots-MAX_NUM_FORMS": "1000",
        "schedule_slots-0-weekday": ScheduleSlot.Weekday.TUESDAY,
        "schedule_slots-0-starts_at": "15:00",
        "schedule_slots-0-ends_at": "16:30",
        "schedule_slots-0-group_name": "Группа 1",
        "_save": "Сохранить",
    }
    data.update(overrides)
    return {key: ("on" if value is True else value) for key, value in data.items() if value}


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user("staff", password="pass", is_staff=True)
    # Every permission on the catalogue's models, but scoped to the user's own organizations.
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="programs").exclude(
            codename="work_with_all_organizations"
        )
    )
    return user


@pytest.fixture
def own_organization(staff_user):
    organization = make_organization(short_name="ДДТ Красный Холм")
    organization.representatives.add(staff_user)
    return organization


@pytest.fixture
def representative_client(client, staff_user, own_organization):
    client.force_login(staff_user)
    return client


# Organizations


def test_organization_changelist_counts_published_programs(admin_client):
    organization = make_organization(short_name="ДДТ Красный Холм", settlement="Красный Холм")
    make_program(organization=organization)
    make_program(organization=organization)
    make_program(organization=organization, status=Program.Status.DRAFT)

    response = admin_client.get(ORGANIZATION_CHANGELIST)

    assert listed(response) == {"ДДТ Красный Холм"}
    [row] = response.context["cl"].result_list
    assert row.published_program_count == 2
    content = response.content.decode()
    assert organization.get_absolute_url() in content
    programs_link = f"{PROGRAM_CHANGELIST}?organization__id__exact={organization.pk}"
    assert f"{programs_link}&amp;status__exact=published" in content


@pytest.mark.parametrize("term", ["7707083893", "Прудовая", "Краснохолмская"])
def test_organization_search_finds_by_inn_settlement_and_name(admin_client, term):
    make_organization(
        short_name="Краснохолмская СОШ",
        full_name="МБОУ «Краснохолмская средняя общеобразовательная школа»",
        inn="7707083893",
        settlement="Прудовая",
    )
    make_organization(short_name="ДДТ", settlement="Красный Холм")

    response = admin_client.get(ORGANIZATION_CHANGELIST, {"q": term})

    assert listed(response) == {"Краснохолмская СОШ"}


def test_organization_filters_by_locality(admin_client):
    make_organization(short_name="Сельская школа", locality=Organization.Locality.RURAL)
    make_organization(short_name="Городской ДДТ", locality=Organization.Locality.URBAN)

    response = admin_client.get(ORGANIZATION_CHANGELIST, {"locality__exact": "rural"})

    assert listed(response) == {"Сельская школа"}


def test_organization_added_without_slug_gets_a_transliterated_one(admin_client):
    response = admin_client.post(
        reverse("admin:programs_organization_add"),
        {
            "short_name": "Дом детского творчества",
            "full_name": "МБУ ДО «Дом детского творчества»",
            "slug": "",
            "kind": Organization.Kind.SUPPLEMENTARY,
            "department": Organization.Department.EDUCATION,
            "locality": Organization.Locality.RURAL,
            "inn": "6900000000",
            "is_active": "on",
            "_save": "Сохранить",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organization.objects.get().slug == "dom-detskogo-tvorchestva"


def test_organization_with_a_wrong_inn_is_rejected_in_russian(admin_client):
    response = admin_client.post(
        reverse("admin:programs_organization_add"),
        {
            "short_name": "ДДТ",
            "full_name": "Дом детского творчества",
            "kind": Organization.Kind.SUPPLEMENTARY,
            "department": Organization.Department.EDUCATION,
            "locality": Organization.Locality.URBAN,
            "inn": "12345",
        },
    )

    assert response.status_code == 200
    assert fields_in_error(response, "adminform") == {"inn"}
    assert not Organization.objects.exists()


# Program list


def test_program_changelist_shows_levels_ages_payment_and_public_link(admin_client):
    published = make_program(
        title="Робототехника",
        levels=("start", "base"),
        age_min=8,
        age_max=14,
        is_free=False,
        is_paid=True,
        price_per_month=Decimal("1500"),
    )
    draft = make_program(title="Шахматы", status=Program.Status.DRAFT)

    response = admin_client.get(PROGRAM_CHANGELIST)

    assert listed(response) == {"Робототехника", "Шахматы"}
    content = response.content.decode()
    assert "Стартовый (ознакомительный), Базовый" in content
    assert "8–14" in content
    assert "Платно, 1\xa0500 ₽/мес." in content
    assert f'href="{published.get_absolute_url()}"' in content
    assert f'href="{draft.get_absolute_url()}"' not in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"direction__id__exact": "art"}, {"Хор"}),
        ({"levels__id__exact": "advanced"}, {"Олимпиадная физика"}),
        ({"status__exact": "draft"}, {"Хор"}),
        ({"payment": "free"}, {"Робототехника", "Хор"}),
        ({"payment": "certificate"}, {"Робототехника", "Олимпиадная физика"}),
        ({"payment": "paid"}, {"Олимпиадная физика"}),
        ({"payment": "barter"}, {"Робототехника", "Хор", "Олимпиадная физика"}),
        ({"is_ovz_adapted__exact": "1"}, {"Робототехника"}),
        ({"is_network__exact": "1"}, {"Олимпиадная физика"}),
        ({"study_form__exact": "distance"}, {"Олимпиадная физика"}),
    ],
)
def test_program_changelist_filters(admin_client, params, expected):
    make_program(
        title="Робототехника", direction="tech", accepts_certificate=True, is_ovz_adapted=True
    )
    make_program(title="Хор", direction="art", status=Program.Status.DRAFT)
    make_program(
        title="Олимпиадная физика",
        direction="science",
        levels=("advanced",),
        is_free=False,
        accepts_certificate=True,
        is_paid=True,
        price_per_month=Decimal("2000"),
        is_network=True,
        study_form=Program.StudyForm.DISTANCE,
    )
    # Filter parameters carry ids; the table above names the rows by their codes.
    for key, model in (("direction__id__exact", Direction), ("levels__id__exact", Level)):
        if key in params:
            params = {key: model.objects.get(code=params[key]).pk}

    assert listed(admin_client.get(PROGRAM_CHANGELIST, params)) == expected


def test_program_changelist_filters_by_organization(admin_client):
    school = make_organization(short_name="Школа № 1")
    make_program(title="Театр", organization=school)
    make_program(title="Футбол")

    response = admin_client.get(PROGRAM_CHANGELIST, {"organization__id__exact": school.pk})

    assert listed(response) == {"Театр"}


@pytest.mark.parametrize("term", ["робот", "РОБОТ", "ёлочн", "Школа № 7", "nav-777"])
def test_program_search_finds_title_words_organization_and_navigator_id(admin_client, term):
    make_program(
        title="Робототехника",
        annotation="Ёлочные игрушки из конструктора.",
        organization=make_organization(short_name="Школа № 7"),
        navigator_id="nav-777",
    )
    make_program(title="Хор")

    assert listed(admin_client.get(PROGRAM_CHANGELIST, {"q": term})) == {"Робототехника"}


@pytest.mark.parametrize("count", [5, 50])
def test_program_changelist_query_count_does_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        program = make_program(levels=("start", "base"))
        ScheduleSlot.objects.create(
            program=program, weekday=1, starts_at=time(15), ends_at=time(16)
        )

    with django_assert_max_num_queries(PROGRAM_CHANGELIST_QUERY_BOUND):
        response = admin_client.get(PROGRAM_CHANGELIST)

    assert len(response.context["cl"].result_list) == count


# Bulk actions


def reported(response):
    """Each message of the response as its level and the numbers it reports."""
    return [
        (message.level_tag, re.findall(r"\d+", str(message)))
        for message in response.context["messages"]
    ]


def test_publish_action_publishes_the_selected_programs_and_logs_it(admin_client):
    drafts = [make_program(status=Program.Status.DRAFT) for _ in range(3)]
    untouched = make_program(status=Program.Status.DRAFT)

    response = admin_client.post(
        PROGRAM_CHANGELIST,
        {"action": "publish", "_selected_action": [program.pk for program in drafts]},
        follow=True,
    )

    assert reported(response) == [("success", ["3"])]
    assert set(Program.objects.filter(status=Program.Status.PUBLISHED)) == set(drafts)
    untouched.refresh_from_db()
    assert untouched.status == Program.Status.DRAFT
    assert LogEntry.objects.filter(object_id__in=[str(p.pk) for p in drafts]).count() == 3


def test_archive_action_counts_only_programs_that_changed(admin_client):
    published = make_program()
    archived = make_program(status=Program.Status.ARCHIVED)
    before = published.updated_at

    response = admin_client.post(
        PROGRAM_CHANGELIST,
        {"action": "archive", "_selected_action": [published.pk, archived.pk]},
        follow=True,
    )

    assert reported(response) == [("success", ["1"])]  # the one already archived is not counted
    published.refresh_from_db()
    assert published.status == Program.Status.ARCHIVED
    assert published.updated_at > before


# Program form


def test_program_added_through_the_form_with_schedule_and_levels(admin_client):
    organization = make_organization()

    response = admin_client.post(PROGRAM_ADD, program_form_data(organization))

    assert response.status_code == 302, response.context["adminform"].form.errors
    program = Program.objects.get()
    assert program.slug == "yunyj-tehnik"
    assert program.organization == organization
    assert {level.code for level in program.levels.all()} == {"start", "base"}
    assert [t.code for t in program.disability_types.all()] == ["speech"]
    [slot] = program.schedule_slots.all()
    assert (slot.weekday, slot.starts_at, slot.ends_at) == (2, time(15), time(16, 30))
    assert "робототехника" in program.search_text


def test_program_with_a_taken_title_gets_a_numbered_slug(admin_client):
    make_program(title="Юный техник", slug="yunyj-tehnik")

    response = admin_client.post(PROGRAM_ADD, program_form_data(make_organization()))

    assert response.status_code == 302
    assert Program.objects.filter(slug="yunyj-tehnik-2").exists()


def test_program_keeps_a_slug_typed_by_hand(admin_client):
    data = program_form_data(make_organization(), slug="robots")

    assert admin_client.post(PROGRAM_ADD, data).status_code == 302
    assert Program.objects.get().slug == "robots"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"age_min": 14, "age_max": 10}, "Возраст «от» не может быть больше возраста «до»."),
        ({"is_paid": True, "price_per_month": ""}, "Для платной программы укажите стоимость."),
        (
            {"is_free": False},
            "Укажите хотя бы один вариант оплаты.",
        ),
        (
            {"schedule_slots-0-starts_at": "17:00"},
            "Занятие должно начинаться раньше, чем заканчивается.",
        ),
    ],
)
def test_invalid_program_is_rejected_in_russian_and_keeps_the_input(
    admin_client, overrides, message
):
    response = admin_client.post(PROGRAM_ADD, program_form_data(make_organization(), **overrides))

    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'value="Юный техник"' in content
    assert not Program.objects.exists()


def test_program_change_page_links_to_the_public_page_only_when_published(admin_client):
    published = make_program()
    draft = make_program(status=Program.Status.DRAFT)

    published_page = admin_client.get(program_url("change", published)).content.decode()
    draft_page = admin_client.get(program_url("change", draft)).content.decode()

    assert f'href="{published.get_absolute_url()}"' in published_page
    assert f'href="{draft.get_absolute_url()}"' not in draft_page
    assert admin_client.get(published.get_absolute_url()).status_code == 200


def test_program_timestamps_are_read_only(admin_client):
    program = make_program()

    response = admin_client.get(program_url("change", program))

    assert set(response.context["adminform"].form.fields).isdisjoint({"created_at", "updated_at"})
    assert {"created_at", "updated_at"} <= set(response.context["adminform"].readonly_fields)
    content = response.content.decode()
    assert "field-created_at" in content and "field-updated_at" in content  # shown, not edited


# Representatives


def test_representative_sees_only_programs_of_their_organization(
    representative_client, own_organization
):
    make_program(title="Наш театр", organization=own_organization)
    make_program(title="Чужой футбол")

    assert listed(representative_client.get(PROGRAM_CHANGELIST)) == {"Наш театр"}
    assert listed(representative_client.get(ORGANIZATION_CHANGELIST)) == {"ДДТ Красный Холм"}


def test_representative_cannot_open_another_organizations_program(representative_client):
    foreign = make_program(title="Чужой футбол")

    response = representative_client.get(program_url("change", foreign))

    assert response.status_code in (302, 404)
    assert "Чужой футбол" not in response.content.decode()
    if response.status_code == 302:
        assert "Чужой футбол" not in representative_client.get(response.url).content.decode()


def test_representative_cannot_publish_another_organizations_program(representative_client):
    foreign = make_program(status=Program.Status.DRAFT)

    representative_client.post(
        PROGRAM_CHANGELIST, {"action": "publish", "_selected_action": [foreign.pk]}
    )

    foreign.refresh_from_db()
    assert foreign.status == Program.Status.DRAFT


def test_representative_cannot_add_a_program_to_another_organization(representative_client):
    response = representative_client.post(PROGRAM_ADD, program_form_data(make_organization()))

    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not Program.objects.exists()


def test_representative_adds_a_program_to_their_organization(
    representative_client, own_organization
):
    form = representative_client.get(PROGRAM_ADD).context["adminform"].form
    assert form.initial["organization"] == own_organization.pk

    response = representative_client.post(PROGRAM_ADD, program_form_data(own_organization))

    assert response.status_code == 302
    assert Program.objects.get().organization == own_organization


def test_organization_autocomplete_offers_a_representative_only_their_organizations(
    representative_client, own_organization
):
    make_organization(short_name="ДДТ Чужой")

    response = representative_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "programs",
            "model_name": "program",
            "field_name": "organization",
            "term": "ДДТ",
        },
    )

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(own_organization.pk)]


def test_representative_cannot_change_representatives(representative_client, own_organization):
    response = representative_client.get(
        reverse("admin:programs_organization_change", args=[own_organization.pk])
    )

    assert "representatives" not in response.context["adminform"].form.fields


@pytest.mark.parametrize("group_name", [roles.METHODISTS, roles.COORDINATORS])
def test_methodists_see_programs_of_all_organizations(
    client, staff_user, own_organization, group_name
):
    staff_user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    make_program(title="Наш театр", organization=own_organization)
    make_program(title="Чужой футбол")
    client.force_login(staff_user)

    assert listed(client.get(PROGRAM_CHANGELIST)) == {"Наш театр", "Чужой футбол"}


def test_member_of_the_representatives_role_works_with_their_organization_only(
    client, django_user_model
):
    user = django_user_model.objects.create_user("rep", password="pass", is_staff=True)
    user.groups.add(roles.ensure_staff_groups()[roles.REPRESENTATIVES])
    own = make_organization(short_name="ДДТ Красный Холм")
    own.representatives.add(user)
    make_program(title="Наш театр", organization=own)
    make_program(title="Чужой футбол", organization=make_organization(short_name="ДДТ Чужой"))
    client.force_login(user)

    assert listed(client.get(PROGRAM_CHANGELIST)) == {"Наш театр"}
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "programs", "model_name": "program", "field_name": "organization"},
    )
    assert [item["text"] for item in autocomplete.json()["results"]] == ["ДДТ Красный Холм"]


def test_staff_user_without_organizations_sees_no_programs(client, staff_user):
    make_program(title="Чужой футбол")
    client.force_login(staff_user)

    assert listed(client.get(PROGRAM_CHANGELIST)) == set()


@pytest.mark.parametrize(
    ("model", "url"),
    [(Program, "admin:programs_program_add"), (Organization, "admin:programs_organization_add")],
)
def test_every_editable_field_is_on_the_admin_form(admin_client, model, url):
    form = admin_client.get(reverse(url)).context["adminform"].form
    editable = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete and field.editable and not field.auto_created
    }

    assert editable <= set(form.fields)


# Vocabularies


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("direction", {"Техническая", "Художественная"}),
        ("level", {"Базовый"}),
        ("disabilitytype", {"Глухота"}),
    ],
)
def test_vocabulary_changelists_list_the_seeded_entries(admin_client, model, expected):
    names = listed(admin_client.get(reverse(f"admin:programs_{model}_changelist")))

    assert expected <= names


def test_vocabulary_code_is_read_only_on_change(admin_client):
    direction = Direction.objects.get(code="tech")
    url = reverse("admin:programs_direction_change", args=[direction.pk])

    assert "code" not in admin_client.get(url).context["adminform"].form.fields
    response = admin_client.post(
        url,
        {"code": "robots", "name": "Техника", "order": 1, "description": "", "_save": "1"},
    )

    assert response.status_code == 302
    direction.refresh_from_db()
    assert (direction.code, direction.name) == ("tech", "Техника")


def test_vocabulary_code_is_editable_when_adding(admin_client):
    response = admin_client.get(reverse("admin:programs_level_add"))

    assert "code" in response.context["adminform"].form.fields


def test_vocabulary_names_and_order_are_edited_in_the_list(admin_client):
    levels = list(Level.objects.order_by("order"))
    data = {
        "form-TOTAL_FORMS": str(len(levels)),
        "form-INITIAL_FORMS": str(len(levels)),
        "_save": "Сохранить",
    }
    for i, level in enumerate(levels):
        data |= {f"form-{i}-id": level.pk, f"form-{i}-name": level.name, f"form-{i}-order": i}
    data["form-0-name"] = "Ознакомительный"
    load_closed_lists()  # the catalogue has cached the old names

    response = admin_client.post(reverse("admin:programs_level_changelist"), data)

    assert response.status_code == 302
    assert Level.objects.get(code="start").name == "Ознакомительный"
    assert load_closed_lists()["level"][0].name == "Ознакомительный"


@pytest.mark.parametrize("model", [Direction, Level, DisabilityType])
def test_vocabulary_entries_cannot_be_deleted(admin_client, model):
    entry = model.objects.first()

    response = admin_client.post(
        reverse(f"admin:programs_{model._meta.model_name}_delete", args=[entry.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert model.objects.filter(pk=entry.pk).exists()
