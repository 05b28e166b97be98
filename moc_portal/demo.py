"""Demo data for the whole portal: `python manage.py seed_demo` is its command-line face.

Each installed app's `demo` module builds its own part (see moc_portal.core.demo for the
contract); this module finds them, runs them in order and adds the МОЦ's site settings and
the demo staff accounts.
"""

import importlib
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.module_loading import module_has_submodule

from programs.models import Organization, Program
from programs.services.revisions import propose_changes

from .core.demo import DemoDataError
from .models import OpenDataVersion, SiteSettings
from .opendata import services as opendata
from .roles import COORDINATORS, EXPERTS, METHODISTS, REPRESENTATIVES, ensure_staff_groups

__all__ = ["DemoDataError", "seed_demo"]

DEFAULT_PROGRAMS = 300
DEFAULT_ORGANIZATIONS = 30


@dataclass(frozen=True)
class DemoAccount:
    login: str
    group: str
    first_name: str
    last_name: str


REPRESENTATIVE_LOGIN = "orgrep"
DEMO_ACCOUNTS = [
    DemoAccount("methodist", METHODISTS, "Марина", "Соколова"),
    DemoAccount("coordinator", COORDINATORS, "Ирина", "Лебедева"),
    DemoAccount(REPRESENTATIVE_LOGIN, REPRESENTATIVES, "Ольга", "Новикова"),
    DemoAccount("expert1", EXPERTS, "Татьяна", "Орлова"),
    DemoAccount("expert2", EXPERTS, "Андрей", "Волков"),
]


@dataclass(frozen=True)
class SeedResult:
    organizations: int
    programs: int
    generated: bool  # False when --if-empty found data and left it alone
    accounts: list  # [DemoAccount]
    represented_organization: Organization | None


@transaction.atomic
def seed_demo(*, programs, organizations, seed, password, if_empty=False, replace=False):
    """Fill an empty catalogue with demo data and ensure the demo staff accounts."""
    modules = demo_modules()
    generated = _make_room(modules, if_empty=if_empty, replace=replace)
    # Accounts first: an app's demo may need them (the practices' experts).
    users = ensure_demo_accounts(password)
    if generated:
        fill_site_settings()
        for module in modules:
            module.build_demo(seed=seed, programs=programs, organizations=organizations)
        opendata.publish_changed_sets()  # the first versions of the open-data sets
    represented = _ensure_represents_one_organization(users[REPRESENTATIVE_LOGIN])
    if generated and represented is not None:
        _propose_a_demo_revision(users[REPRESENTATIVE_LOGIN], represented)
    return SeedResult(
        organizations=Organization.objects.count(),
        programs=Program.objects.count(),
        generated=generated,
        accounts=DEMO_ACCOUNTS,
        represented_organization=represented,
    )


def demo_modules():
    """Every installed app's `demo` module that builds demo data, in their DEMO_ORDER."""
    modules = [
        importlib.import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, "demo")
    ]
    return sorted(
        (module for module in modules if hasattr(module, "build_demo")),
        key=lambda module: module.DEMO_ORDER,
    )


def analyze_after_bulk_load():
    """PostgreSQL plans blind until statistics exist; autovacuum may not have run yet."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _make_room(modules, *, if_empty, replace):
    """Whether to generate demo data; clears the existing data when asked to replace it."""
    if not any(getattr(module, "has_demo_data", lambda: False)() for module in modules):
        return True
    if if_empty:
        return False
    if not replace:
        raise DemoDataError(
            "В базе уже есть организации и программы. Запустите с --if-empty, чтобы "
            "оставить их, или с --replace, чтобы удалить их и создать демо-данные заново."
        )
    for module in reversed(modules):
        module.delete_demo()
    OpenDataVersion.objects.all().delete()  # versions of the demo data just deleted
    return True


def fill_site_settings():
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "moc_name": "Муниципальный опорный центр дополнительного образования детей "
            "Краснохолмского муниципального округа",
            "municipality": "Краснохолмский муниципальный округ Тверской области",
            "base_organization": "МБОУ ДО «Краснохолмский Дом детского творчества»",
            "created_on": date(2022, 3, 1),
            "coordinators": "Отдел образования администрации Краснохолмского муниципального "
            "округа; Региональный модельный центр дополнительного образования детей "
            "Тверской области",
            "address": "171660, Тверская область, г. Красный Холм, ул. Октябрьская, д. 20",
            "phone": "+7 (48237) 2-14-56",
            "email": "moc-kholm@example.org",
            "working_hours": "Пн–Пт 8:00–16:00, обед 12:00–13:00",
            # Demo programs have made-up Навигатор ids: never send people to the real one.
            "navigator_base_url": "https://navigator.example",
            # Made-up numbers of the right length (the ИНН has its check digit): no real operator.
            "operator_name": "Муниципальное бюджетное образовательное учреждение "
            "дополнительного образования «Краснохолмский Дом детского творчества»",
            "operator_inn": "6900000004",
            "operator_ogrn": "1000000000000",
            "operator_address": "171660, Тверская область, г. Красный Холм, ул. Октябрьская, д. 20",
            "privacy_officer": "заместитель директора по учебно-воспитательной работе",
            "opendata_responsible": "Методист МОЦ Иванова Мария Сергеевна",
            "opendata_phone": "+7 (48237) 2-14-56",
            "opendata_email": "moc-kholm@example.org",
        },
    )


def ensure_demo_accounts(password):
    """Staff accounts in their groups, with this password: {login: user}."""
    groups = ensure_staff_groups()
    users = {}
    for account in DEMO_ACCOUNTS:
        users[account.login] = _ensure_staff_user(account, password)
        users[account.login].groups.add(groups[account.group])
    return users


def _ensure_staff_user(account, password):
    user, _ = get_user_model().objects.get_or_create(username=account.login)
    user.first_name, user.last_name = account.first_name, account.last_name
    user.email = f"{account.login}@example.org"
    user.is_staff = user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _propose_a_demo_revision(user, organization):
    """The methodists' «Правки программ» is not empty in the demo: the representative's change
    to a published program waits for review while the page shows the published text."""
    program = organization.programs.filter(status=Program.Status.PUBLISHED).order_by("pk").first()
    if program is not None:
        extra = " С января — новая группа по субботам для начинающих."
        propose_changes(program, {"annotation": program.annotation + extra}, user)


def _ensure_represents_one_organization(user):
    represented = list(user.represented_organizations.all()[:2])
    if len(represented) == 1:
        return represented[0]
    organization = Organization.objects.order_by("-is_active", "pk").first()
    user.represented_organizations.set([organization] if organization else [])
    return organization
