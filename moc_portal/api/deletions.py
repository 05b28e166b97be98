"""Deletion markers: a deleted exported object leaves its uuid behind (api.Deletion).

A signal, not a service call: objects are deleted by the admin, by cascades and by services
of several apps, and the marker is a by-product for the API's clients, like a cache entry.
"""

from django.db.models.signals import post_delete

from .models import Deletion
from .sources import KIND_OF_MODEL


def record_deletion(sender, instance, **kwargs):
    if instance.uuid:
        Deletion.objects.create(kind=KIND_OF_MODEL[sender], uuid=instance.uuid)


def connect():
    for model in KIND_OF_MODEL:
        post_delete.connect(record_deletion, sender=model, dispatch_uid=f"api-deletion-{model}")
