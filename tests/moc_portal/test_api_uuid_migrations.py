"""The uuid arrives in three steps per app (nullable, filled, unique): rows that existed before
get distinct uuids, programs' history rows carry their program's, documents get updated_at."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("programs", "0017_settlements_places_and_navigator_links"),
    ("events", "0006_event_returned_with_a_reason"),
]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    yield executor
    executor.loader.build_graph()
    executor.migrate(latest)


def test_rows_made_before_the_uuid_get_distinct_ones(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    direction = old.get_model("programs", "Direction").objects.create(code="d", name="Н")
    organization = old.get_model("programs", "Organization").objects.create(
        slug="o", full_name="Организация", short_name="О", kind="school"
    )
    Program = old.get_model("programs", "Program")
    programs = [
        Program.objects.create(
            slug=f"p{i}",
            title="П",
            organization=organization,
            direction=direction,
            age_min=5,
            age_max=9,
        )
        for i in range(3)
    ]
    History = old.get_model("programs", "HistoricalProgram")
    for program in programs:
        History.objects.create(
            id=program.id,
            slug=program.slug,
            title="П",
            organization_id=organization.id,
            direction_id=direction.id,
            age_min=5,
            age_max=9,
            history_type="+",
            history_date="2026-12-01T10:00:00+03:00",
            created_at=program.created_at,
            updated_at=program.updated_at,
        )
    old.get_model("events", "Document").objects.create(
        title="Д", category="normative", file="d.pdf"
    )

    executor.loader.build_graph()
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps

    uuids = list(new.get_model("programs", "Program").objects.values_list("uuid", flat=True))
    assert len(set(uuids)) == 3 and None not in uuids
    by_id = dict(new.get_model("programs", "Program").objects.values_list("id", "uuid"))
    for row in new.get_model("programs", "HistoricalProgram").objects.all():
        assert row.uuid == by_id[row.id]
    assert new.get_model("programs", "Organization").objects.get().uuid
    document = new.get_model("events", "Document").objects.get()
    assert document.uuid and document.updated_at
