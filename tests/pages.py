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


def message_texts(response):
    """The texts of the messages the response carries (to find the value a message names)."""
    return [str(message) for message in response.context["messages"]]


def element_text(response, element_id):
    """The text (whitespace collapsed) of the element with this id on the page, None if
    absent: a test reads the number or name a page shows in a known place, not the sentence."""
    from html.parser import HTMLParser

    void = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}

    class Finder(HTMLParser):
        depth, found, parts = 0, False, []

        def handle_starttag(self, tag, attrs):
            if self.depth:
                self.depth += tag not in void
            elif not self.found and dict(attrs).get("id") == element_id:
                self.found, self.depth = True, 0 if tag in void else 1

        def handle_endtag(self, tag):
            if self.depth and tag not in void:
                self.depth -= 1

        def handle_data(self, data):
            if self.depth:
                self.parts.append(data)

    finder = Finder()
    finder.parts = []
    finder.feed(response.content.decode())
    return " ".join("".join(finder.parts).split()) if finder.found else None
