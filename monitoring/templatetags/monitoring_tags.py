from django import template

from ..statuses import status_look

register = template.Library()


@register.inclusion_tag("monitoring/includes/status_badge.html")
def status_badge(status):
    """{% status_badge submission.status %}; an empty status shows «Не начат»."""
    return {"look": status_look(status)}


@register.filter
def status_label(status):
    return status_look(status).label
