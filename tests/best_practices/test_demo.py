"""seed_demo fills the bank: practices in every status, with reviews and history."""

import pytest
from django.core.management import call_command

from best_practices import demo
from best_practices.models import Practice, Review, Status
from moc_portal.demo import demo_modules

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command(
        "seed_demo", "--programs", "20", "--organizations", "4", "--password", "x-42", stdout=None
    )


def test_seed_demo_discovers_the_bank_between_programs_and_monitoring():
    orders = [module.DEMO_ORDER for module in demo_modules()]
    assert demo in demo_modules()
    assert orders == sorted(orders)


def test_the_demo_has_practices_in_every_status_with_reviews(seeded):
    assert set(Practice.objects.values_list("status", flat=True)) == set(Status)
    for practice in Practice.objects.filter(status=Status.PUBLISHED):
        assert practice.reviews.filter(submitted_at__isnull=False).count() >= 2
        assert practice.materials.exclude(file="").exists()
        assert practice.transitions.last().to_status == Status.PUBLISHED
    assert Review.objects.filter(submitted_at__isnull=True).exists()  # one still to score
    assert Practice.objects.filter(transferred_at__isnull=False).exists()
    returned = Practice.objects.get(status=Status.RETURNED)
    assert returned.transitions.last().comment


def test_replace_deletes_and_rebuilds_the_bank(seeded):
    before = Practice.objects.count()
    call_command(
        "seed_demo",
        "--programs",
        "20",
        "--organizations",
        "4",
        "--password",
        "x-42",
        "--replace",
        stdout=None,
    )
    assert Practice.objects.count() == before


def test_the_demo_practices_materials_are_pdfs_that_open(seeded):
    import re

    materials = [
        m for p in Practice.objects.filter(status=Status.PUBLISHED) for m in p.materials.all()
    ]
    files = []
    for material in materials:
        if material.file:
            with material.file.open("rb") as file:
                files.append(file.read())
    assert files
    for content in files:
        assert content.startswith(b"%PDF-") and len(content) > 5_000
        assert len(re.findall(rb"/Type /Page\b", content)) >= 2
