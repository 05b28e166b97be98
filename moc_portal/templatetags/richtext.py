"""Stored texts as HTML in templates, from the kernel's one definition.

{{ practice.description|as_html }}: a text that holds (sanitized) HTML is shown as such; typed
text gets paragraphs, «- » lists and links (moc_portal/core/richtext.py: stored_text_to_html).
"""

from django import template
from django.utils.safestring import mark_safe

from moc_portal.core.richtext import stored_text_to_html

register = template.Library()


@register.filter
def as_html(value):
    return mark_safe(stored_text_to_html(value))  # sanitized by nh3's allow-list
