"""Russian text in templates, from the kernel's one definition.

{{ count|plural_ru:"программа,программы,программ" }} gives «5 программ»;
{{ event.starts|date_ru }} gives «5 ноября 2026»; {{ title|quote_ru }} gives «…».
"""

from django import template

from moc_portal.core import text
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
