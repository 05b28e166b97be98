"""Russian plurals for templates.

{{ count|plural_ru:"программа,программы,программ" }} gives «5 программ».
"""

from django import template

register = template.Library()


def plural_form(count, one, few, many):
    count = abs(int(count))
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


@register.filter
def plural_ru(count, forms):
    """The number followed by the noun in the right form."""
    one, few, many = forms.split(",")
    return f"{count} {plural_form(count, one, few, many)}"


@register.filter
def plural_word_ru(count, forms):
    """Only the noun in the right form (when the number is shown separately)."""
    one, few, many = forms.split(",")
    return plural_form(count, one, few, many)
