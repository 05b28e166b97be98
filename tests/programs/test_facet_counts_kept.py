"""Facet counts kept per filter combination until public content changes (catalogue.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programs.selectors.catalogue import browse
from tests.factories import make_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def queries_of(params):
    with CaptureQueriesContext(connection) as queries:
        result = browse(params)
        list(result.page)
    return result, len(queries.captured_queries)


def counts(result):
    return {
        (group.name, option.code): option.count
        for group in result.facets
        for option in group.values
    }


def test_paging_reuses_the_kept_counts(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(25):
            make_program(direction="tech" if n % 2 else "art", age_min=7, age_max=12)
    queries_of({"age": "3"})  # the closed lists and site settings come into the cache
    first, cold = queries_of({"age": "9"})
    again, warm = queries_of({"age": "9", "page": "2"})
    assert counts(again) == counts(first)
    assert warm == cold - 2  # the direction and level counts came from the cache
    other, _ = queries_of({"age": "15"})
    assert counts(other) != counts(first)  # a different filter is counted anew


def test_a_new_program_is_counted_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_program(direction="tech")
    before, _ = queries_of({})
    with django_capture_on_commit_callbacks(execute=True):
        make_program(direction="tech")
    after, _ = queries_of({})
    assert counts(after)[("direction", "tech")] == counts(before)[("direction", "tech")] + 1
    assert after.total == before.total + 1
