"""The open API's stable identity, step 1 of 3: a nullable column (filled next, then unique)."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programs", "0017_settlements_places_and_navigator_links")]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.AddField(
            model_name="program",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="uuid",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="UUID"
            ),
        ),
        migrations.AddField(
            model_name="historicalprogram",
            name="uuid",
            field=models.UUIDField(
                db_index=True, default=uuid.uuid4, editable=False, verbose_name="UUID"
            ),
        ),
    ]
