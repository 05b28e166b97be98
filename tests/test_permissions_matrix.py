"""Every role × every admin model and action × every staff page and download, with objects of
the person's own organization and of another one. Fails on any leak.

Generated from the admin registry and the URL conf, so it grows with every app: a new model
admin is walked as it is; a new page outside the admin must be declared in STAFF_PAGES (or
PUBLIC_PAGES) with who may open it, or the test fails and says so.

The rule checked for the admin: a page answers 200 only to someone holding the model's
permission for it, and a representative only for objects of their own organization; an action
that runs without its permission, or on another organization's rows, changes nothing.
"""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from moc_portal.roles import COORDINATORS, METHODISTS, REPRESENTATIVES
from programs.models import Organization, ScheduleSlot
from tests.factories import make_organization, make_period, make_program, make_submission

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "representative", "coordinator", "methodist", "superuser"]
GROUPS = {"representative": REPRESENTATIVES, "coordinator": COORDINATORS, "methodist": METHODISTS}
PERIOD = "2026-10"

# Pages anyone may open; the value fills the URL's arguments (a page whose object does not
# exist here answers 404 — to everyone alike, which is what is checked).
PUBLIC_PAGES = {
    "favicon": {},
    "public_media": {"path": "programs/absent.jpg"},  # a missing image: 404 for everyone
    "events:list": {},
    "events:archive": {},
    "events:calendar": {},
    "events:detail": {"slug": "own"},
    "events:detail_ics": {"slug": "own"},
    "events:regulations": {"slug": "own"},
    "events:news_list": {},
    "events:news_feed": {},
    "events:news_detail": {"slug": "own"},
    "events:document_list": {},
    "events:document_download": {"pk": 1},
    "best_practices:list": {},
    "best_practices:submit": {},
    "best_practices:submitted": {},
    "best_practices:revise": {"token": "no-such-token"},
    "best_practices:detail": {"slug": "own"},
    "best_practices:material": {"slug": "own", "pk": 1},
    "consultations:list": {},
    "home": {},
    "about": {},
    "contacts": {},
    "privacy": {},
    "accessibility": {},
    "healthz": {},
    "readyz": {},
    "programs:list": {},
    "programs:export": {"file_format": "csv"},
    "programs:detail": {"slug": "own-program"},
    "programs:organization_list": {},
    "programs:organization_detail": {"slug": "own"},
    # The open API: anonymous only (a staff session changes nothing), objects by uuid.
    "api:index": {},
    "api:schema": {},
    "api:docs": {},
    # Issue 20: the certificate calculator, «Сообщить, когда откроется запись», «Избранное».
    "programs:certificate": {"slug": "own-program"},
    "programs:watch_subscribe": {"slug": "own-program"},  # POST only: 405 for everyone
    "programs:watch_confirm": {"token": "no-such-token"},
    "programs:watch_stop": {"token": "no-such-token"},
    "programs:shortlist": {},
    "programs:shortlist_data": {},
    "opendata:index": {},
    "opendata:list": {"file_format": "csv"},
    "opendata:meta": {"code": "programs", "file_format": "json"},
    "opendata:structure": {"code": "programs", "day": "20261203", "file_format": "csv"},
    "opendata:data": {
        "code": "programs",
        "day": "20261203",
        "structure_day": "20261203",
        "file_format": "json",
    },
    "quality:index": {},
    "quality:survey": {"slug": "own"},
    "quality:thanks": {"slug": "own"},
    "quality:results": {"slug": "own"},
}
NO_SUCH_UUID = "00000000-0000-4000-8000-000000000000"
for _kind in ("organizations", "programs", "events", "news", "documents", "practices"):
    PUBLIC_PAGES[f"api:{_kind}_list"] = {}
    PUBLIC_PAGES[f"api:{_kind}_detail"] = {"uuid": NO_SUCH_UUID}


def has(perm):
    return lambda user, organization: user.has_perm(perm)


def has_all(*perms):
    return lambda user, organization: user.has_perms(perms)


def has_any(*perms):
    return lambda user, organization: any(user.has_perm(perm) for perm in perms)


def nobody(user, organization):
    return False


def proposes(user, organization):
    """Proposing an event: who may add events, for their own organizations or for all."""
    return (
        user.is_staff
        and user.has_perm("events.add_event")
        and (
            user.has_perm("programs.work_with_all_organizations")
            or user.represented_organizations.exists()
        )
    )


