from django.db import migrations


def create_settings_row(apps, schema_editor):
    # Every page reads the settings; creating the row here keeps page loads to one SELECT.
    apps.get_model("moc_portal", "SiteSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("moc_portal", "0001_initial")]

    operations = [migrations.RunPython(create_settings_row, migrations.RunPython.noop)]
