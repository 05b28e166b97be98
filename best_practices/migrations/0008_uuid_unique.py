"""The open API's stable identity, step 3 of 3: required and unique, new rows get one."""

import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("best_practices", "0007_uuid_filled")]

    operations = [
        migrations.AlterField(
            model_name="practice",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="UUID"
            ),
        ),
    ]
