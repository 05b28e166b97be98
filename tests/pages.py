"""What a page test reads from a response instead of the page's wording."""


def fields_in_error(response, form="form"):
    """The names of the fields the bound form refused ("__all__" for the form as a whole):
    where a page shows an error, not how the error is worded. An admin change page's
    "adminform" wraps its form."""
    bound = response.context[form]
    return set(getattr(bound, "form", bound).errors)


def listed(response):
    """The objects an admin changelist shows on this page."""
    return set(response.context["cl"].result_list)


def message_levels(response):
    """The levels ("success", "error", …) of the messages the response carries."""
    return [message.level_tag for message in response.context["messages"]]
