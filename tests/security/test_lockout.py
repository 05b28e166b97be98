"""The login lockout can't be turned against staff (issue 17, item 3): the pair (account,
address) is locked, not the account; a slower per-account delay answers guessing spread over
many addresses, and the owner's own browser skips it; names are counted trimmed, case kept."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from moc_portal.lockout import DEVICE_COOKIE, account_wait_seconds

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
OWNER = "203.0.113.10"


def try_login(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def logged_in(response, client):
    return response.status_code == 302 and "_auth_user_id" in client.session


def failures_of(username):
    return (
        AccessAttempt.objects.filter(username=username).aggregate(n=Sum("failures_since_start"))[
            "n"
        ]
        or 0
    )


def age_failures(seconds):
    """The failures happened `seconds` earlier than recorded (time passing, without a wait)."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(seconds=seconds))


def spread_failures(username, count):
    """`count` wrong passwords from as many addresses, each below the pair lockout."""
    for n in range(count):
        response = try_login(Client(), username, "wrong", f"192.0.2.{n + 1}")
        assert response.status_code == 200


def test_five_wrong_passwords_from_one_address_do_not_lock_the_right_one_from_another(
    make_staff,
):
    make_staff("methodist", username="olga")
    attacker = Client()
    for _ in range(5):
        try_login(attacker, "olga", "wrong", ATTACKER)
    assert try_login(attacker, "olga", PASSWORD, ATTACKER).status_code == 429

    owner = Client()
    assert logged_in(try_login(owner, "olga", PASSWORD, OWNER), owner)


def test_the_locked_pair_reads_a_russian_page_saying_what_to_do(client, make_staff):
    make_staff("methodist", username="olga")
    for _ in range(5):
        try_login(client, "olga", "wrong", ATTACKER)

    response = try_login(client, "olga", PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert '<html lang="ru"' in html and 'id="lockout-reason"' in html
    assert "ещё на 60 минут" in html  # how long, in words
    assert "Попытки доступа" in html  # who lifts it and where


def test_names_are_counted_trimmed_of_spaces_and_case_is_kept(make_staff):
    make_staff("methodist", username="olga")
    attacker = Client()
    for name in ["olga ", " olga", "olga\t", "olga", "olga  "]:
        try_login(attacker, name, "wrong", ATTACKER)

    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"olga"}
    assert try_login(attacker, "olga", PASSWORD, ATTACKER).status_code == 429
    try_login(attacker, "Olga", "wrong", ATTACKER)
    assert failures_of("Olga") == 1  # another account (Django's usernames are case-sensitive)


def test_guessing_from_many_addresses_makes_the_account_wait_before_any_password_check(
    make_staff, settings
):
    make_staff("methodist", username="olga")
    spread_failures("olga", settings.LOGIN_ACCOUNT_FREE_FAILURES + 1)

    stranger = Client()
    refused = try_login(stranger, "olga", PASSWORD, "203.0.113.99")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.LOGIN_ACCOUNT_FIRST_DELAY_SECONDS
    assert refused.context["account_throttled"]  # the account's wait, not the address's
    assert failures_of("olga") == settings.LOGIN_ACCOUNT_FREE_FAILURES + 1  # not counted

    age_failures(settings.LOGIN_ACCOUNT_FIRST_DELAY_SECONDS)
    assert logged_in(try_login(stranger, "olga", PASSWORD, "203.0.113.99"), stranger)


def test_the_account_delay_doubles_with_each_failure_up_to_the_cap(make_staff, settings):
    settings.LOGIN_ACCOUNT_FREE_FAILURES = 2
    settings.LOGIN_ACCOUNT_FIRST_DELAY_SECONDS = 5
    settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS = 30
    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username="olga",
        ip_address=ATTACKER,
        user_agent="",
        failures_since_start=0,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now)  # auto_now_add
    waits = []
    for failures in range(1, 8):
        AccessAttempt.objects.filter(pk=attempt.pk).update(failures_since_start=failures)
        waits.append(account_wait_seconds("olga", now=now))
    assert waits == [0, 0, 5, 10, 20, 30, 30]
    assert account_wait_seconds("olga", now=now + timedelta(seconds=29)) == 1
    assert account_wait_seconds("olga", now=now + timedelta(hours=1, seconds=1)) == 0


def test_the_owners_own_browser_skips_the_account_delay(make_staff, settings):
    make_staff("methodist", username="olga")
    own_browser = Client()
    assert logged_in(try_login(own_browser, "olga", PASSWORD, OWNER), own_browser)
    assert DEVICE_COOKIE in own_browser.cookies
    del own_browser.cookies[settings.SESSION_COOKIE_NAME]  # logged out, the browser remains

    spread_failures("olga", settings.LOGIN_ACCOUNT_FREE_FAILURES + 1)

    assert logged_in(try_login(own_browser, "olga", PASSWORD, OWNER), own_browser)
    forged = Client()
    forged.cookies[DEVICE_COOKIE] = '["olga"]'  # not signed by the server
    assert try_login(forged, "olga", PASSWORD, OWNER).status_code == 429


def test_the_unlock_command_lifts_the_pair_lockout_and_the_account_delay(make_staff, settings):
    make_staff("methodist", username="olga")
    attacker = Client()
    for _ in range(5):
        try_login(attacker, "olga", "wrong", ATTACKER)
    spread_failures("olga", settings.LOGIN_ACCOUNT_FREE_FAILURES + 1 - 5)
    assert try_login(attacker, "olga", PASSWORD, ATTACKER).status_code == 429

    call_command("axes_reset_username", "olga")

    assert logged_in(try_login(attacker, "olga", PASSWORD, ATTACKER), attacker)
