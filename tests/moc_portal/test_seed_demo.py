from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from moc_portal.models import SiteSettings
from moc_portal.roles import METHODISTS, REPRESENTATIVES
from programs.models import Direction, Organization, Program, ScheduleSlot

PASSWORD = "demo-pass-42"
SMALL = ["--programs", "60", "--organizations", "8"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *SMALL, "--password", PASSWORD, *args, stdout=out)
    return out.getvalue()


def catalogue_snapshot():
    return list(Program.objects.order_by("slug").values_list("slug", "title"))


def test_creates_the_requested_numbers_of_programs_and_organizations():
    seed()
    assert Program.objects.count() == 60
    assert Organization.objects.count() == 8


def test_programs_cover_all_six_directions():
    seed()
    covered = set(Program.objects.values_list("direction__code", flat=True))
    assert covered == set(Direction.objects.values_list("code", flat=True))
    assert len(covered) == 6


def test_organizations_are_in_towns_and_villages():
    seed()
    localities = set(Organization.objects.values_list("locality", flat=True))
    assert localities == {Organization.Locality.URBAN, Organization.Locality.RURAL}


def test_organizations_have_valid_details():
    seed()
    for organization in Organization.objects.all():
        organization.full_clean()  # ИНН and ОГРН lengths, e-mail, slug
        assert organization.address and organization.phone and organization.head_name


def test_some_programs_are_paid_with_a_price_and_some_adapted_for_ovz():
    seed()
    paid = Program.objects.filter(is_paid=True)
    assert paid.exists()
    assert not paid.filter(price_per_month__isnull=True).exists()
    ovz = Program.objects.filter(is_ovz_adapted=True)
    assert ovz.exists()
    assert not ovz.filter(disability_types__isnull=True).exists()
    assert not Program.objects.filter(is_ovz_adapted=False, disability_types__isnull=False).exists()


def test_every_program_is_valid_and_has_a_level_and_a_schedule():
    seed()
    programs = Program.objects.prefetch_related("levels", "schedule_slots")
    for program in programs:
        program.full_clean()
        assert 5 <= program.age_min <= program.age_max <= 18
        assert 1 <= len(program.levels.all()) <= 2
        assert 1 <= len(program.schedule_slots.all()) <= 3
    assert all(slot.starts_at < slot.ends_at for slot in ScheduleSlot.objects.all())


def test_search_text_is_filled_as_save_would_fill_it():
    seed()
    for program in Program.objects.select_related("organization"):
        assert program.search_text
        assert program.search_text == program.build_search_text(program.organization)


def test_the_same_seed_gives_the_same_catalogue():
    seed("--seed", "7")
    first = catalogue_snapshot()
    seed("--seed", "7", "--replace")
    assert catalogue_snapshot() == first


def test_another_seed_gives_another_catalogue():
    seed("--seed", "7")
    first = catalogue_snapshot()
    seed("--seed", "8", "--replace")
    assert catalogue_snapshot() != first


def test_site_settings_describe_the_krasnokholmsky_moc():
    seed()
    settings = SiteSettings.objects.get(pk=1)
    assert "Краснохолмского" in settings.moc_name
    assert settings.created_on.isoformat() == "2022-03-01"


def test_demo_never_links_to_a_real_navigator_with_made_up_program_ids():
    seed()
    # .example is reserved (RFC 2606): it can never be a real regional Навигатор.
    assert SiteSettings.objects.get(pk=1).navigator_base_url == "https://navigator.example"


@pytest.mark.parametrize("login", ["methodist", "coordinator", "orgrep"])
def test_demo_staff_can_log_in_with_the_password(client, login):
    seed()
    assert client.login(username=login, password=PASSWORD)
    assert get_user_model().objects.get(username=login).is_staff


def test_demo_staff_are_in_their_groups():
    seed()
    users = get_user_model().objects
    assert users.get(username="methodist").groups.filter(name=METHODISTS).exists()
    assert users.get(username="orgrep").groups.filter(name=REPRESENTATIVES).exists()


def test_orgrep_represents_exactly_one_organization():
    seed()
    orgrep = get_user_model().objects.get(username="orgrep")
    assert orgrep.represented_organizations.count() == 1


def test_prints_the_logins_and_the_password():
    output = seed()
    for login in ("methodist", "coordinator", "orgrep"):
        assert login in output
    assert PASSWORD in output


def test_password_comes_from_the_environment_when_not_given(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "from-env-99")
    call_command("seed_demo", *SMALL, stdout=StringIO())
    assert client.login(username="methodist", password="from-env-99")


def test_if_empty_on_a_seeded_database_adds_nothing_but_resets_the_accounts(client):
    seed()
    before = catalogue_snapshot()
    call_command("seed_demo", "--if-empty", "--password", "new-pass-77", stdout=StringIO())
    assert catalogue_snapshot() == before
    assert client.login(username="orgrep", password="new-pass-77")
    orgrep = get_user_model().objects.get(username="orgrep")
    assert orgrep.represented_organizations.count() == 1


def test_refuses_to_seed_a_database_that_has_data():
    seed()
    with pytest.raises(CommandError, match="--replace"):
        seed()
    assert Program.objects.count() == 60


def test_replace_recreates_the_catalogue():
    seed()
    call_command(
        "seed_demo", "--programs", "20", "--organizations", "3", "--replace",
        "--password", PASSWORD, stdout=StringIO(),
    )  # fmt: skip
    assert Program.objects.count() == 20
    assert Organization.objects.count() == 3
    orgrep = get_user_model().objects.get(username="orgrep")
    assert orgrep.represented_organizations.count() == 1


def test_seed_demo_adds_a_year_of_monitoring_in_every_status():
    from monitoring.models import ReportingPeriod, Submission, Value

    seed()
    assert ReportingPeriod.objects.count() == 12
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "accepted", "returned"}
    assert ReportingPeriod.objects.filter(is_closed=True).exists()
    assert Value.objects.exists()
