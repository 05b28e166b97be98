"""Reads of the quality assessment: open campaigns, the survey's choices, the results, bursts.

How the scores are computed (the survey part of the federal methodology)
------------------------------------------------------------------------
Source: «Единый порядок расчёта показателей, характеризующих общие критерии оценки качества
условий оказания услуг организациями в сфере культуры, охраны здоровья, образования,
социального обслуживания…», Приказ Минтруда России от 31.05.2018 № 344н; indicators for
organizations running дополнительные общеобразовательные программы: Приказ Минпросвещения
России от 13.03.2019 № 114; the criteria: 273-ФЗ, ст. 95.2, ч. 4.

1. The share of satisfied respondents for an indicator (a question):
       П = У / Ч × 100,
   У — respondents whose answer counts as satisfied, Ч — respondents of the organization who
   gave a counted answer. An answer marked «не учитывается» («не относится к нам», «не
   пользовался») is in neither, as 344н divides Пдост.уд by the number of respondents with
   disabilities (Чинв) rather than by all of them.
2. The criterion's score is the weighted sum of its indicators, with 344н's weights:
       К = Σ (вес_i × П_i) / Σ вес_i.
   For К4 (вежливость: 0.4 · Пперв.конт.уд + 0.4 · Показ.услуд + 0.2 · Пвежл.дист.уд) and
   К5 (удовлетворённость: 0.3 · Преком + 0.2 · Порг.услуд + 0.5 · Пуд) every indicator is a
   share of respondents and the weights sum to 1, so К is exactly the federal value. In К1–К3
   part of the federal formula is the operator's own check of the stands, the website and the
   premises (Пинф, Пдист, Пкомф.усл, Поргдост, Пуслугдост), which a parents' survey cannot
   give: К here is the survey part, normalised to 100 by the sum of its weights (К1's
   Поткр.уд = (Устенд + Усайт) / (2 × Чобщ) is the two equal-weight questions on stands and
   website). An indicator nobody answered in a counted way is left out of the sums.
3. The organization's total is the mean of its criteria: S = (К1 + К2 + К3 + К4 + К5) / 5;
   a criterion without any counted answer is left out and the mean is over the rest.
4. Answers a methodist excluded (a suspicious burst) are not counted anywhere. An organization
   with fewer respondents than the campaign's minimum sample has no published figures.

All values are computed exactly (fractions) and rounded half up to 0.01 at the end.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, Prefetch
from django.utils import timezone

from programs.models import Organization, Program

from .models import CRITERIA, Answer, Campaign, Criterion, Exclusion, Option, Question, Response

TWO_PLACES = Decimal("0.01")


def rounded(value):
    """A Fraction (or None) as a Decimal with two places, half up."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, ROUND_HALF_UP
    )


# --- The public survey ---


def open_campaigns(day=None):
    day = day or timezone.localdate()
    return Campaign.objects.open_on(day).order_by("ends_on", "id")


def published_campaigns():
    return Campaign.objects.with_published_results().order_by("-ends_on", "-id")


def campaigns_for(organizations):
    """Campaigns covering any of `organizations` (all campaigns for None), latest first."""
    campaigns = Campaign.objects.order_by("-starts_on", "-id")
    if organizations is not None:
        campaigns = campaigns.filter(
            pk__in=Campaign.objects.filter(organizations__in=organizations).values("pk")
        )
    return campaigns


def campaign_by_slug(slug):
    """The campaign, or None."""
    return Campaign.objects.filter(slug=slug).first()


@dataclass
class SurveyChoices:
    """What the survey form offers, read in a fixed number of queries."""

    organizations: list
    programs_by_organization: dict  # organization id -> [(program id, title)]
    questions: list  # Question with .options prefetched


def survey_choices(campaign):
    organizations = list(
        campaign.organizations.filter(is_active=True)
        .order_by("short_name", "id")
        .only("id", "short_name")
    )
    programs = defaultdict(list)
    rows = (
        Program.objects.public()
        .filter(organization__in=[o.id for o in organizations])
        .order_by("title", "id")
        .values_list("organization_id", "id", "title")
    )
    for organization_id, program_id, title in rows:
        programs[organization_id].append((program_id, title))
    questions = list(
        campaign.questions.order_by("order", "id").prefetch_related(
            Prefetch("options", queryset=Option.objects.order_by("order", "id"))
        )
    )
    return SurveyChoices(organizations, dict(programs), questions)


# --- Results ---


@dataclass
class IndicatorResult:
    question: Question
    satisfied: int
    counted: int

    @property
    def share(self):
        if not self.counted:
            return None
        return Fraction(100 * self.satisfied, self.counted)


@dataclass
class CriterionResult:
    criterion: Criterion
    indicators: list = field(default_factory=list)

    @property
    def exact_score(self):
        weighted = [
            (Fraction(i.question.weight), i.share)
            for i in self.indicators
            if i.share is not None and i.question.weight > 0
        ]
        total_weight = sum(weight for weight, _ in weighted)
        if not total_weight:
            return None
        return sum(weight * share for weight, share in weighted) / total_weight

    @property
    def score(self):
        return rounded(self.exact_score)


