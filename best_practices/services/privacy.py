"""Personal data is kept only as long as needed (152-ФЗ): the author's contacts are erased
once a practice has been settled (published, rejected, or returned and not resubmitted) for
the number of days set in the site settings. The practice itself, and its authors as
published, stay; the consent record stays as evidence of the consent given.
"""

from datetime import timedelta

from django.utils import timezone

from moc_portal.models import SiteSettings

from ..models import Practice, Status

SETTLED = (Status.PUBLISHED, Status.REJECTED, Status.RETURNED)
ERASED_NAME = "(контакты удалены по истечении срока хранения)"


def forget_old_contacts(now=None):
    """Blank the contacts of practices settled longer ago than the retention period.

    Returns the number of practices whose contacts were erased. Safe to run any number of
    times (a daily task or `manage.py forget_practice_contacts`).
    """
    now = now or timezone.now()
    days = SiteSettings.load().personal_data_retention_days
    return (
        Practice.objects.filter(
            status__in=SETTLED, status_changed_at__lt=now - timedelta(days=days)
        )
        .exclude(contact_name=ERASED_NAME)
        .update(
            contact_name=ERASED_NAME,
            contact_position="",
            contact_email="",
            contact_phone="",
            updated_at=now,
        )
    )
