"""Demo surveys: a past campaign with published results and one running now, answered by
generated parents (some organizations stay under the minimum sample), with a few comments
and one suspicious burst for the methodist to look at."""

import datetime
import random

from django.utils import timezone

from programs.models import Organization, Program

from .models import Answer, Campaign, Exclusion, Response, coarse_time
from .services import add_starting_questions

DEMO_ORDER = 25

COMMENTS = (
    "Хотелось бы больше занятий по субботам.",
    "Спасибо педагогам, ребёнок ходит с удовольствием!",
    "В раздевалке тесно, особенно зимой.",
    "Сайт трудно найти, расписание там устаревшее.",
    "Нужен пандус у входа.",
)


def build_demo(*, seed, **options):
    rng = random.Random(seed + 24)
    organizations = list(Organization.objects.filter(is_active=True).order_by("pk"))
    if not organizations:
        return
    today = timezone.localdate()
    past = _campaign(
        "Оценка качества условий: весна",
        "vesna",
        today.replace(month=3, day=1) if today.month > 5 else today - datetime.timedelta(200),
        organizations,
        published=True,
    )
    current = _campaign(
        "Оценка качества условий: опрос родителей",
        "roditeli",
        today - datetime.timedelta(days=20),
        organizations,
        published=False,
        ends_on=today + datetime.timedelta(days=20),
    )
    for campaign in (past, current):
        _answers(campaign, organizations, rng)
    _burst(current, organizations[0], rng)


def _campaign(title, slug, starts_on, organizations, *, published, ends_on=None):
    campaign = Campaign.objects.create(
        title=title,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on or starts_on + datetime.timedelta(days=45),
        results_published=published,
    )
    campaign.organizations.set(organizations)
    add_starting_questions(campaign)
    return campaign


def _answers(campaign, organizations, rng, *, count=None, moment=None):
    questions = list(campaign.questions.prefetch_related("options"))
    programs = {}
    for organization_id, program_id in Program.objects.public().values_list(
        "organization_id", "id"
    ):
        programs.setdefault(organization_id, []).append(program_id)
    first = timezone.make_aware(datetime.datetime.combine(campaign.starts_on, datetime.time(9)))
    last = min(
        timezone.now(),
        first + datetime.timedelta(days=(campaign.ends_on - campaign.starts_on).days),
    )
    span = max(1, int((last - first).total_seconds()))
    for organization in organizations:
        liking = rng.uniform(0.6, 0.97)  # how content this organization's parents are
        answered = count if count is not None else rng.choice((3, 6, 12, 18, 25, 40))
        responses = [
            Response(
                campaign=campaign,
                organization=organization,
                program_id=rng.choice(programs[organization.pk])
                if programs.get(organization.pk) and rng.random() < 0.6
                else None,
                received_at=coarse_time(
                    moment or first + datetime.timedelta(seconds=rng.randrange(span))
                ),
                comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
            )
            for _ in range(answered)
        ]
        Response.objects.bulk_create(responses)
        answers = []
        for response in responses:
            for question in questions:
                options = list(question.options.all())
                satisfied = [o for o in options if o.satisfied]
                other = [o for o in options if not o.satisfied]
                pool = satisfied if rng.random() < liking and satisfied else other or options
                answers.append(
                    Answer(response=response, question=question, option=rng.choice(pool))
                )
        Answer.objects.bulk_create(answers)


def _burst(campaign, organization, rng):
    moment = timezone.now() - datetime.timedelta(days=2, hours=3)
    _answers(campaign, [organization], rng, count=campaign.burst_threshold + 4, moment=moment)


def delete_demo():
    Answer.objects.all().delete()
    Response.objects.all().delete()
    Exclusion.objects.all().delete()
    Campaign.objects.all().delete()


def has_demo_data():
    return Campaign.objects.exists()
