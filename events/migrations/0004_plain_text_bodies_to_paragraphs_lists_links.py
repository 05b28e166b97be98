"""Bodies typed before the editor existed: typed text becomes paragraphs, lists and links.

A body with no tags was stored as typed (blank lines, «- » lines, bare addresses) and showed as
one run-on line; it is converted by the kernel's one function (the same that shows the
practices' typed texts). A body that already holds HTML stays as it is.
"""

from django.db import migrations

from moc_portal.core.page_cache import content_changed
from moc_portal.core.richtext import has_markup, stored_text_to_html

FIELDS = {"NewsItem": ("body",), "Event": ("description", "results")}


def convert_plain_bodies(apps, schema_editor):
    converted = False
    for model_name, fields in FIELDS.items():
        model = apps.get_model("events", model_name)
        for row in model.objects.only("pk", *fields).iterator(chunk_size=500):
            changed = {
                name: stored_text_to_html(getattr(row, name))
                for name in fields
                if getattr(row, name) and not has_markup(getattr(row, name))
            }
            if changed:
                converted = True
                # update(): the rows' «обновлено» stays what it was.
                model.objects.filter(pk=row.pk).update(**changed)
    if converted:
        content_changed()  # public pages kept in the cache show the old bodies


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_files_by_upload_policy_public_images_private_documents"),
    ]

    operations = [
        migrations.RunPython(convert_plain_bodies, migrations.RunPython.noop, elidable=True),
    ]
