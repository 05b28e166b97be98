"""Russian text in templates, from the kernel's one definition.

{{ count|plural_ru:"программа,программы,программ" }} gives «5 программ»;
{{ event.starts|date_ru }} gives «5 ноября 2026»; {{ title|quote_ru }} gives «…».
"""

from django import template

from moc_portal.core import text

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
