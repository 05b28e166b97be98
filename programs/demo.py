"""Demo data: a plausible Краснохолмский муниципальный округ generated from a seed.

`build_catalogue()` builds organizations and programs (with levels, ОВЗ types and schedules) in
bulk inserts; the same seed gives the same data. moc_portal.demo puts it together with the
site settings, the staff accounts and the monitoring data.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import ProtectedError, RestrictedError

from moc_portal.core.addresses import slug_from_text, unique_slug
from moc_portal.core.demo import DemoDataError

from .closed_lists import DISABILITY_TYPES
from .demo_enrolment import create_waiting_parents, enrollment, window_and_costs
from .demo_identifiers import inn10, inn12, ogrn, ogrnip
from .demo_pictures import add_demo_pictures
from .demo_places import create_places, create_settlements, point_near
from .demo_words import (
    BASE_ORGANIZATION,
    CLUB_NAMES,
    CLUBS,
    DIRECTION_WEIGHTS,
    FEMALE_NAMES,
    GENERIC_CLUBS,
    LEVEL_SET_WEIGHTS,
    LEVEL_SETS,
    MALE_NAMES,
    ORGANIZATION_NAMES,
    ORGANIZATION_TEMPLATES,
    PATRONYMIC_STEMS,
    RURAL,
    SECONDARY_SCHOOL,
    SETTLEMENTS,
    STATUS_WEIGHTS,
    STATUSES,
    SURNAMES,
    TEXTS,
    TOPICS,
    TOWN_STREETS,
    URBAN,
    VILLAGE_STREETS,
    Kind,
    OrganizationTemplate,
    split_words,
)
from .models import (
    Direction,
    Organization,
    Program,
    ScheduleSlot,
    Settlement,
)
from .search_vocabulary import rebuild_search_vocabulary

DEFAULT_PROGRAMS = 300
DEFAULT_ORGANIZATIONS = 30
BATCH_SIZE = 1000
# --- The operation -----------------------------------------------------------------------------


DEMO_ORDER = 10


def build_demo(*, seed, programs, organizations, **options):
    build_catalogue(random.Random(seed), programs, organizations)
    add_demo_pictures()


def delete_demo():
    delete_catalogue()


def has_demo_data():
    return catalogue_has_data()


def catalogue_has_data():
    return Organization.objects.exists() or Program.objects.exists()


def delete_catalogue():
    try:
        Program.objects.all().delete()
        Organization.objects.all().delete()
        Settlement.objects.all().delete()
    except (ProtectedError, RestrictedError) as error:
        raise DemoDataError(
            "Не удалось удалить организации и программы: на них ссылаются другие данные "
            f"({error.args[0]})"
        ) from error


# --- Building the catalogue --------------------------------------------------------------------


@dataclass
class OrganizationDraft:
    organization: Organization
    template: OrganizationTemplate


@dataclass
class ProgramDraft:
    program: Program
    level_codes: tuple
    disability_codes: list
    slots: list  # [(weekday, starts_at, ends_at)]


def build_catalogue(rng, program_count, organization_count):
    organizations = _create_organizations(rng, organization_count)
    drafts = _draft_programs(rng, program_count, organizations)
    Program.objects.bulk_create([draft.program for draft in drafts], batch_size=BATCH_SIZE)
    create_places(drafts, organizations, batch_size=BATCH_SIZE)
    _create_program_links(drafts, "levels", lambda draft: draft.level_codes)
    _create_program_links(drafts, "disability_types", lambda draft: draft.disability_codes)
    _create_schedule_slots(drafts)
    create_waiting_parents(drafts, batch_size=BATCH_SIZE)
    rebuild_search_vocabulary()  # bulk inserts skip services.save_program, which keeps it


def _create_organizations(rng, count):
    drafts = []
    used = {"short": set(), "slug": set(), "kind": set()}
    settlements = create_settlements()
    # Points come from a generator of their own: the rest of the demo stays as it was.
    geo = random.Random(f"points-{count}")
    for index in range(count):
        template, settlement = _pick_organization_kind(rng, index, used["kind"])
        organization = _draft_organization(rng, template, settlement, used)
        organization.settlement = settlements[settlement.name]
        organization.latitude, organization.longitude = point_near(geo, settlement.name)
        drafts.append(OrganizationDraft(organization, template))
    Organization.objects.bulk_create([draft.organization for draft in drafts])
    return drafts


def _pick_organization_kind(rng, index, taken):
    """The МОЦ's base organization first, a rural school second, then a weighted mix.

    A kind already present in the settlement is drawn again a few times before it is
    accepted (as «… СОШ № 2»), so that organizations spread over the villages.
    """
    if index == 0:
        choice = BASE_ORGANIZATION, SETTLEMENTS[0]
    elif index == 1:
        choice = SECONDARY_SCHOOL, rng.choice([s for s in SETTLEMENTS if s.locality == RURAL])
    else:
        for _ in range(5):
            choice = _random_organization_kind(rng)
            if choice not in taken:
                break
    taken.add(choice)
    return choice


def _random_organization_kind(rng):
    weights = [t.weight for t in ORGANIZATION_TEMPLATES]
    template = rng.choices(ORGANIZATION_TEMPLATES, weights)[0]
    places = [s for s in SETTLEMENTS if template.where in ("any", s.locality)]
    return template, rng.choices(places, [s.weight for s in places])[0]


def _draft_organization(rng, template, settlement, used):
    full_name, short_name, person = _organization_names(rng, template, settlement, used["short"])
    slug = unique_slug(used["slug"], short_name, max_length=100)
    entrepreneur = template.kind == Kind.ENTREPRENEUR
    return Organization(
        slug=slug,
        full_name=full_name,
        short_name=short_name,
        kind=template.kind,
        department=template.department,
        inn=inn12(rng) if entrepreneur else inn10(rng),
        ogrn=ogrnip(rng) if entrepreneur else ogrn(rng),
        address=_address(rng, settlement),
        locality=settlement.locality,
        phone=f"+7 (48237) {rng.randint(2, 5)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        email=f"{slug[:60]}@example.org",
        website=f"https://{slug[:60]}.example.org" if rng.random() < 0.5 else "",
        head_name=person if entrepreneur else _person(rng),
        is_active=template is BASE_ORGANIZATION or rng.random() >= 0.07,
    )


def _organization_names(rng, template, settlement, used_short_names):
    """(full name, short name, the entrepreneur's name) with « № 2» added if already taken."""
    person = _person(rng, female_share=0.6)
    last, first, middle = person.split()
    fields = {
        "adj_f": settlement.stem + "ая",
        "adj_m": settlement.stem + "ий",
        "name": rng.choice(ORGANIZATION_NAMES),
        "person": person,
        "initials": f"{last} {first[0]}. {middle[0]}.",
    }
    for number in range(1, 1000):
        fields["no"] = f" № {number}" if number > 1 else ""
        short_name = template.short_name.format(**fields)
        if short_name not in used_short_names:
            used_short_names.add(short_name)
            return template.full_name.format(**fields), short_name, person
    raise DemoDataError("Слишком много организаций одного вида.")


def _address(rng, settlement):
    streets = TOWN_STREETS if settlement.locality == URBAN else VILLAGE_STREETS
    return (
        f"{settlement.postcode}, Тверская область, Краснохолмский муниципальный округ, "
        f"{settlement.prefix} {settlement.name}, ул. {rng.choice(streets)}, "
        f"д. {rng.randint(1, 60)}"
    )


def _person(rng, female_share=0.8):
    if rng.random() < female_share:
        first, surname_ending, patronymic_ending = rng.choice(FEMALE_NAMES), "а", "на"
    else:
        first, surname_ending, patronymic_ending = rng.choice(MALE_NAMES), "", "ич"
    surname = rng.choice(SURNAMES) + surname_ending
    return f"{surname} {first} {rng.choice(PATRONYMIC_STEMS)}{patronymic_ending}"


def _draft_programs(rng, count, organizations):
    by_direction = {
        code: [o for o in organizations if code in o.template.directions] or organizations
        for code in DIRECTION_WEIGHTS
    }
    directions = Direction.objects.in_bulk(field_name="code")
    codes, weights = list(DIRECTION_WEIGHTS), list(DIRECTION_WEIGHTS.values())
    drafts = []
    for index in range(count):
        # The first six cover every direction, so even a tiny demo shows them all.
        code = codes[index] if index < len(codes) else rng.choices(codes, weights)[0]
        candidates = by_direction[code]
        owner = rng.choices(candidates, [o.template.capacity for o in candidates])[0]
        drafts.append(_draft_program(rng, index + 1, directions[code], owner))
    return drafts


def _draft_program(rng, number, direction, owner):
    organization, direction_code = owner.organization, direction.code
    age_min, age_max = _ages(rng, *owner.template.ages)
    level_codes = rng.choices(LEVEL_SETS, LEVEL_SET_WEIGHTS)[0]
    title = _title(rng, direction_code, level_codes, age_min, age_max)
    flags = _flags(rng)
    disability_codes = (
        rng.sample([code for code, _ in DISABILITY_TYPES], rng.randint(1, 3))
        if flags["is_ovz_adapted"]
        else []
    )
    payment = _payment(rng)
    texts = _texts(rng, direction_code, age_min, age_max, flags)
    teachers = ", ".join(_person(rng) for _ in range(rng.choice([1, 1, 1, 2])))
    meets_in_building = rng.random() < 0.6  # the demo once wrote «<address>, <room>» here
    program = Program(
        # Numbered, so unique and never one of the site's own words (addresses.reserved_words).
        slug=f"{slug_from_text(title, max_length=100)}-{number}",
        title=title,
        organization=organization,
        direction=direction,
        age_min=age_min,
        age_max=age_max,
        duration_months=rng.choice([3, 9, 9, 9, 18, 27, 36]),
        hours_per_year=rng.choice([36, 72, 72, 108, 144, 216]),
        **flags,
        **payment,
        **texts,
        teachers=teachers,
        **enrollment(rng),
        navigator_id=str(rng.randint(10000, 999999)) if rng.random() < 0.9 else "",
        status=rng.choices(STATUSES, STATUS_WEIGHTS)[0],
    )
    # Its own random source (by number): the draws above stay the same as before.
    window_and_costs(random.Random(f"enrolment-{number}"), program)
    program.search_text = program.build_search_text(organization)  # as save_program would
    draft = ProgramDraft(program, level_codes, disability_codes, _schedule(rng))
    draft.meets_in_building = meets_in_building
    return draft


def _ages(rng, low, high):
    age_min = rng.randint(low, high - 1)
    return age_min, rng.randint(age_min + 1, min(high, age_min + 8))


def _title(rng, direction_code, level_codes, age_min, age_max):
    """E.g. "Шахматы для начинающих", "Изостудия «Фантазия»", "Кружок «Байт». Мультипликация"."""
    topic = rng.choice(split_words(TOPICS[direction_code]))
    name = rng.choice(split_words(CLUB_NAMES[direction_code]))
    club = rng.choice(split_words(CLUBS[direction_code])).format(name)
    pattern = rng.random()
    if pattern < 0.4:
        return topic + _title_suffix(rng, level_codes, age_min, age_max)
    if pattern < 0.65:
        return club
    if pattern < 0.8:
        return f"{topic} «{name}»"
    return f"{rng.choice(GENERIC_CLUBS)} «{name}». {topic}"


def _title_suffix(rng, level_codes, age_min, age_max):
    suffixes = ["", "", ""]
    if "start" in level_codes:
        suffixes += [" для начинающих", ": первые шаги"]
    if "advanced" in level_codes:
        suffixes += [". Углублённый курс", ": мастерство"]
    if age_max <= 7:
        suffixes.append(" для дошкольников")
    elif age_max <= 11:
        suffixes.append(" для младших школьников")
    if age_min >= 14:
        suffixes.append(" для старшеклассников")
    return rng.choice(suffixes)


def _flags(rng):
    study_form = rng.choices(list(Program.StudyForm), [85, 10, 5])[0]
    return {
        "study_form": study_form,
        "uses_distance_technologies": study_form == Program.StudyForm.DISTANCE
        or rng.random() < 0.1,
        "is_network": rng.random() < 0.08,
        "is_ovz_adapted": rng.random() < 0.12,
    }


def _payment(rng):
    option = rng.choices(["free", "certificate", "free+certificate", "paid"], [62, 15, 11, 12])[0]
    paid = option == "paid"
    return {
        "is_free": "free" in option,
        "accepts_certificate": "certificate" in option or (paid and rng.random() < 0.3),
        "is_paid": paid,
        "price_per_month": Decimal(rng.randrange(500, 3600, 100)) if paid else None,
    }


def _texts(rng, direction_code, age_min, age_max, flags):
    about, goal, tasks, results = TEXTS[direction_code]
    annotation = [f"Программа {about}. Занятия рассчитаны на детей от {age_min} до {age_max} лет."]
    if flags["is_network"]:
        annotation.append("Реализуется в сетевой форме вместе с другими организациями округа.")
    if flags["uses_distance_technologies"]:
        annotation.append("Часть занятий проходит с применением дистанционных технологий.")
    if flags["is_ovz_adapted"]:
        annotation.append("Программа адаптирована для детей с ОВЗ.")
    *first, last = rng.sample(split_words(results), 3)
    return {
        "annotation": " ".join(annotation),
        "goals": f"Цель — {goal}. Задачи: {'; '.join(rng.sample(split_words(tasks), 3))}.",
        "expected_results": f"По окончании обучения дети {', '.join(first)} и {last}.",
    }


def _schedule(rng):
    weekdays = sorted(rng.sample(range(1, 7), rng.choices([1, 2, 3], [35, 45, 20])[0]))
    starts_at = time(rng.randint(13, 18), rng.choice([0, 30]))
    minutes = rng.choice([40, 45, 80, 90])
    ends_at = (datetime.combine(date.min, starts_at) + timedelta(minutes=minutes)).time()
    return [(weekday, starts_at, ends_at) for weekday in weekdays]


def _create_program_links(drafts, field_name, codes_of):
    """The rows of a program's many-to-many to a closed list (levels, ОВЗ types), whose
    entries `codes_of(draft)` names by code."""
    field = Program._meta.get_field(field_name)
    entries = field.related_model.objects.in_bulk(field_name="code")
    through = field.remote_field.through
    rows = [
        through(program_id=draft.program.pk, **{field.m2m_reverse_name(): entries[code].pk})
        for draft in drafts
        for code in codes_of(draft)
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _create_schedule_slots(drafts):
    slots = [
        ScheduleSlot(program_id=draft.program.pk, weekday=weekday, starts_at=start, ends_at=end)
        for draft in drafts
        for weekday, start, end in draft.slots
    ]
    ScheduleSlot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
