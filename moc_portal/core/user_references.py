"""A model's references to people: who did something (asked, answered, saved, reviewed), and
the consent a parent or author gave with their contacts (152-ФЗ)."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name, **options):
    """Who did something; deleting the account empties the reference, not the record.
    `options` adds to the field (a help text, say)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


def consent_reference(related_name="+"):
    """The consent record kept with a person's contacts; it outlives nothing it protects."""
    return models.ForeignKey(
        "moc_portal.ConsentRecord",
        verbose_name="согласие на обработку персональных данных",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
    )
