"""What a page test reads from a response instead of the page's wording."""

from html.parser import HTMLParser


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


class _FormFields(HTMLParser):
    """What a browser would send from the admin's change form (id «…_form»): no files."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._inside, self._select, self._textarea = [], False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._inside = attrs.get("id", "").endswith("_form")
        if not self._inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "file", "button") or (
                kind in ("checkbox", "radio") and "checked" not in attrs
            ):
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.data.append((name, text.removeprefix("\n")))  # as browsers read <textarea>
            self._textarea = None


def form_of(response):
    """The change form as the page holds it: {name: value or [values]}, ready to post."""
    parser = _FormFields()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        if name in data:
            previous = data[name]
            data[name] = [*([previous] if isinstance(previous, str) else previous), value]
        else:
            data[name] = value
    assert data, "the change form was not found"
    return {**data, "_save": "Сохранить"}


def opened(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_of(response)
