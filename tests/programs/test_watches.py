"""«Сообщить, когда откроется запись» without a worker: the form, the double opt-in, the one
mail, unsubscribing, erasing, the limits; the admin's and the report's counts."""

import datetime
import re

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone

from moc_portal.core import outbox
from moc_portal.models import ConsentRecord, OutgoingMail
from programs.models import EnrolmentWatch, Program
from programs.selectors import Feature, counts_by_direction
from programs.services import watches
from tests.factories import make_program

pytestmark = pytest.mark.django_db

FORM = {"email": "Mama@Example.ru", "consent": "on", "website": ""}


def later(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def soon():
    return make_program(title="Робототехника", enrollment_from=later(10), enrollment_to=later(40))


def subscribe(client, program, **changes):
    url = reverse("programs:watch_subscribe", args=[program.slug])
    return client.post(url, {**FORM, **changes}, REMOTE_ADDR="203.0.113.5")


def delivered():
    outbox.deliver_due()
    return list(django_mail.outbox)


def link(message, name):
    paths = {"confirm": "/notify/confirm/", "stop": "/notify/stop/"}
    match = re.search(r"https?://[^\s]+" + re.escape(paths[name]) + r"[^\s]+", message.body)
    return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_the_form_appears_only_while_one_can_wait(client, soon):
    assert 'id="watch"' in client.get(soon.get_absolute_url()).content.decode()
    open_now = make_program(enrollment_to=later(5))
    assert 'id="watch"' not in client.get(open_now.get_absolute_url()).content.decode()
    full = make_program(places_available=0)
    assert 'id="watch"' in client.get(full.get_absolute_url()).content.decode()


def test_subscribe_confirm_open_one_mail_unsubscribe(client, soon):
    response = subscribe(client, soon)
    assert response.status_code == 302
    watch = EnrolmentWatch.objects.get()
    assert watch.email == "mama@example.ru" and watch.consent.purpose == watches.CONSENT_PURPOSE
    assert watch.consent.ip_address == "203.0.113.5"
    [confirmation] = delivered()
    confirm_path = link(confirmation, "confirm")

    # The link shows a button; following it (a mail scanner) confirms nothing.
    assert client.get(confirm_path).status_code == 200
    watch.refresh_from_db()
    assert watch.confirmed_at is None
    assert watches.notify_opened(later(10)) == 0  # not confirmed: nothing is sent
    assert client.post(confirm_path).status_code == 302
    watch.refresh_from_db()
    assert watch.confirmed_at is not None

    assert watches.notify_opened() == 0  # the window has not opened yet
    assert watches.notify_opened(later(10)) == 1
    assert watches.notify_opened(later(11)) == 0  # one message only
    messages = delivered()
    assert len(messages) == 2 and messages[1].to == ["mama@example.ru"]
    assert soon.get_absolute_url() in messages[1].body

    stop_path = link(messages[1], "stop")
    assert client.post(stop_path).status_code == 302
    watch.refresh_from_db()
    assert watch.email == "" and watch.erased_at is not None
    assert watch.consent.ip_address is None or ConsentRecord.objects.get().ip_address is None
    assert client.get(stop_path).status_code == 404  # the link is spent


def test_a_second_subscription_of_the_same_address_is_the_first(client, soon):
    subscribe(client, soon)
    subscribe(client, soon, email="mama@example.ru")
    assert EnrolmentWatch.objects.count() == 1
    assert OutgoingMail.objects.count() == 1


def test_bad_input_is_refused_with_a_message_and_nothing_kept(client, soon):
    for changes in ({"email": "not-an-address"}, {"consent": ""}, {"website": "spam.example"}):
        response = subscribe(client, soon, **changes)
        assert response.status_code == 400
        assert 'id="watch"' in response.content.decode()
    assert EnrolmentWatch.objects.count() == 0 and OutgoingMail.objects.count() == 0


def test_the_form_is_rate_limited(client, soon):
    statuses = [subscribe(client, soon, email=f"p{n}@example.ru").status_code for n in range(12)]
    assert statuses.count(302) == watches_limit() and 429 in statuses


def watches_limit():
    from programs.views import WATCHES

    return WATCHES.count


def test_bad_links_are_404_not_500(client):
    for path in ("/notify/confirm/garbage/", "/notify/stop/x:y:z/", "/notify/confirm/%00/"):
        assert client.get(path).status_code == 404


def test_addresses_are_erased_after_the_window_and_after_the_retention(soon, time_machine):
    request = type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.9"}, "headers": {}})()
    confirmed = watches.subscribe(request, soon, "a@example.ru")
    watches.confirm(confirmed)
    unconfirmed = watches.subscribe(request, soon, "b@example.ru")
    assert watches.erase_expired() == 0
    time_machine.shift(datetime.timedelta(days=8))
    assert watches.erase_expired() == 1  # the unconfirmed one, after a week
    unconfirmed.refresh_from_db()
    assert unconfirmed.email == ""
    Program.objects.filter(pk=soon.pk).update(enrollment_to=timezone.localdate())
    time_machine.shift(datetime.timedelta(days=1))
    assert watches.erase_expired() == 1  # the window closed yesterday
    assert not EnrolmentWatch.objects.exclude(email="").exists()


def test_methodists_see_waiting_parents_per_program_and_direction(admin_client, soon):
    request = type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.9"}, "headers": {}})()
    for n in range(3):
        watches.confirm(watches.subscribe(request, soon, f"w{n}@example.ru"))
    watches.subscribe(request, soon, "unconfirmed@example.ru")
    page = admin_client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert re.search(r"field-waiting_parents[^>]*>3<", page)
    page = admin_client.get(reverse("admin:programs_enrolmentwatch_changelist")).content.decode()
    assert "Техническая" in page and "w0@example.ru" not in page
    assert watches.waiting_by_direction() == [(soon.direction.name, 3)]
    counts = counts_by_direction({Feature.WAITING, Feature.ALL})
    assert counts[soon.organization_id]["tech"] == {Feature.WAITING: 3, Feature.ALL: 1}


def test_the_monthly_report_counts_waiting_parents_by_direction(soon):
    from monitoring.models import Indicator
    from monitoring.selectors.aggregation import catalogue_figures

    request = type("R", (), {"META": {"REMOTE_ADDR": "203.0.113.9"}, "headers": {}})()
    for n in range(2):
        watches.confirm(watches.subscribe(request, soon, f"r{n}@example.ru"))
    indicator = Indicator.objects.get(code="waiting_parents")
    figures = catalogue_figures([indicator])[soon.organization_id]
    assert figures[("waiting_parents", None)] == 2
    assert figures[("waiting_parents", "tech")] == 2


def test_the_per_address_limit_keeps_no_address(client, soon):
    from moc_portal.models import RateLimitCount

    for n in range(6):
        client.post(
            reverse("programs:watch_subscribe", args=[soon.slug]),
            FORM,
            REMOTE_ADDR=f"203.0.113.{n + 30}",
        )
    keys = " ".join(RateLimitCount.objects.values_list("key", flat=True))
    assert "example.ru" not in keys.lower()
