"""An organization's monthly figures: the rows to fill, their checks, saving and the review.

Figures are {(indicator code, direction code or None): Decimal}, keyed as in aggregation.
Only *entered* indicators are typed by organizations; the others are counted elsewhere.

Rules kept here, so the form, the Excel upload and any future import agree:
- a number is never negative, has at most two decimal places and fits the database column;
- a part never exceeds its whole (`Indicator.part_of`), and a direction's figure never
  exceeds the total of the same indicator;
- a draft may leave required indicators empty; sending may not;
- figures change only while the period is open and the report is a draft or returned;
- every save names the version it started from: a save based on an older version is refused
  (two people cannot silently overwrite each other).
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from programs.models import Direction, Organization

from ..models import Indicator, MonitoringSettings, Submission, SubmissionEvent, Value
from .rules import load_rules, violations

Key = tuple[str, str | None]

# Value.value is DecimalField(max_digits=14, decimal_places=2).
DECIMAL_PLACES = 2
MAX_VALUE = Decimal("999999999999.99")
# Spaces a Russian user (or Excel) puts between thousands: "1 200", "1 200".
THOUSAND_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
EXPLANATION_LENGTH = 500  # Value.explanation


class SubmissionError(Exception):
    """An operation on a submission was refused; str(error) says why, in Russian."""


class ConcurrentEditError(SubmissionError):
    """Someone saved the submission after the version this save started from."""

    def __init__(self, submission):
        self.who = person_name(submission.saved_by)
        self.when = moment(submission.saved_at)
        super().__init__(
            f"Отчёт уже изменил(а) {self.who} {self.when}. "
            "Обновите страницу: ваши данные не сохранены, они остались в форме."
        )


class InvalidFigures(SubmissionError):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(error.message for error in errors))


@dataclass(frozen=True)
class FigureError:
    """One broken rule; `key` says which figure, `message` says what is wrong (lower case)."""

    key: Key
    message: str


@dataclass
class EntryRow:
    """One number to type: an indicator's total or its value for one direction."""

    indicator: Indicator
    direction: Direction | None
    value: Decimal | None
    previous: Decimal | None
    explanation: str = ""
    change: "Change | None" = None  # set by flag_changes

    @property
    def key(self):
        return (self.indicator.code, self.direction.code if self.direction else None)

    @property
    def code(self):
        """ "children_total" or "children_total:tech", as in the РМЦ form placeholders."""
        return key_code(self.key)

    @property
    def label(self):
        if self.direction:
            return f"{self.indicator.name}: {self.direction.name.lower()} направленность"
        return self.indicator.name

    @property
    def value_text(self):
        return format_number(self.value)

    @property
    def previous_text(self):
        return format_number(self.previous)


@dataclass
class EntryGroup:
    name: str
    rows: list


def key_code(key):
    code, direction = key
    return f"{code}:{direction}" if direction else code


# Beyond this many digits a number is shown in exponent form: "1e999999999" typed into a
# cell must not become a message (and a page) of a billion zeros.
MAX_PLAIN_DIGITS = 20


def format_number(value):
    """Decimal("1200.50") → "1200,5"; None → ""; Decimal("1e40") → "1,00E+40"."""
    if value is None:
        return ""
    if value.is_finite() and value and abs(value.adjusted()) > MAX_PLAIN_DIGITS:
        return f"{value:.2E}".replace(".", ",")
    return f"{value.normalize():f}".replace(".", ",")


def parse_number(text):
    """A number as a Russian user types it ("1 200", "12,5") → Decimal; ValueError otherwise."""
    cleaned = str(text).strip().translate(THOUSAND_SPACES).replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite():
        raise ValueError(text)
    return number


def person_name(user):
    if user is None:
        return "другой пользователь"
    return user.get_full_name() or user.get_username()


def moment(when):
    """ "в 14:05" today, "3 ноября 2026 в 14:05" on another day."""
    if when is None:
        return ""
    local = timezone.localtime(when)
    time = f"в {local:%H:%M}"
    if local.date() == timezone.localdate():
        return time
    return f"{date_format(local.date(), 'j E Y')} {time}"


# --- The rows of the form -------------------------------------------------------------------


def entry_indicators(period):
    return list(
        Indicator.objects.active_in(period.year, period.month).entered().select_related("part_of")
    )


