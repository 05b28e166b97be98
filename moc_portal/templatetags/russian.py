"""Russian text in templates, from the kernel's one definition.

{{ count|plural_ru:"программа,программы,программ" }} gives «5 программ»;
{{ event.starts|date_ru }} gives «5 ноября 2026»; {{ title|quote_ru }} gives «…».
"""

from django import template
from django.core.exceptions import FieldDoesNotExist

from moc_portal.core import geo, text
from moc_portal.core.word_forms import noun_of

register = template.Library()


@register.filter
def plural_ru(count, forms):
    """The number followed by the noun in the right form."""
    one, few, many = forms.split(",")
    return text.plural(count, one, few, many)


@register.filter
def date_ru(value, with_year=True):
    return text.date_ru(value, with_year=with_year != "no_year")


@register.filter
def quote_ru(value):
    return text.quote(value)


@register.filter
def admin_count(changelist):
    """An admin changelist's row count with the noun agreeing: «13 мероприятий»."""
    return noun_of(changelist.opts).count(changelist.result_count)


def _field_named(opts, name):
    """The field by its name or its label (simple-history passes either, by version)."""
    try:
        return opts.get_field(name)
    except FieldDoesNotExist:
        pass
    return next(
        (f for f in opts.concrete_fields if str(f.verbose_name).lower() == name.lower()), None
    )


@register.simple_tag
def history_change(opts, change):
    """A simple-history change (a dict of field, old, new; values already strings) with the
    field's label and the values as people read them: «Статус: Опубликована → В архиве»
    rather than «status: published → archived», «—» rather than «None»."""
    name, old, new = change["field"], change["old"], change["new"]
    field = _field_named(opts, str(name))
    if field is None:  # a field since removed keeps its name
        return {"field": name, "old": old, "new": new}
    choices = {str(value): label for value, label in field.flatchoices} if field.choices else {}
    words = {"None": "—", "": "—", "True": "да", "False": "нет"}

    def shown(value):
        value = str(value)
        return choices.get(value) or words.get(value, value)

    return {
        "field": text.capfirst(str(field.verbose_name)),
        "old": shown(old),
        "new": shown(new),
    }


@register.filter
def km_ru(value):
    """A distance in kilometres as a parent reads it: «1,2 км», «350 м»."""
    return geo.km_ru(value)
