"""Fuzzing (hypothesis): whatever a visitor puts in a public page's GET parameters or a public
form's fields, the answer is never a 5xx."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from best_practices.filters import PracticeFilter
from best_practices.forms import PracticeForm
from events.filters import EventFilter
from moc_portal.forms import QuestionForm
from programs.filters import ProgramFilter
from programs.services import save_organization
from tests.factories import make_program

# Every public page with its known parameters; unknown ones are thrown in as well.
CATALOGUE_PARAMETERS = sorted({*ProgramFilter.base_filters, "sort", "page", "format"})
EVENT_PARAMETERS = sorted({*EventFilter.base_filters, "page"})
PRACTICE_PARAMETERS = sorted({*PracticeFilter.base_filters, "page"})
PUBLIC_PAGES = {
    "home": ([], {}),
    "about": ([], {}),
    "contacts": ([], {}),
    "privacy": ([], {}),
    "accessibility": (["font", "scheme", "images", "spacing", "reset", "next"], {}),
    "events:list": (EVENT_PARAMETERS, {}),
    "events:archive": (EVENT_PARAMETERS, {}),
    "events:calendar": (EVENT_PARAMETERS, {}),
    "events:news_list": (["page"], {}),
    "events:document_list": (["page"], {}),
    "best_practices:list": (PRACTICE_PARAMETERS, {}),
    "consultations:list": (["q", "page"], {}),
    "programs:list": (CATALOGUE_PARAMETERS, {}),
    "programs:export:csv": (CATALOGUE_PARAMETERS, {"file_format": "csv"}),
    "programs:export:json": (CATALOGUE_PARAMETERS, {"file_format": "json"}),
    "programs:export:xlsx": (CATALOGUE_PARAMETERS, {"file_format": "xlsx"}),
    "programs:detail": (["page"], {"slug": "fuzz-program"}),
    "programs:organization_list": (["page"], {}),
    "programs:organization_detail": (["page"], {"slug": "fuzz-organization"}),
}
# Public forms: name -> (URL name, fields), the fields read from the forms themselves.
PUBLIC_FORMS = {
    "admin login": ("admin:login", ["username", "password", "next"]),
    "question": ("contacts", sorted(QuestionForm.base_fields)),
    "practice": ("best_practices:submit", sorted(PracticeForm.base_fields)),
}

hostile_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1e999999999",
            "99999999999999999999999",
            "NaN",
            "inf",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "%00",
            "\x00",
            "../../etc/passwd",
            "tech",
            "start",
            "free",
            "https://evil.example/",
            "//evil.example",
            "ё" * 2000,
        ]
    ),
)
FUZZ = settings(
    max_examples=40,
    database=None,  # no .hypothesis folder in the checkout
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def page_url(name, kwargs):
    return reverse(
        name.removesuffix(":csv").removesuffix(":json").removesuffix(":xlsx"), kwargs=kwargs
    )


@pytest.fixture
def catalogue(db):
    program = make_program(title="Робототехника", slug="fuzz-program")
    program.organization.slug = "fuzz-organization"
    save_organization(program.organization)


def parameters(known):
    keys = (
        st.one_of(st.sampled_from(known), st.text(min_size=1, max_size=10))
        if known
        else (st.text(min_size=1, max_size=10))
    )
    return st.lists(st.tuples(keys, hostile_text), max_size=6)


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_pages_never_answer_5xx_to_any_get_parameters(client, catalogue, name):
    known, kwargs = PUBLIC_PAGES[name]
    url = page_url(name, kwargs)

    @FUZZ
    @given(pairs=parameters(known))
    def check(pairs):
        query = {}
        for key, value in pairs:
            query.setdefault(key, []).append(value)
        response = client.get(url, query)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.status_code < 500, (url, query)

    check()


@pytest.mark.parametrize("form", sorted(PUBLIC_FORMS))
def test_public_forms_never_answer_5xx_to_any_field_values(client, catalogue, form):
    url_name, fields = PUBLIC_FORMS[form]
    url = reverse(url_name)

    @FUZZ
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, hostile_text)))
    def check(values):
        response = client.post(url, values)
        assert response.status_code < 500, (url, values)

    check()