def entry_rows(submission_or_organization, period):
    """The period's entered indicators grouped by `group`, with current and last month's values.

    An indicator broken down by direction gets its total row followed by one row per direction.
    Accepts a submission (saved or not) or an organization (its submission, if any, is used).
    """
    organization, submission = _organization_and_submission(submission_or_organization, period)
    directions = list(Direction.objects.order_by("order", "id"))
    saved = submission is not None and submission.pk is not None
    current = stored_figures(submission) if saved else {}
    explanations = stored_explanations(submission) if saved else {}
    previous = previous_figures(organization, period)
    groups = {}
    for indicator in entry_indicators(period):
        rows = groups.setdefault(indicator.group, [])
        for direction in [None, *directions] if indicator.by_direction else [None]:
            row = EntryRow(indicator, direction, None, None)
            row.value, row.previous = current.get(row.key), previous.get(row.key)
            row.explanation = explanations.get(row.key, "")
            rows.append(row)
    return [EntryGroup(name, rows) for name, rows in groups.items()]


def _organization_and_submission(submission_or_organization, period):
    if isinstance(submission_or_organization, Organization):
        organization = submission_or_organization
        return organization, find_submission(organization, period)
    return submission_or_organization.organization, submission_or_organization


def stored_figures(submission):
    return _figures(Value.objects.filter(submission=submission))


def stored_explanations(submission):
    rows = (
        Value.objects.filter(submission=submission)
        .exclude(explanation="")
        .values_list("indicator__code", "direction__code", "explanation")
    )
    return {(code, direction): text for code, direction, text in rows}


def previous_figures(organization, period):
    """What the organization saved for the month before, whatever that report's status."""
    previous = period.previous()
    if previous is None:
        return {}
    return _figures(
        Value.objects.filter(submission__organization=organization, submission__period=previous)
    )


def _figures(values):
    rows = values.values_list("indicator__code", "direction__code", "value")
    return {(code, direction): value for code, direction, value in rows}


# --- Checks ---------------------------------------------------------------------------------


def validate_figures(figures, indicators, *, require_all=False, rules=None, check_rules=None):
    """Every broken rule, as FigureError; an empty list when the figures may be saved.

    Always: numbers (not negative, whole where the indicator counts people or things, two
    decimals at most) and parts within their wholes. With `require_all` (sending, the Excel
    upload, the admin) also the required indicators, the breakdown of a filled total and the
    consistency rules (`ValidationRule`; loaded here unless `rules` is given). `check_rules`
    runs the rules without demanding completeness (the admin correcting a draft).
    """
    by_code = {indicator.code: indicator for indicator in indicators}
    by_id = {indicator.id: indicator for indicator in indicators}
    errors = []
    for key, value in figures.items():
        indicator = by_code.get(key[0])
        if indicator is None or (key[1] and not indicator.by_direction):
            errors.append(FigureError(key, f"неизвестный показатель «{key_code(key)}»"))
            continue
        problem = number_problem(value, indicator)
        if problem:
            errors.append(FigureError(key, problem))
    broken = {error.key for error in errors}
    for key, value in figures.items():
        if key in broken:
            continue
        for whole_key, whole_name in wholes(key, by_code, by_id):
            whole = figures.get(whole_key)
            if whole is not None and whole_key not in broken and value > whole:
                errors.append(FigureError(key, too_big_message(value, whole, whole_name)))
    if not (require_all or check_rules):
        return errors
    if require_all:
        errors.extend(
            FigureError(
                (indicator.code, None), f"не заполнен обязательный показатель «{indicator.name}»"
            )
            for indicator in indicators
            if indicator.is_required and figures.get((indicator.code, None)) is None
        )
        errors.extend(missing_breakdowns(figures, indicators))
    # A sum that takes in a figure already refused would only repeat that error, worse.
    refused = {error.key for error in errors if error.key in figures}
    rules = rules if rules is not None else load_rules(indicators)
    errors.extend(
        FigureError(
            violation.key,
            violation.rule.message.format(
                left=format_number(violation.left), right=format_number(violation.right)
            ),
        )
        for violation in violations(figures, rules)
        if not violation.cells & refused
    )
    return errors


def missing_breakdowns(figures, indicators):
    """A filled, non-zero total of an indicator broken down by direction needs its breakdown:
    otherwise the municipal «по направленностям» could not add up to the total."""
    for indicator in indicators:
        total = figures.get((indicator.code, None))
        if not (indicator.by_direction and indicator.source == Indicator.Source.ENTERED):
            continue
        if not total or any(key[0] == indicator.code and key[1] for key in figures):
            continue
        yield FigureError(
            (indicator.code, None),
            f"не заполнена разбивка по направленностям для «{indicator.name}» "
            f"(всего {format_number(total)}): пустые направленности считаются нулём",
        )


def number_problem(value, indicator=None):
    if value < 0:
        return f"значение не может быть отрицательным ({format_number(value)})"
    if value > MAX_VALUE:
        return f"слишком большое число ({format_number(value)})"
    if indicator is not None and indicator.is_whole and value != value.to_integral_value():
        return (
            f"дробное значение ({format_number(value)}): «{indicator.name}» "
            f"считается в целых числах ({indicator.unit})"
        )
    if value != round(value, DECIMAL_PLACES):
        return f"больше двух знаков после запятой ({format_number(value)}): округлите до сотых"
    return ""


