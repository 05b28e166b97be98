"""Pages of public lists."""

from django.core.paginator import Paginator


class KnownCountPaginator(Paginator):
    """A paginator told the total up front (a list page already counted it for its facets),
    so it does not run its own COUNT query."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count
