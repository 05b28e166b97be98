"""The practices' longer texts are stored as HTML from now on (the admin formats them with the
editor; the public form converts what the author types). Until now every one of them was typed
in a plain textarea, so each is converted — one holding «<b>» was typed that way and is
escaped, not taken for markup — by the kernel's one conversion: blank lines part paragraphs,
«- » lines make lists, addresses become links.
"""

from django.db import migrations

from moc_portal.core.page_cache import content_changed
from moc_portal.core.richtext import plain_to_html, sanitize_html

FIELDS = ("problem", "description", "results", "resources")


def _converted_already(value):
    """What plain_to_html made (a re-run after a rollback must not escape it again)."""
    return value.startswith(("<p>", "<ul>", "<ol>")) and sanitize_html(value) == value


def convert_typed_texts(apps, schema_editor):
    practice = apps.get_model("best_practices", "Practice")
    converted = False
    for row in practice.objects.only("pk", *FIELDS).iterator(chunk_size=500):
        changed = {
            name: plain_to_html(value)
            for name in FIELDS
            if (value := getattr(row, name)) and not _converted_already(value)
        }
        if changed:
            converted = True
            practice.objects.filter(pk=row.pk).update(**changed)
    if converted:
        content_changed()  # public pages kept in the cache show the old texts


class Migration(migrations.Migration):
    dependencies = [
        ("best_practices", "0004_material_files_private_by_policy"),
    ]

    operations = [
        migrations.RunPython(convert_typed_texts, migrations.RunPython.noop, elidable=True),
    ]
