import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moc_portal.settings")

app = Celery("moc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
