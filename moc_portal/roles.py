"""Staff roles: the groups methodists, coordinators and organization representatives belong to.

The roles live here as code; the groups in the admin are their copy. `ensure_staff_groups()`
creates the groups and sets exactly these permissions (a permission granted to a group by hand
is taken away on the next migrate: give it to the person instead). Permissions that do not
exist yet (an app not migrated) are skipped, so a later app adds its permissions to the lists
below and the next `migrate` grants them.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

METHODISTS = "Методисты"
COORDINATORS = "Координаторы"
REPRESENTATIVES = "Представители организаций"

EDIT = ("add", "change", "delete", "view")


def model_permissions(model, *actions):
    """["programs.add_program", …] for model "programs.program" and the given actions."""
    app_label, model_name = model.split(".")
    return [f"{app_label}.{action}_{model_name}" for action in actions]


GROUP_PERMISSIONS = {
    METHODISTS: [
        "programs.work_with_all_organizations",
        *model_permissions("programs.organization", *EDIT),
        *model_permissions("programs.program", *EDIT),
        "programs.publish_program",
        # Revisions of published programs: approve or return (programs.admin.revisions).
        *model_permissions("programs.programrevision", "view", "change"),
        *model_permissions("axes.accessattempt", "view", "delete"),
        *model_permissions("axes.accesslog", "view"),
        # «Периодические задачи»: switch on/off and move the time (moc_portal.schedules_admin).
        *model_permissions("django_celery_beat.periodictask", "view", "change"),
        *model_permissions("axes.accessfailurelog", "view", "delete"),
        *model_permissions("programs.scheduleslot", *EDIT),
        *model_permissions("programs.settlement", *EDIT),
        *model_permissions("programs.place", *EDIT),
        *model_permissions("programs.direction", "view"),
        *model_permissions("programs.level", "view"),
        *model_permissions("programs.disabilitytype", "view"),
        *model_permissions("programs.importheaderalias", *EDIT),
        *model_permissions("programs.relatedwords", *EDIT),
        # «Ожидания записи»: the unmet demand, counted (no addresses shown).
        *model_permissions("programs.enrolmentwatch", "view"),
        *model_permissions("moc_portal.sitesettings", "view", "change"),
        *model_permissions("moc_portal.consentrecord", "view"),
        *model_permissions("moc_portal.question", "view", "change"),
        # «Исходящие письма»: see what was (not) sent and «Отправить снова».
        *model_permissions("moc_portal.outgoingmail", "view", "change"),
        *model_permissions("monitoring.monitoringsettings", "view", "change"),
        *model_permissions("monitoring.sentreminder", "view"),
        *model_permissions("monitoring.indicator", *EDIT),
        *model_permissions("monitoring.target", *EDIT),
        *model_permissions("monitoring.municipalfigure", *EDIT),
        *model_permissions("monitoring.reportingperiod", *EDIT),
        *model_permissions("monitoring.submission", "view", "change"),
        *model_permissions("monitoring.monthlyreport", "view"),
        *model_permissions("monitoring.rmcform", *EDIT),
        *model_permissions("monitoring.rmcexport", "view"),
        "monitoring.view_dashboard",
        "monitoring.submit_for_any_organization",
        "monitoring.review_submission",
        "monitoring.manage_rmc_export",
        *model_permissions("events.event", *EDIT),
        "events.publish_event",
        *model_permissions("events.newsitem", *EDIT),
        *model_permissions("events.document", *EDIT),
        *model_permissions("events.mediaplan", *EDIT),
        *model_permissions("events.mediaplanrow", *EDIT),
        # Consistency rules and corrections of figures in the admin (issue 10).
        *model_permissions("monitoring.validationrule", *EDIT),
        *model_permissions("monitoring.ruleterm", *EDIT),
        *model_permissions("monitoring.value", *EDIT),
        *model_permissions("monitoring.submissionevent", "view"),
    ],
    COORDINATORS: [
        "programs.work_with_all_organizations",
        *model_permissions("monitoring.monitoringsettings", "view"),
        *model_permissions("monitoring.sentreminder", "view"),
        *model_permissions("programs.direction", "view"),
        *model_permissions("programs.level", "view"),
        *model_permissions("programs.disabilitytype", "view"),
        *model_permissions("programs.organization", "view"),
        *model_permissions("programs.program", "view"),
        *model_permissions("programs.programrevision", "view"),
        *model_permissions("programs.scheduleslot", "view"),
        *model_permissions("programs.enrolmentwatch", "view"),
        *model_permissions("programs.settlement", "view"),
        *model_permissions("programs.place", "view"),
        *model_permissions("moc_portal.sitesettings", "view"),
        *model_permissions("monitoring.indicator", "view"),
        *model_permissions("monitoring.target", "view"),
        *model_permissions("monitoring.municipalfigure", "view"),
        *model_permissions("monitoring.reportingperiod", "view"),
        *model_permissions("monitoring.submission", "view"),
        *model_permissions("monitoring.monthlyreport", "view"),
        *model_permissions("monitoring.rmcexport", "view"),
        "monitoring.view_dashboard",
        "monitoring.submit_for_any_organization",
        "monitoring.manage_rmc_export",
        *model_permissions("events.event", "view"),
        *model_permissions("events.mediaplan", "view"),
        *model_permissions("events.mediaplanrow", "view"),
        # A МОЦ's coordinator is usually the one who accepts the month (issue 10).
        "monitoring.review_submission",
        *model_permissions("monitoring.validationrule", "view"),
        *model_permissions("monitoring.ruleterm", "view"),
        *model_permissions("monitoring.value", "view"),
        *model_permissions("monitoring.submissionevent", "view"),
        # The schedules the README points coordinators to (Периодические задачи).
        *model_permissions("django_celery_beat.periodictask", "view"),
        *model_permissions("django_celery_beat.crontabschedule", "view"),
        *model_permissions("django_celery_beat.intervalschedule", "view"),
        *model_permissions("django_celery_beat.clockedschedule", "view"),
        *model_permissions("django_celery_beat.solarschedule", "view"),
    ],
    REPRESENTATIVES: [
        *model_permissions("programs.program", "view", "add", "change"),
        # Their own programs' revisions, read only: what waits and why one was returned.
        *model_permissions("programs.programrevision", "view"),
        *model_permissions("programs.scheduleslot", *EDIT),
        *model_permissions("programs.place", *EDIT),
        *model_permissions("programs.settlement", "view"),
        *model_permissions("programs.organization", "view"),
        # Proposals go through /events/propose/ to moderation; the admin shows their own.
        *model_permissions("events.event", "view", "add"),
    ],
}

# The bank of best practices: methodists run it; experts score the practices assigned to them
# (the admin shows an expert only those, see best_practices.admin).
EXPERTS = "Эксперты"
GROUP_PERMISSIONS[METHODISTS] += [
    *model_permissions("best_practices.practice", *EDIT),
    *model_permissions("best_practices.practicematerial", *EDIT),
    *model_permissions("best_practices.review", *EDIT),
    *model_permissions("best_practices.practicetransition", "view"),
    *model_permissions("best_practices.practicesettings", "view", "change"),
    "best_practices.transition_practice",
    "best_practices.transfer_practice",
]
# Consultations (issue 24): methodists answer and publish; coordinators read the queue.
# Representatives ask through /consultations/ask/ for the organizations they represent
# (consultations.permissions), with no admin permission.
GROUP_PERMISSIONS[METHODISTS] += model_permissions("consultations.consultation", "view", "change")
GROUP_PERMISSIONS[COORDINATORS] += model_permissions("consultations.consultation", "view")
GROUP_PERMISSIONS[EXPERTS] = [
    "best_practices.score_practice",
    *model_permissions("best_practices.practice", "view"),
    *model_permissions("best_practices.practicematerial", "view"),
    *model_permissions("best_practices.review", "view", "change"),
]

# The independent assessment of quality (issue 24): methodists run the surveys and exclude
# bursts; coordinators read everything; a representative reads their organizations' results
# and comments (quality.permissions scopes them).
GROUP_PERMISSIONS[METHODISTS] += [
    *model_permissions("quality.campaign", *EDIT),
    *model_permissions("quality.question", *EDIT),
    *model_permissions("quality.option", *EDIT),
    *model_permissions("quality.response", "view"),
    *model_permissions("quality.exclusion", "view", "add"),
    "quality.publish_results",
]
GROUP_PERMISSIONS[COORDINATORS] += [
    *model_permissions("quality.campaign", "view"),
    *model_permissions("quality.question", "view"),
    *model_permissions("quality.option", "view"),
    *model_permissions("quality.response", "view"),
    *model_permissions("quality.exclusion", "view"),
]
GROUP_PERMISSIONS[REPRESENTATIVES] += [
    *model_permissions("quality.campaign", "view"),
    *model_permissions("quality.response", "view"),
]


def ensure_staff_groups(*, apps=global_apps, using=DEFAULT_DB_ALIAS):
    """Create the staff groups and set their permissions; safe to run any number of times.

    Returns {group name: Group}.
    """
    group_model = apps.get_model("auth", "Group")
    existing = _existing_permissions(apps.get_model("auth", "Permission"), using)
    groups = {}
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = group_model.objects.using(using).get_or_create(name=name)
        group.permissions.set([existing[perm] for perm in permissions if perm in existing])
        groups[name] = group
    return groups


def ensure_staff_groups_after_migrate(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver.

    Django creates an app's permissions in that app's own post_migrate round, so the groups
    are brought up to date after each app the roles mention; the last such round leaves them
    complete.
    """
    if sender.label not in _mentioned_app_labels():
        return
    try:
        apps.get_model("auth", "Group")
    except LookupError:  # auth is not migrated on this database (yet)
        return
    ensure_staff_groups(apps=apps, using=using)


def _mentioned_permissions():
    return {perm for permissions in GROUP_PERMISSIONS.values() for perm in permissions}


def _mentioned_app_labels():
    return {perm.split(".")[0] for perm in _mentioned_permissions()}


def _existing_permissions(permission_model, using):
    """{"app_label.codename": pk} for the permissions the roles mention that exist."""
    wanted = _mentioned_permissions()
    rows = (
        permission_model.objects.using(using)
        .filter(
            content_type__app_label__in={perm.split(".")[0] for perm in wanted},
            codename__in={perm.split(".")[1] for perm in wanted},
        )
        .values_list("content_type__app_label", "codename", "pk")
    )
    return {f"{app_label}.{codename}": pk for app_label, codename, pk in rows}


def create_methodist(username, password, *, email=""):
    """The first methodist of a new installation (deploy/README.md): a staff account in the
    methodists' group, not a superuser. Refuses an existing name."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ValueError(f"Пользователь «{username}» уже существует.")
    user = user_model(username=username, email=email, is_staff=True)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    user.groups.add(ensure_staff_groups()[METHODISTS])
    return user
