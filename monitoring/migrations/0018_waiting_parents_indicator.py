"""The indicator «Родители, ждущие открытия записи»: the unmet demand the Целевая модель's
персонифицированный учёт asks for, counted from the catalogue's confirmed «Сообщить, когда
откроется запись» (by направленность). Not required; an existing code is left alone."""

from django.db import migrations
from django.db.models import Max

CODE = "waiting_parents"


def add_indicator(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    if Indicator.objects.filter(code=CODE).exists():
        return
    programs = Indicator.objects.filter(code="programs_total").first()
    order = (Indicator.objects.aggregate(order=Max("order"))["order"] or 0) + 10
    Indicator.objects.create(
        code=CODE,
        name="Родители, ждущие открытия записи (неудовлетворённый спрос)",
        unit="чел.",
        group=programs.group if programs else "Программы",
        order=order,
        source="catalogue",
        catalogue_metric="waiting",
        by_direction=True,
        is_required=False,
        description="Подтверждённые подписки «Сообщить, когда откроется запись» на "
        "опубликованные программы, по которым письмо ещё не отправлено.",
    )


def remove_indicator(apps, schema_editor):
    apps.get_model("monitoring", "Indicator").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0017_waiting_parents_metric")]

    operations = [migrations.RunPython(add_indicator, remove_indicator)]
