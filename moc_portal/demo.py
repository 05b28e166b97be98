"""Demo data for the whole portal: `python manage.py seed_demo` is its command-line face.

The catalogue comes from programs.demo, a year of monitoring from monitoring.demo; this
module adds the МОЦ's site settings and the demo staff accounts.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from monitoring import demo as monitoring_demo
from programs import demo as catalogue_demo
from programs.demo import DemoDataError
from programs.models import Organization, Program
from programs.services import analyze_catalogue

from .models import SiteSettings
from .roles import COORDINATORS, METHODISTS, REPRESENTATIVES, ensure_staff_groups

__all__ = ["DemoDataError", "seed_demo"]


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
    generated = _make_room(if_empty=if_empty, replace=replace)
    if generated:
        catalogue_demo.build_catalogue(random.Random(seed), programs, organizations)
        fill_site_settings()
        monitoring_demo.seed_monitoring(seed)
        analyze_catalogue()  # PostgreSQL plans the catalogue blind until its tables are analyzed
    represented = ensure_demo_accounts(password)
    return SeedResult(
        organizations=Organization.objects.count(),
        programs=Program.objects.count(),
        generated=generated,
        accounts=DEMO_ACCOUNTS,
        represented_organization=represented,
    )


def _make_room(*, if_empty, replace):
    """Whether to generate the catalogue; clears the existing one when asked to replace it."""
    if not catalogue_demo.catalogue_has_data():
        return True
    if if_empty:
        return False
    if not replace:
        raise DemoDataError(
            "В базе уже есть организации и программы. Запустите с --if-empty, чтобы "
            "оставить их, или с --replace, чтобы удалить их и создать демо-данные заново."
        )
    monitoring_demo.delete_monitoring()
    catalogue_demo.delete_catalogue()
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
            "navigator_base_url": "https://р69.навигатор.дети",
        },
    )


def ensure_demo_accounts(password):
    """Staff accounts in their groups, with this password; returns orgrep's organization."""
    groups = ensure_staff_groups()
    users = {}
    for account in DEMO_ACCOUNTS:
        users[account.login] = _ensure_staff_user(account, password)
        users[account.login].groups.add(groups[account.group])
    return _ensure_represents_one_organization(users[REPRESENTATIVE_LOGIN])


def _ensure_staff_user(account, password):
    user, _ = get_user_model().objects.get_or_create(username=account.login)
    user.first_name, user.last_name = account.first_name, account.last_name
    user.email = f"{account.login}@example.org"
    user.is_staff = user.is_active = True
    user.set_password(password)
    user.save()
    return user


def _ensure_represents_one_organization(user):
    represented = list(user.represented_organizations.all()[:2])
    if len(represented) == 1:
        return represented[0]
    organization = Organization.objects.order_by("-is_active", "pk").first()
    user.represented_organizations.set([organization] if organization else [])
    return organization