def wholes(key, by_code, by_id):
    """(key, name) of every figure this one may not exceed (among the indicators given)."""
    code, direction = key
    indicator = by_code[code]
    if direction:
        yield (code, None), "всего по этому показателю"
    whole = by_id.get(indicator.part_of_id)
    if whole is not None and (direction is None or whole.by_direction):
        yield (whole.code, direction), f"«{whole.name}»"


def too_big_message(value, whole, whole_name):
    return (
        f"{format_number(value)} больше, чем {whole_name} ({format_number(whole)}): "
        "часть не может превышать целое"
    )


# --- Plausibility: warnings that ask for an explanation, never block ------------------------


@dataclass(frozen=True)
class Change:
    """A figure that moved more than the configured share against the previous month."""

    key: Key
    previous: Decimal
    current: Decimal

    @property
    def percent(self):
        return round((self.current - self.previous) / self.previous * 100)

    @property
    def message(self):
        sign = "+" if self.percent > 0 else "−"
        return (
            f"изменение {sign}{abs(self.percent)} % к прошлому месяцу "
            f"({format_number(self.previous)} → {format_number(self.current)}): "
            "поясните коротко, почему — пояснение увидит проверяющий"
        )


def change_limit():
    """The share (in %) above which a change asks for an explanation."""
    return MonitoringSettings.load().change_warning_percent


def big_changes(figures, previous, limit_percent=None):
    """{key: Change} for figures that differ from last month's by more than `limit_percent`.

    Last month's zero or missing value has no share to compare with and is not flagged.
    Only totals are flagged: the breakdown moves with its total, and one explanation of the
    total is what a person can give.
    """
    limit = Decimal(limit_percent if limit_percent is not None else change_limit())
    changes = {}
    for key, current in figures.items():
        before = previous.get(key)
        if current is None or not before or key[1] is not None:
            continue
        if abs(current - before) * 100 > limit * before:
            changes[key] = Change(key, before, current)
    return changes


def flag_changes(groups, limit_percent=None):
    """Mark each row of `entry_rows` whose saved value moved a lot (`row.change`)."""
    rows = [row for group in groups for row in group.rows]
    changes = big_changes(
        {row.key: row.value for row in rows},
        {row.key: row.previous for row in rows if row.previous is not None},
        limit_percent,
    )
    for row in rows:
        row.change = changes.get(row.key)
    return groups


# --- Saving and the review ------------------------------------------------------------------


def find_submission(organization, period):
    return (
        Submission.objects.select_related("saved_by", "submitted_by", "reviewed_by")
        .filter(organization=organization, period=period)
        .first()
    )


def get_or_create_submission(organization, period):
    submission, _ = Submission.objects.get_or_create(organization=organization, period=period)
    return submission


@transaction.atomic
def save_entry(
    organization, period, figures, user, expected_version, *, send=False, explanations=None
):
    """Save the typed figures (creating the report on its first save) and send it if asked.

    All or nothing: if sending is refused, the figures are not saved either.
    """
    submission = get_or_create_submission(organization, period)
    submission = save_figures(submission, figures, user, expected_version, explanations)
    if send:
        submission = submit(submission, user)
    return submission


@transaction.atomic
def save_figures(submission, figures, user, expected_version, explanations=None):
    """Replace the submission's figures; refused if anyone saved since `expected_version`."""
    locked = _lock(submission, expected_version)
    _check_editable(locked)
    errors = validate_figures(figures, entry_indicators(locked.period))
    if errors:
        raise InvalidFigures(errors)
    now = timezone.now()
    # The version test in the UPDATE itself is the guard where SELECT … FOR UPDATE is a no-op.
    updated = Submission.objects.filter(pk=locked.pk, version=expected_version).update(
        version=F("version") + 1, saved_by=user, saved_at=now
    )
    if not updated:
        locked.refresh_from_db()
        raise ConcurrentEditError(locked)
    Value.objects.filter(submission=locked).delete()
    Value.objects.bulk_create(_value_rows(locked, figures, explanations or {}))
    locked.version, locked.saved_by, locked.saved_at = expected_version + 1, user, now
    if entered_on_behalf(user, locked.organization):
        # A coordinator or methodist filling in for the organization: the trail says so.
        record_event(locked, SubmissionEvent.Kind.ENTERED, user, now, on_behalf=True)
    return locked


def entered_on_behalf(user, organization):
    """True when `user` is not one of the organization's representatives: a coordinator or a
    methodist entering figures for a small organization that has none."""
    return not organization.representatives.filter(pk=user.pk).exists()


