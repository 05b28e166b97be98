"""A model's reference to the person who did something (asked, answered, saved, reviewed)."""

from django.conf import settings
from django.db import models


def user_reference(verbose_name):
    """Who did something; deleting the account empties the reference, not the record."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
