import os

from celery import Celery
from celery.signals import beat_init, celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")

app = Celery("moc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
@beat_init.connect
def _start_serving(**kwargs):
    """A worker (or beat) refuses a weak SECRET_KEY and takes the worker's statement timeout.
    Celery logs and swallows a receiver's exception: SystemExit is what stops it."""
    from django.core.exceptions import ImproperlyConfigured

    from moc_portal.serving import start

    try:
        start("worker")
    except ImproperlyConfigured as error:
        raise SystemExit(f"Celery refuses to start: {error}") from error


_beat_lock = None


@beat_init.connect
def _only_one_beat(**kwargs):
    """A second beat (started by mistake on this or another host) stops here (beat_lock.py)."""
    global _beat_lock
    from moc_portal import beat_lock

    try:
        _beat_lock = beat_lock.acquire()
    except beat_lock.BeatAlreadyRunning as error:
        raise SystemExit(f"Celery beat refuses to start: {error}") from error
