"""The open API's stable identity, step 1 of 3: a nullable column (filled next, then unique)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("best_practices", "0005_typed_practice_texts_to_html")]

    operations = [
        migrations.AddField(
            model_name="practice",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
    ]