def asks(user, organization):
    """Asking the МОЦ: staff who represent an organization (consultations.permissions)."""
    return user.is_staff and user.represented_organizations.exists()


def staff(user, organization):
    return user.is_active and user.is_staff


def edits_for(user, organization):
    """Enters figures: for any organization with the permission, else only for their own."""
    if not staff(user, organization):
        return False
    if user.has_perm("monitoring.submit_for_any_organization"):
        return True
    return organization is not None and organization.representatives.filter(pk=user.pk).exists()


def edits_or_reviews(user, organization):
    return edits_for(user, organization) or user.has_perm("monitoring.review_submission")


@dataclass(frozen=True)
class Page:
    """A staff page: who may open it (user, organization in the URL or None) and how."""

    allowed: object
    method: str = "get"
    per_organization: bool = False


# Every page outside the admin that is not public: a new URL must be added here.
STAFF_PAGES = {
    "monitoring:dashboard": Page(has("monitoring.view_dashboard")),
    "monitoring:timeliness": Page(has("monitoring.view_dashboard")),
    "monitoring:follow_up": Page(has("monitoring.review_submission")),
    "monitoring:follow_up_close": Page(has("monitoring.review_submission"), method="post"),
    "monitoring:follow_up_mark": Page(
        has("monitoring.review_submission"), method="post", per_organization=True
    ),
    "monitoring:my_submissions": Page(staff),
    "monitoring:report_request": Page(has("monitoring.view_dashboard"), method="post"),
    "monitoring:report_status": Page(has("monitoring.view_dashboard")),
    "monitoring:report_download": Page(has("monitoring.view_dashboard")),
    "monitoring:submission": Page(edits_or_reviews, per_organization=True),
    "monitoring:submission_template": Page(edits_for, per_organization=True),
    "monitoring:submission_upload": Page(edits_for, method="post", per_organization=True),
    "monitoring:submission_review": Page(
        has("monitoring.review_submission"), method="post", per_organization=True
    ),
    "events:propose": Page(proposes),
    # Correcting a proposal: its organization's representatives only, and no proposal exists
    # here (tests/events/test_returned_proposals.py opens one's own and refuses another's).
    "events:propose_edit": Page(nobody),
    "consultations:ask": Page(asks),
    "consultations:mine": Page(staff),
    # Admin pages an admin class adds itself (its get_urls); with a <pk>, tested when such an
    # object exists here.
    "admin:monitoring_rmcexport_download": Page(has("monitoring.view_rmcexport")),
    "admin:programs_organization_export": Page(
        has_any("programs.view_organization", "programs.change_organization")
    ),
    "admin:programs_program_export": Page(
        has_any("programs.view_program", "programs.change_program")
    ),
    # The import's pages: the upload needs the rights to add and change programs (the URL's
    # target is "programs"); a batch is its uploader's only, and nobody here uploaded one
    # (tests/programs/test_import_pages.py opens one's own).
    "programs:import_upload": Page(has_all("programs.add_program", "programs.change_program")),
    "programs:import_batch": Page(nobody),
    "programs:import_confirm": Page(nobody, method="post"),
    "programs:import_cancel": Page(nobody, method="post"),
    "admin:events_mediaplan_fill": Page(has("events.change_mediaplan")),
    "admin:events_mediaplan_xlsx": Page(
        has_any("events.view_mediaplan", "events.change_mediaplan")
    ),
    "admin:events_mediaplan_publish": Page(has("events.add_document"), method="post"),
    "admin:best_practices_practice_transition": Page(
        has("best_practices.transition_practice"), method="post"
    ),
    "admin:best_practices_practice_material": Page(has("best_practices.view_practice")),
    # The quality survey's staff pages: results and the XLSX show each person only the
    # organizations they manage (test_survey_results_show_a_representative_only_their_own).
    "admin:quality_campaign_results": Page(has("quality.view_campaign")),
    "admin:quality_campaign_xlsx": Page(has("quality.view_campaign")),
    "admin:quality_campaign_bursts": Page(has("quality.add_exclusion")),
}

# Pages whose rule depends on a row of any model; each has its own tests.
TESTED_ELSEWHERE = {
    # A private upload for whoever may open its row in the admin.
    "admin_stored_file": "tests/moc_portal/test_stored_files.py",
    # A consultation and its files for its organization and whoever reads every one; the
    # rule is walked per role below (test_consultations_open_only_for_their_organization).
    "consultations:detail": "tests/consultations/test_access.py",
    "consultations:file": "tests/consultations/test_access.py",
}

