"""What a page test reads from a response instead of the page's wording."""

import re
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
    found = texts(response.content.decode(), f"#{element_id}")
    return " ".join(found[0].split()) if found else None


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


def texts(html, selector):
    """The text of every element that a simple selector picks in the page: "#id", ".class",
    "[data-attribute]" or "[attribute=value]" (one of them, no combinators). Reads the page's
    structure instead of searching its wording."""
    import re
    from html.parser import HTMLParser

    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    if selector.startswith("#"):
        wanted = ("id", selector[1:])
    elif selector.startswith("."):
        wanted = ("class", selector[1:])
    else:
        name, _, value = selector.strip("[]").partition("=")
        wanted = (name, value.strip("\"'") if value else None)

    def picked(attrs):
        name, value = wanted
        if name not in attrs:
            return False
        if name == "class":
            return value in (attrs[name] or "").split()
        return value is None or attrs[name] == value

    class Picker(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.found, self.open = [], []  # open: [tag, depth, parts] of the picked ones

        def handle_starttag(self, tag, attrs):
            if tag in void:
                return
            for element in self.open:
                element[1] += element[0] == tag
            if picked(dict(attrs)):
                self.open.append([tag, 1, []])

        def handle_endtag(self, tag):
            for element in list(self.open):
                if element[0] == tag:
                    element[1] -= 1
                    if element[1] == 0:
                        self.open.remove(element)
                        text = re.sub(r"[ \t\r\n\f]+", " ", "".join(element[2]))
                        self.found.append(text.strip(" "))

        def handle_data(self, data):
            for element in self.open:
                element[2].append(data)

    picker = Picker()
    picker.feed(html)
    return picker.found


def rubles(text):
    """The sums in roubles a text names, in order, as written ("5\xa0000", "444,44"): the
    numbers a sentence carries without its words."""
    return [sum_.strip() for sum_ in re.findall(r"(\d[\d\xa0 ]*(?:,\d+)?)\s?₽", text)]
