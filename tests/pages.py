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
    import re

    return [sum_.strip() for sum_ in re.findall(r"(\d[\d\xa0 ]*(?:,\d+)?)\s?₽", text)]