def _value_rows(submission, figures, explanations):
    indicator_ids = dict(
        Indicator.objects.filter(code__in={code for code, _ in figures}).values_list("code", "id")
    )
    direction_ids = dict(Direction.objects.values_list("code", "id"))
    unknown = [key for key in figures if key[1] and key[1] not in direction_ids]
    if unknown:
        raise InvalidFigures(
            [FigureError(key, f"неизвестная направленность «{key[1]}»") for key in unknown]
        )
    return [
        Value(
            submission=submission,
            indicator_id=indicator_ids[code],
            direction_id=direction_ids[direction] if direction else None,
            value=value,
            explanation=(explanations.get((code, direction)) or "").strip()[:EXPLANATION_LENGTH],
        )
        for (code, direction), value in figures.items()
    ]


@transaction.atomic
def submit(submission, user, expected_version=None):
    """Send a draft (or a returned report) to the МОЦ; every required figure must be there."""
    locked = _lock(submission, expected_version)
    _check_editable(locked)
    errors = validate_figures(
        stored_figures(locked), entry_indicators(locked.period), require_all=True
    )
    if errors:
        raise InvalidFigures(errors)
    locked.status = Submission.Status.SUBMITTED
    locked.submitted_by, locked.submitted_at = user, timezone.now()
    locked.save(update_fields=["status", "submitted_by", "submitted_at"])
    record_event(
        locked,
        SubmissionEvent.Kind.SUBMITTED,
        user,
        locked.submitted_at,
        on_behalf=entered_on_behalf(user, locked.organization),
    )
    return locked


@transaction.atomic
def accept(submission, user, expected_version=None):
    locked = _lock(submission, expected_version)
    _check_sent(locked, "Принять можно только отправленный отчёт.")
    return _review(locked, user, Submission.Status.ACCEPTED)


@transaction.atomic
def return_for_revision(submission, user, comment, expected_version=None):
    comment = (comment or "").strip()
    if not comment:
        raise SubmissionError("Напишите, что нужно исправить: без комментария отчёт не вернуть.")
    locked = _lock(submission, expected_version)
    _check_sent(locked, "Вернуть на доработку можно только отправленный отчёт.")
    if locked.period.is_closed:
        raise SubmissionError("Период закрыт: откройте его, чтобы вернуть отчёт на доработку.")
    locked.return_comment = comment
    return _review(locked, user, Submission.Status.RETURNED)


def _review(submission, user, status):
    submission.status = status
    submission.reviewed_by, submission.reviewed_at = user, timezone.now()
    submission.save(update_fields=["status", "return_comment", "reviewed_by", "reviewed_at"])
    record_event(
        submission,
        status,
        user,
        submission.reviewed_at,
        submission.return_comment if status == Submission.Status.RETURNED else "",
    )
    return submission


def record_event(submission, kind, user, at=None, comment="", on_behalf=False):
    """One step of the review trail; never changes or replaces an earlier one."""
    return SubmissionEvent.objects.create(
        submission=submission,
        kind=kind,
        user=user,
        at=at or timezone.now(),
        comment=comment,
        on_behalf=on_behalf,
    )


def _lock(submission, expected_version=None):
    locked = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("period", "organization")
        .get(pk=submission.pk)
    )
    if expected_version is not None:
        _check_version(locked, expected_version)
    return locked


def _check_version(submission, expected_version):
    if submission.version != expected_version:
        raise ConcurrentEditError(submission)


@transaction.atomic
def record_correction(submission, user, comment=""):
    """Figures changed in the admin: the version moves on (an open form or template made
    before is refused) and the trail keeps who corrected them."""
    Submission.objects.filter(pk=submission.pk).update(
        version=F("version") + 1, saved_by=user, saved_at=timezone.now()
    )
    return record_event(submission, SubmissionEvent.Kind.CORRECTED, user, comment=comment)


def _check_editable(submission):
    if submission.period.is_closed:
        raise SubmissionError(f"Период «{submission.period}» закрыт: данные изменить нельзя.")
    if not submission.is_editable:
        raise SubmissionError(
            f"Отчёт уже {submission.get_status_display().lower()}: изменить его нельзя. "
            "Если нужно что-то исправить, попросите методиста вернуть его на доработку."
        )


def _check_sent(submission, message):
    if submission.status != Submission.Status.SUBMITTED:
        raise SubmissionError(message)


# --- Overview -------------------------------------------------------------------------------


def submission_overview(organizations, periods):
    """[(organization, [(period, submission or None), …]), …] in three queries."""
    organizations = list(organizations)
    found = {
        (submission.organization_id, submission.period_id): submission
        for submission in Submission.objects.filter(
            organization__in=[organization.pk for organization in organizations],
            period__in=[period.pk for period in periods],
        )
    }
    return [
        (organization, [(period, found.get((organization.pk, period.pk))) for period in periods])
        for organization in organizations
    ]
