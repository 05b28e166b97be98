"""schemathesis runs the API's own OpenAPI schema against a live server: every operation,
valid and hostile parameters, a capped number of examples each. No answer is a 5xx, and every
answer (200, 400, 404, …) matches what the schema says, body and content type alike.

PostgreSQL only (CI's PostgreSQL pass): that is where hostile text reaches a real database."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from best_practices.models import Status
from tests.best_practices.factories import make_practice
from tests.events.conftest import make_document, make_event, make_news
from tests.factories import make_organization, make_program

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(live_server, settings, migrated_rows):
    settings.API_REQUESTS_PER_MINUTE = 100_000  # this test is one client asking a lot
    organization = make_organization()
    program = make_program(organization=organization, places_available=3)
    program.schedule_slots.create(weekday=2, starts_at="16:00", ends_at="17:00")
    make_program(organization=organization, direction="art", status="archived")
    make_event(organizer=organization, direction="tech")
    make_news()
    make_document()
    make_practice(status=Status.PUBLISHED, organization=organization)
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema/")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case):
    case.call_and_validate(checks=CHECKS)