# The admin's own pages, walked from the registry below.
ADMIN_STANDARD_SUFFIXES = ("_changelist", "_add", "_change", "_delete", "_history")
ADMIN_SITE_PAGES = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:app_list",
    "admin:view_on_site",
}


# --- The world: two organizations, a person of each role ---


@pytest.fixture
def world(django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    own = make_organization(slug="own", short_name="Своя")
    other = make_organization(slug="other", short_name="Чужая")
    period = make_period(2026, 10)
    for organization in (own, other):
        program = make_program(organization=organization, slug=f"{organization.slug}-program")
        ScheduleSlot.objects.create(program=program, weekday=1, starts_at="15:00", ends_at="16:00")
        make_submission(organization=organization, period=period, values={"children_total": 5})
    from monitoring.models import MonthlyReport, RmcExport

    report = MonthlyReport.objects.create(period=period, status=MonthlyReport.Status.DONE)
    report.file.save("report.xlsx", ContentFile(b"PK\x03\x04report"))
    export = RmcExport.objects.create(period=period)
    export.file.save("export.xlsx", ContentFile(b"PK\x03\x04export"))

    from tests.quality.factories import generate_answers, make_campaign

    campaign = make_campaign([own, other], slug="own", minimum_sample=1, published=True)
    for number, organization in enumerate((own, other)):
        for response in generate_answers(campaign, organization, 3, seed=number):
            response.comment = f"Отзыв об организации {organization.short_name}"
            response.save()

    users = {"anonymous": AnonymousUser()}
    for role, group in GROUPS.items():
        user = django_user_model.objects.create_user(role, password="x", is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    users["superuser"] = django_user_model.objects.create_superuser("root", password="x")
    own.representatives.add(users["representative"])
    from consultations.models import Attachment, Consultation

    consultations = {}
    for owner, organization in (("own", own), ("other", other)):
        consultation = Consultation.objects.create(
            organization=organization, topic="other", question=f"Вопрос: {owner}"
        )
        attachment = Attachment(consultation=consultation, title=owner)
        attachment.file.save("q.pdf", ContentFile(b"%PDF-1.4 question"), save=True)
        consultations[owner] = consultation
    return {
        "own": own,
        "other": other,
        "users": users,
        "report": report,
        "export": export,
        "consultations": consultations,
        "campaign": campaign,
    }


def client_for(client, user):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    return client


def fresh(user):
    """The user without Django's per-object permission caches."""
    if not user.is_authenticated:
        return user
    return type(user).objects.get(pk=user.pk)


# --- Organizations behind any object ---


def organization_path(model, depth=2):
    """The lookup from `model` to its Organization ("", "organization", "program__organization"),
    or None when the model belongs to no organization."""
    if model is Organization:
        return ""
    if depth == 0:
        return None
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model is Organization:
            return field.name
    for field in model._meta.get_fields():
        if field.many_to_one and field.related_model not in (None, model):
            deeper = organization_path(field.related_model, depth - 1)
            if deeper:
                return f"{field.name}__{deeper}"
    return None


def objects_of(model, path, organization):
    if path == "":
        return model._default_manager.filter(pk=organization.pk)
    return model._default_manager.filter(**{path: organization})


def registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def may(user, model, action):
    opts = model._meta
    return user.is_active and user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def finished(response):
    """The response with a download's content read, which closes its file the way the test
    client means to (response.close() here would also close the test's database connection)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def is_login_redirect(response):
    return response.status_code == 302 and "/login/" in response["Location"]


# --- The admin ---


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_open_only_with_the_permission_and_only_for_own_organization(
    client, world, role
):
    user = world["users"][role]
    leaks = []
    for model, model_admin in registry():
        user = fresh(user)
        client = client_for(client, user)
        path = organization_path(model)
        can_view = may(user, model, "view") or may(user, model, "change")
        response = client.get(admin_url(model, "changelist"))
        if role == "anonymous":
            if not is_login_redirect(response):
                leaks.append((model._meta.label, "changelist", response.status_code))
            continue
        if response.status_code == 200:
            if not can_view:
                leaks.append((model._meta.label, "changelist without permission"))
            elif path is not None and role == "representative" and "cl" in response.context:
                shown = set(objects_of(model, path, world["other"]).values_list("pk", flat=True))
                listed = {obj.pk for obj in response.context["cl"].result_list}
                if shown & listed:
                    leaks.append((model._meta.label, "changelist lists another organization"))
        if client.get(admin_url(model, "add")).status_code == 200 and not may(user, model, "add"):
            leaks.append((model._meta.label, "add without permission"))

        for owner in ("own", "other"):
            if path is None:
                sample = model_admin.get_queryset(_request_as(world["users"]["superuser"]))
            else:
                sample = objects_of(model, path, world[owner])
            obj = sample.order_by("pk").first()
            if obj is None:
                continue
            foreign = path is not None and owner == "other" and role == "representative"
            views = [
                ("change", (obj.pk,), can_view),
                ("history", (obj.pk,), can_view),
                ("delete", (obj.pk,), may(user, model, "delete")),
            ]
            if hasattr(obj, "history") and obj.history.exists():  # django-simple-history
                version = obj.history.latest().history_id
                views.append(("simple_history", (obj.pk, version), can_view))
            for view, args, allowed in views:
                status = finished(client.get(admin_url(model, view, *args))).status_code
                if status == 200 and (not allowed or foreign):
                    leaks.append((model._meta.label, view, owner, status))
            if path is None:
                break
    assert not leaks, "\n".join(map(str, leaks))


def _request_as(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_action_declares_the_permission_it_needs(world):
    undeclared = [
        f"{model._meta.label}.{name}"
        for model, model_admin in registry()
        for function, name, _ in model_admin._get_base_actions()
        if not getattr(function, "allowed_permissions", None)
    ]
    assert not undeclared, "\n".join(undeclared)


def fingerprint(model, pks):
    """What an action could change: the selected rows and the count of every model's rows."""
    rows = list(model._default_manager.filter(pk__in=pks).order_by("pk").values())
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    return rows, counts


def action_permitted(user, model_admin, function):
    request = _request_as(user)
    return all(
        getattr(model_admin, f"has_{permission}_permission")(request)
        for permission in function.allowed_permissions
    )


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_action_of_every_admin_as_every_role_changes_nothing_it_may_not(client, world, role):
    user = world["users"][role]
    leaks = []
    for model, model_admin in registry():
        path = organization_path(model)
        for function, name, _ in model_admin._get_base_actions():
            user = fresh(user)
            client = client_for(client, user)
            if path is not None and role == "representative":
                target, why = objects_of(model, path, world["other"]), "another organization"
            else:
                target, why = model._default_manager.all(), "no permission"
            if model is type(user):
                target = target.exclude(pk=user.pk)  # not the acting person's own account
            pks = list(target.order_by("pk").values_list("pk", flat=True)[:5])
            if not pks:
                continue
            permitted = getattr(function, "allowed_permissions", None) and action_permitted(
                user, model_admin, function
            )
            before = fingerprint(model, pks)
            response = client.post(
                admin_url(model, "changelist"),
                {"action": name, "_selected_action": pks, "post": "yes", "index": 0},
            )
            if response.status_code >= 500:
                leaks.append((model._meta.label, name, response.status_code))
            if (not permitted or why == "another organization") and fingerprint(
                model, pks
            ) != before:
                leaks.append((model._meta.label, name, f"changed rows: {why}"))
    assert not leaks, "\n".join(map(str, leaks))


# --- Pages outside the admin ---


def named_patterns(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def is_admin_standard(name):
    if name in ADMIN_SITE_PAGES:
        return True
    return name.startswith("admin:") and (
        name.endswith(ADMIN_STANDARD_SUFFIXES) or name.count("_") == 0
    )


def test_every_page_is_declared_public_or_staff_with_its_rule():
    undeclared = sorted(
        name
        for name, _ in named_patterns()
        if not (
            name in PUBLIC_PAGES
            or name in STAFF_PAGES
            or name in TESTED_ELSEWHERE
            or is_admin_standard(name)
        )
    )
    assert undeclared == [], "declare who may open these pages in STAFF_PAGES or PUBLIC_PAGES"


def admin_model_of(name):
    """The model of an admin page named "admin:<app>_<model>_<view>", or None."""
    for model in admin.site._registry:
        opts = model._meta
        if name.startswith(f"admin:{opts.app_label}_{opts.model_name}_"):
            return model
    return None


def staff_url(name, world, owner):
    """The page's URL with its arguments filled, or None when it needs an object not here."""
    _, pattern = next(item for item in named_patterns() if item[0] == name)
    model = admin_model_of(name)
    fillers = {
        "period": PERIOD,
        "organization": world[owner].slug,
        "slug": world[owner].slug,
        "pk": world["report"].pk,
        "file_format": "csv",
        "target": "programs",
    }
    if model is not None:
        first = model._default_manager.order_by("pk").first()
        if first is None:
            return None
        fillers["pk"] = first.pk
        related = getattr(first, "materials", None)
        material = related.order_by("pk").first() if related is not None else None
        if "material_pk" in pattern.pattern.converters:
            if material is None:
                return None
            fillers["material_pk"] = material.pk
    kwargs = {key: fillers[key] for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def test_public_pages_answer_everyone_alike(client, world):
    answers = {}
    for role in ROLES:
        client = client_for(client, world["users"][role])
        for name, kwargs in PUBLIC_PAGES.items():
            status = finished(client.get(reverse(name, kwargs=kwargs))).status_code
            answers.setdefault(name, {})[role] = status
    differing = {
        name: by_role for name, by_role in answers.items() if len(set(by_role.values())) > 1
    }
    broken = {name: by_role for name, by_role in answers.items() if max(by_role.values()) >= 500}
    assert not differing and not broken, (differing, broken)
    assert answers["programs:list"]["anonymous"] == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_staff_pages_and_downloads_open_exactly_for_whom_they_are(client, world, role, name):
    page = STAFF_PAGES[name]
    user = world["users"][role]
    for owner in ("own", "other") if page.per_organization else ("own",):
        client = client_for(client, fresh(user))
        organization = world[owner] if page.per_organization else None
        url = staff_url(name, world, owner)
        if url is None:
            continue  # needs an object of a kind this world does not create
        response = finished(getattr(client, page.method)(url))
        allowed = user.is_authenticated and page.allowed(fresh(user), organization)
        if not user.is_authenticated:
            assert is_login_redirect(response), (name, response.status_code)
        elif allowed:
            assert response.status_code < 500, (name, owner, response.status_code)
            assert response.status_code not in (403, 404), (name, owner, response.status_code)
            assert not is_login_redirect(response)
        else:
            assert response.status_code in (403, 404), (name, owner, response.status_code)


def reads_consultations_of(user, organization):
    """A consultation opens for its organization's representatives and for whoever may view
    consultations in the admin (consultations.permissions.seen_organizations)."""
    if not staff(user, organization):
        return False
    if user.has_perm("consultations.view_consultation"):
        return True
    return organization.representatives.filter(pk=user.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_consultations_open_only_for_their_organization(client, world, role):
    """Also by guessing addresses: another organization's consultation and its file are 404."""
    user = world["users"][role]
    client = client_for(client, fresh(user))
    for owner in ("own", "other"):
        consultation = world["consultations"][owner]
        attachment = consultation.attachments.get()
        urls = [
            reverse("consultations:detail", args=[consultation.pk]),
            reverse("consultations:file", args=[consultation.pk, attachment.pk]),
        ]
        for url in urls:
            response = finished(client.get(url))
            if not user.is_authenticated:
                assert is_login_redirect(response), url
            elif reads_consultations_of(fresh(user), world[owner]):
                assert response.status_code == 200, (role, owner, url)
            else:
                assert response.status_code in (403, 404), (role, owner, url)
    if user.is_authenticated:
        listed = set(client.get(reverse("consultations:mine")).context["consultations"])
        expected = {
            world["consultations"][owner]
            for owner in ("own", "other")
            if reads_consultations_of(fresh(user), world[owner])
        }
        assert listed == expected


# --- The quality survey's results: each person sees the organizations they manage ---


@pytest.mark.parametrize("role", ["representative", "coordinator", "methodist", "superuser"])
def test_survey_results_show_a_representative_only_their_own(client, world, role):
    client = client_for(client, world["users"][role])
    campaign = world["campaign"]
    response = client.get(reverse("admin:quality_campaign_results", args=[campaign.pk]))
    shown = {result.organization for result in response.context["results"]}
    commented = {response.organization for response in response.context["comments"]}
    expected = {world["own"]} if role == "representative" else {world["own"], world["other"]}
    assert shown == commented == expected
