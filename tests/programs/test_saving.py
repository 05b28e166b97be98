"""Writes go through programs.services: the models' save() is Django's, the admin and the
bulk paths keep the search text, the vocabulary, the history and `updated_at` in step."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.urls import reverse

from programs.models import Organization, Program, SearchWord
from programs.services import set_program_status
from programs.services.imports import import_organizations, import_programs
from tests.factories import make_organization, make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", apps.get_app_config("programs").get_models(), ids=lambda model: model.__name__
)
def test_no_catalogue_model_overrides_save_or_delete(model):
    assert model.save is models.Model.save
    assert model.delete is models.Model.delete


def test_the_admin_saves_a_renamed_organization_through_the_service(admin_client):
    organization = make_organization(short_name="ДДТ", full_name="Дом творчества")
    program = make_program(organization=organization, title="Шахматы")
    response = admin_client.post(
        reverse("admin:programs_organization_change", args=[organization.pk]),
        {
            "slug": organization.slug,
            "full_name": "Центр Радуга",
            "short_name": "Радуга",
            "kind": organization.kind,
            "department": organization.department,
            "locality": organization.locality,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert "радуга" in program.search_text.split()
    assert SearchWord.objects.get(word="радуга").programs == 1
    assert not SearchWord.objects.filter(word="творчества").exists()


def test_the_admin_deletes_a_program_and_its_words_leave_the_vocabulary(admin_client):
    program = make_program(title="Авиамоделирование")
    assert SearchWord.objects.filter(word="авиамоделирование").exists()
    response = admin_client.post(
        reverse("admin:programs_program_delete", args=[program.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Program.objects.filter(pk=program.pk).exists()
    assert not SearchWord.objects.filter(word="авиамоделирование").exists()


def test_a_status_change_in_bulk_writes_history_and_updated_at(admin_user):
    with time_machine.travel(datetime.datetime(2026, 10, 1, 9, tzinfo=datetime.UTC), tick=False):
        program = make_program(status=Program.Status.MODERATION)
    moment = datetime.datetime(2026, 10, 5, 12, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert set_program_status(Program.objects.all(), Program.Status.PUBLISHED, admin_user) == 1
    program.refresh_from_db()
    assert program.updated_at == moment
    latest = program.history.latest()
    assert (latest.status, latest.history_user, latest.history_type) == (
        Program.Status.PUBLISHED,
        admin_user,
        "~",
    )


def test_the_bulk_import_writes_a_history_row_per_program_in_the_users_name(admin_user):
    organization = make_organization(short_name="ДДТ Красный Холм")
    existing = make_program(organization=organization, title="Шахматы", age_min=7, age_max=12)
    header = ["Название", "Организация", "Направленность", "Уровень", "Возраст от", "Возраст до"]
    rows = [
        header,
        ["Шахматы", "ДДТ Красный Холм", "техническая", "стартовый", 8, 12],
        ["Робототехника", "ДДТ Красный Холм", "техническая", "стартовый", 9, 14],
    ]
    content = ("\r\n".join(";".join(map(str, row)) for row in rows) + "\r\n").encode()
    result = import_programs(content, user=admin_user, filename="programs.csv")
    assert not result.errors
    created = Program.objects.get(title="Робототехника")
    assert [(h.history_type, h.history_user) for h in created.history.all()] == [("+", admin_user)]
    changed = existing.history.latest()
    assert (changed.history_type, changed.age_min, changed.history_user) == ("~", 8, admin_user)


def test_the_organization_import_writes_history(admin_user):
    rows = [
        ["Краткое наименование", "Полное наименование", "Тип"],
        ["Радуга", "Центр «Радуга»", "school"],
    ]
    content = ("\r\n".join(";".join(row) for row in rows) + "\r\n").encode()
    result = import_organizations(content, user=admin_user, filename="orgs.csv")
    assert not result.errors
    organization = Organization.objects.get(short_name="Радуга")
    assert [h.history_type for h in organization.history.all()] == ["+"]
