"""Authors' contacts are erased after the retention period; the practice stays."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from best_practices.models import Practice, Status
from best_practices.services.privacy import forget_old_contacts
from moc_portal.models import SiteSettings
from moc_portal.tasks import erase_expired_personal_data

from .factories import make_practice

pytestmark = pytest.mark.django_db


def _settled(status, days_ago):
    practice = make_practice(status)
    Practice.objects.filter(pk=practice.pk).update(
        status_changed_at=timezone.now() - timedelta(days=days_ago)
    )
    return practice


def test_contacts_of_practices_settled_long_ago_are_erased():
    site = SiteSettings.load()
    site.personal_data_retention_days = 30
    site.save()
    old = [_settled(status, 31) for status in (Status.PUBLISHED, Status.REJECTED, Status.RETURNED)]
    recent = _settled(Status.PUBLISHED, 10)
    in_work = _settled(Status.REVIEW, 400)

    assert forget_old_contacts() == 3
    for practice in old:
        practice.refresh_from_db()
        assert practice.contact_name == "(контакты удалены по истечении срока хранения)"
        assert (practice.contact_email, practice.contact_phone, practice.contact_position) == (
            "",
            "",
            "",
        )
        assert practice.title and practice.authors  # the practice itself stays
    for practice in (recent, in_work):
        practice.refresh_from_db()
        assert practice.contact_email


def test_forgetting_is_idempotent_and_runs_in_the_daily_erasure():
    _settled(Status.REJECTED, 400)
    call_command("forget_practice_contacts", stdout=None)
    assert forget_old_contacts() == 0
    assert erase_expired_personal_data.apply().get() == 0
