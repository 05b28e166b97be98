"""Reads of the bank: the public list with its facet counts, a practice, the transfer rows."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Avg, Count, Prefetch, Q

from moc_portal.core.filtering import FacetGroup
from moc_portal.core.pagination import KnownCountPaginator
from programs.models import Organization
from programs.selectors import directions as all_directions

from .filters import PracticeFilter
from .models import (
    CRITERIA,
    Category,
    Practice,
    PracticeMaterial,
    PracticeTransition,
    Review,
    Status,
)
from .permissions import SCORE_PRACTICES


def public_practice(slug):
    """The published practice with its materials (two queries), or None."""
    return (
        Practice.objects.public()
        .for_listing()
        .prefetch_related("materials")
        .filter(slug=slug)
        .first()
    )


def public_material(slug, pk):
    """A material of a published practice, or None."""
    return (
        PracticeMaterial.objects.select_related("practice")
        .filter(pk=pk, practice__slug=slug, practice__status=Status.PUBLISHED)
        .first()
    )


def practice_for_revision(token):
    """The practice returned for rework that the token opens, or None."""
    return (
        Practice.objects.select_related("direction", "organization")
        .filter(edit_token=token, status=Status.RETURNED)
        .first()
    )


def last_return_comment(practice):
    record = (
        PracticeTransition.objects.filter(practice=practice, to_status=Status.RETURNED)
        .order_by("-created_at", "-id")
        .first()
    )
    return record.comment if record else ""


def count_values(queryset, field_name):
    """{value: number of practices} of `field_name` over `queryset` (one query)."""
    rows = queryset.order_by().values(field_name).annotate(n=Count("id"))
    return {row[field_name]: row["n"] for row in rows}


def with_criteria_averages(queryset):
    """Completed reviews' count, overall mean and the mean of each criterion, per practice."""
    done = Q(reviews__submitted_at__isnull=False)
    per_criterion = {f"avg_{name}": Avg(f"reviews__{name}", filter=done) for name, _ in CRITERIA}
    return queryset.annotate(
        review_count=Count("reviews", filter=done),
        average_score=Avg(Review.average_expression("reviews__"), filter=done),
        **per_criterion,
    )


def for_transfer(queryset):
    """The transfer file's rows: practices with their scores and materials, in two queries."""
    return with_criteria_averages(
        queryset.select_related("direction", "organization")
    ).prefetch_related(
        Prefetch("materials", queryset=PracticeMaterial.objects.order_by("order", "id"))
    )


# --- The public bank: one page with facet counts, in a fixed number of queries -------------
# 1. directions (cached closed list; one query when the cache is cold); 2. counts by direction;
# 3. by category; 4. by year; 5. the organizations with published practices; 6. the page.
# The total is the sum of the direction counts (every practice has one direction).

PAGE_SIZE = 12


@dataclass
class BankPage:
    filterset: object
    page: object
    total: int
    facets: list  # the checkbox facets: direction, category
    years: FacetGroup
    organizations: list


def browse(params):
    filterset = PracticeFilter(params, queryset=Practice.objects.public())
    cleaned = filterset.cleaned
    directions = all_directions()
    selected_directions = set(cleaned.get("direction") or [])
    selected_year = cleaned.get("year")

    by_direction = count_values(filterset.filter_excluding("direction"), "direction_id")
    by_category = count_values(filterset.filter_excluding("category"), "category")
    by_year = count_values(filterset.filter_excluding("year"), "year")
    facets = [
        FacetGroup.of(
            "direction",
            "Направленность",
            ((d.code, d.name, by_direction.get(d.id, 0)) for d in directions),
            selected_directions,
        ),
        FacetGroup.of(
            "category",
            "Категория",
            ((code, label, by_category.get(code, 0)) for code, label in Category.choices),
            cleaned.get("category"),
        ),
    ]
    years = FacetGroup.of(
        "year",
        "Год",
        ((year, str(year), count) for year, count in sorted(by_year.items(), reverse=True)),
        [selected_year] if selected_year is not None else [],
    )
    direction_ids = {d.id for d in directions if d.code in selected_directions}
    total = sum(
        count for pk, count in by_direction.items() if not direction_ids or pk in direction_ids
    )
    practices = filterset.qs.for_listing().order_by("-published_at", "-id")
    paginator = KnownCountPaginator(practices, PAGE_SIZE, total)
    page = paginator.get_page(params.get("page"))
    return BankPage(
        filterset=filterset,
        page=page,
        total=total,
        facets=facets,
        years=years,
        organizations=list(organizations_with_practices()),
    )


def organizations_with_practices():
    return (
        Organization.objects.filter(practices__status=Status.PUBLISHED)
        .annotate(practice_count=Count("practices", filter=Q(practices__status=Status.PUBLISHED)))
        .order_by("short_name")
        .only("slug", "short_name")
    )


def experts():
    """Active users who may score practices (by group or own permission), superusers aside."""
    app_label, codename = SCORE_PRACTICES.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__in=permission) | Q(user_permissions__in=permission),
            is_active=True,
            is_superuser=False,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
