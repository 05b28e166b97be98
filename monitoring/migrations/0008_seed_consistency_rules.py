from django.db import migrations

# Units whose values are counts: a fractional head count or program count is refused.
WHOLE_UNITS = {"чел.", "шт.", "ед."}
# Entered as an average over groups, so it may have decimals although its unit is «чел.».
NOT_WHOLE = {"group_size_average"}

# A copy of the starting rules as they were when this migration was written. Each term is
# (side, indicator code, scope, direction code or None).
STARTING_RULES = [
    (
        "Разбивка числа детей по направленностям равна общему числу",
        "eq",
        "Сумма по направленностям ({left}) не равна общему числу детей ({right})",
        [
            ("left", "children_total", "directions", None),
            ("right", "children_total", "total", None),
        ],
    ),
    (
        "Дети в технической и естественнонаучной направленностях — сумма этих направленностей",
        "eq",
        "«Из них в технической и естественнонаучной направленностях» ({left}) не равно "
        "сумме технической и естественнонаучной направленностей ({right})",
        [
            ("left", "children_tech_science", "total", None),
            ("right", "children_total", "direction", "tech"),
            ("right", "children_total", "direction", "science"),
        ],
    ),
    (
        "Победителей и призёров не больше, чем участников мероприятий",
        "le",
        "Победителей и призёров всех уровней ({left}) больше, чем участников мероприятий "
        "({right})",
        [
            ("left", "winners_municipal", "total", None),
            ("left", "winners_regional", "total", None),
            ("left", "winners_federal", "total", None),
            ("right", "event_participants", "total", None),
        ],
    ),
]


def seed_whole_units(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    Indicator.objects.exclude(unit__in=WHOLE_UNITS).update(is_whole=False)
    Indicator.objects.filter(code__in=NOT_WHOLE).update(is_whole=False)
    Indicator.objects.filter(aggregation__in=["average", "ratio"]).update(is_whole=False)


def seed_rules(apps, schema_editor):
    """Idempotent: tests that flush the database call it again."""
    Indicator = apps.get_model("monitoring", "Indicator")
    Direction = apps.get_model("programs", "Direction")
    ValidationRule = apps.get_model("monitoring", "ValidationRule")
    RuleTerm = apps.get_model("monitoring", "RuleTerm")
    indicators = {i.code: i for i in Indicator.objects.all()}
    directions = {d.code: d for d in Direction.objects.all()}
    for name, operator, message, terms in STARTING_RULES:
        needed_directions = {direction for *_, direction in terms if direction}
        if not ({code for _, code, _, _ in terms} <= set(indicators)) or not (
            needed_directions <= set(directions)
        ):
            continue  # the starting set was edited before this migration ran
        rule, created = ValidationRule.objects.get_or_create(
            name=name, defaults={"operator": operator, "message": message}
        )
        if not created:
            continue
        RuleTerm.objects.bulk_create(
            RuleTerm(
                rule=rule,
                side=side,
                indicator=indicators[code],
                scope=scope,
                direction=directions[direction] if direction else None,
            )
            for side, code, scope, direction in terms
        )


def seed_trail(apps, schema_editor):
    """The steps the submissions' own fields still remember (the last of each kind)."""
    Submission = apps.get_model("monitoring", "Submission")
    SubmissionEvent = apps.get_model("monitoring", "SubmissionEvent")
    events = []
    for submission in Submission.objects.exclude(submitted_at=None).iterator():
        events.append(
            SubmissionEvent(
                submission=submission,
                kind="submitted",
                user_id=submission.submitted_by_id,
                at=submission.submitted_at,
            )
        )
        if submission.reviewed_at and submission.status in ("accepted", "returned"):
            events.append(
                SubmissionEvent(
                    submission=submission,
                    kind=submission.status,
                    user_id=submission.reviewed_by_id,
                    at=submission.reviewed_at,
                    comment=submission.return_comment if submission.status == "returned" else "",
                )
            )
    SubmissionEvent.objects.bulk_create(events, batch_size=1000)


def seed(apps, schema_editor):
    seed_whole_units(apps, schema_editor)
    seed_rules(apps, schema_editor)
    seed_trail(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_consistency_rules_and_review_trail"),
        ("programs", "0002_vocabularies_and_search_indexes"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
