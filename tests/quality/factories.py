"""Campaigns and generated answers for the quality tests."""

import datetime
import random

from django.utils import timezone

from quality.models import Answer, Campaign, Response, coarse_time
from quality.services import add_starting_questions
from tests.factories import make_organization

_slugs = iter(range(1, 10**6))


def make_campaign(organizations=None, *, published=False, **fields):
    """A campaign running around the frozen day (2026-12-03) with the starting questions."""
    n = next(_slugs)
    defaults = {
        "title": f"Опрос родителей {n}",
        "slug": f"opros-{n}",
        "starts_on": datetime.date(2026, 11, 15),
        "ends_on": datetime.date(2026, 12, 20),
        "results_published": published,
    }
    defaults.update(fields)
    campaign = Campaign.objects.create(**defaults)
    campaign.organizations.set(
        organizations if organizations is not None else [make_organization()]
    )
    add_starting_questions(campaign)
    return campaign


def generate_answers(campaign, organization, count, *, seed=0, moment=None, spread=True):
    """`count` responses with random options (seeded), in bulk; returns them."""
    rng = random.Random(seed)
    questions = list(campaign.questions.prefetch_related("options"))
    now = moment or timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            campaign=campaign,
            organization=organization,
            received_at=coarse_time(
                now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 10) if spread else 0)
            ),
            comment=f"Комментарий {i}" if i % 5 == 0 else "",
        )
        for i in range(count)
    )
    if not all(r.pk for r in responses):  # backends that do not return ids (none here)
        responses = list(Response.objects.filter(campaign=campaign).order_by("-pk")[:count])
    Answer.objects.bulk_create(
        Answer(
            response=response, question=question, option=rng.choice(list(question.options.all()))
        )
        for response in responses
        for question in questions
    )
    return responses


def survey_post(campaign, organization, *, satisfied=True, program=None, **extra):
    """POST data answering every question (the first option, «Да», when satisfied)."""
    data = {"organization": str(organization.pk), "program": str(program.pk) if program else ""}
    for question in campaign.questions.prefetch_related("options"):
        options = list(question.options.all())
        chosen = options[0] if satisfied else options[1]
        data[f"q{question.pk}"] = str(chosen.pk)
    data.update(extra)
    return data