@dataclass
class OrganizationResult:
    organization: Organization
    respondents: int
    minimum_sample: int
    criteria: list  # [CriterionResult] in the law's order

    @property
    def published(self):
        """Enough answers to show any figure about this organization."""
        return self.respondents >= self.minimum_sample

    @property
    def exact_total(self):
        scores = [c.exact_score for c in self.criteria if c.exact_score is not None]
        if not scores:
            return None
        return sum(scores) / len(scores)

    @property
    def total(self):
        return rounded(self.exact_total)

    def criterion(self, code):
        return next(c for c in self.criteria if c.criterion == code)


def counted_responses(campaign):
    return Response.objects.filter(campaign=campaign, exclusion=None)


def campaign_results(campaign, organizations=None):
    """[OrganizationResult] for the campaign's organizations (or those of `organizations`, a
    queryset, when the reader sees only some), by name; four queries whatever the number of
    answers."""
    covered = campaign.organizations.order_by("short_name", "id")
    if organizations is not None:
        covered = covered.filter(pk__in=organizations.values("pk"))
    covered = list(covered)
    ids = [o.id for o in covered]
    questions = list(campaign.questions.order_by("order", "id"))
    respondents = dict(
        counted_responses(campaign)
        .filter(organization_id__in=ids)
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    tallies = defaultdict(lambda: [0, 0])  # (org, question) -> [satisfied, counted]
    rows = (
        Answer.objects.filter(
            response__campaign=campaign,
            response__exclusion=None,
            response__organization_id__in=ids,
            option__counted=True,
        )
        .values_list("response__organization_id", "question_id", "option__satisfied")
        .annotate(n=Count("id"))
        .order_by()
    )
    for organization_id, question_id, satisfied, n in rows:
        tally = tallies[(organization_id, question_id)]
        tally[1] += n
        if satisfied:
            tally[0] += n
    results = []
    for organization in covered:
        criteria = []
        for criterion in CRITERIA:
            result = CriterionResult(criterion)
            for question in questions:
                if question.criterion == criterion:
                    satisfied, counted = tallies.get((organization.id, question.id), (0, 0))
                    result.indicators.append(IndicatorResult(question, satisfied, counted))
            criteria.append(result)
        results.append(
            OrganizationResult(
                organization,
                respondents.get(organization.id, 0),
                campaign.minimum_sample,
                criteria,
            )
        )
    return results


def respondents_total(campaign):
    return counted_responses(campaign).count()


# --- Comments and bursts ---


def comments(campaign, organizations=None):
    """Free-text comments, newest first: for methodists and the organization, never public."""
    rows = (
        Response.objects.filter(campaign=campaign)
        .exclude(comment="")
        .select_related("organization", "program")
        .order_by("organization__short_name", "-received_at", "-id")
    )
    if organizations is not None:
        rows = rows.filter(organization__in=organizations.values("pk"))
    return rows


@dataclass(frozen=True)
class Burst:
    organization: Organization
    window_start: object
    answers: int


def suspicious_bursts(campaign):
    """Quarters of an hour in which one organization got `burst_threshold` answers or more
    (answers are timed to the quarter, so each quarter is one group); most answers first."""
    rows = list(
        counted_responses(campaign)
        .values_list("organization_id", "received_at")
        .annotate(n=Count("id"))
        .filter(n__gte=campaign.burst_threshold)
        .order_by("-n", "received_at")
    )
    organizations = Organization.objects.in_bulk({row[0] for row in rows})
    return [Burst(organizations[org], start, n) for org, start, n in rows]


def exclusions(campaign):
    return Exclusion.objects.filter(campaign=campaign).select_related("organization", "excluded_by")


# --- Monitoring reads these ---


class Metric:
    """What a monitoring indicator may count from the survey (monitoring.Indicator's
    survey_metric codes)."""

    RESPONDENTS = "respondents"
    TOTAL = "total"
    CRITERIA = tuple(c.value for c in CRITERIA)


def monthly_figures(first_day, last_day):
    """{organization id: {metric: Decimal}} for a month:
    - respondents: answers about the organization received during the month (not excluded);
    - total and each criterion's score: from the latest campaign running during the month,
      only for organizations with at least its minimum sample."""
    figures = defaultdict(dict)
    received = (
        Response.objects.filter(
            exclusion=None,
            received_at__date__gte=first_day,
            received_at__date__lte=last_day,
        )
        .values_list("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    for organization_id, n in received:
        figures[organization_id][Metric.RESPONDENTS] = Decimal(n)
    campaign = (
        Campaign.objects.filter(starts_on__lte=last_day, ends_on__gte=first_day)
        .order_by("-starts_on", "-id")
        .first()
    )
    if campaign is not None:
        for result in campaign_results(campaign):
            if not result.published:
                continue
            own = figures[result.organization.id]
            if result.total is not None:
                own[Metric.TOTAL] = result.total
            for criterion in result.criteria:
                if criterion.score is not None:
                    own[criterion.criterion.value] = criterion.score
    return dict(figures)
