"""The open API's stable identity, step 2 of 3: every existing row gets its own uuid."""

import uuid

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def _fill(model):
    rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
    for row in rows:
        row.uuid = uuid.uuid4()
    model.objects.bulk_update(rows, ["uuid"], batch_size=500)


def _copy_to_history(model, historical):
    """History rows carry their object's uuid (rows of deleted objects keep their own)."""
    same = model.objects.filter(pk=OuterRef("id")).values("uuid")[:1]
    historical.objects.update(uuid=Coalesce(Subquery(same), F("uuid")))


def fill(apps, schema_editor):
    _fill(apps.get_model("programs", "Organization"))
    _fill(apps.get_model("programs", "Program"))
    _copy_to_history(
        apps.get_model("programs", "Organization"),
        apps.get_model("programs", "HistoricalOrganization"),
    )
    _copy_to_history(
        apps.get_model("programs", "Program"), apps.get_model("programs", "HistoricalProgram")
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0018_uuid_added_nullable")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
