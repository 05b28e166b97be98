"""Celery tasks of the bank: each a few lines that call a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.privacy import forget_old_contacts


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=3)
def forget_old_contacts_task():
    """Meant for a daily schedule (admin → «Периодические задачи»); idempotent."""
    return forget_old_contacts()
