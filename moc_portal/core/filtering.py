"""Public list filters that never fail a page: a malformed GET parameter is dropped, the
valid ones still apply, and facet counts can leave one parameter out."""

import django_filters


class LenientFilterSet(django_filters.FilterSet):
    @property
    def cleaned(self):
        self.is_valid()  # invalid fields drop out of cleaned_data; the valid ones still apply
        return self.form.cleaned_data

    def filter_excluding(self, *names):
        """The queryset filtered by every parameter except `names` (for facet counts)."""
        qs = self.queryset.all()
        for name, value in self.cleaned.items():
            if name not in names:
                qs = self.filters[name].filter(qs, value)
        return qs

    @property
    def is_filtered(self):
        return any(value not in (None, "", [], False) for value in self.cleaned.values())
