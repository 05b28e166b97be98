"""Today's enrolment state is kept: `enrollment_open` and `places_available` stay as they are
(no window: the state is what it was), and a program that counted its free places gets them
as its total too (the least the total can be), so «мест всего» is not empty where known."""

from django.db import migrations
from django.db.models import F


def copy_places(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    Program.objects.filter(places_available__isnull=False, places_total__isnull=True).update(
        places_total=F("places_available")
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0014_enrolment_window_certificate_cost_watches")]

    operations = [migrations.RunPython(copy_places, migrations.RunPython.noop)]
