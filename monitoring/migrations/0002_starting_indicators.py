from django.db import migrations

from monitoring.starting_indicators import STARTING_INDICATORS

REFERENCES = ("part_of", "numerator", "denominator")


def seed_indicators(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    created = {}
    for order, (code, name, unit, group, extra) in enumerate(STARTING_INDICATORS, start=1):
        fields = {key: value for key, value in extra.items() if key not in REFERENCES}
        created[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "group": group, "order": order * 10, **fields},
        )
    for code, _name, _unit, _group, extra in STARTING_INDICATORS:
        references = {key: created[extra[key]] for key in REFERENCES if key in extra}
        if references:
            Indicator.objects.filter(pk=created[code].pk).update(**references)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed_indicators, migrations.RunPython.noop)]
