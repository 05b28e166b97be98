"""The open API's stable identity, step 2 of 3: every existing row gets its own uuid."""

import uuid

from django.db import migrations


def _fill(model):
    rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
    for row in rows:
        row.uuid = uuid.uuid4()
    model.objects.bulk_update(rows, ["uuid"], batch_size=500)


def fill(apps, schema_editor):
    _fill(apps.get_model("best_practices", "Practice"))


class Migration(migrations.Migration):
    dependencies = [("best_practices", "0006_uuid_added_nullable")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
