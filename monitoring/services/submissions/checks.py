"""Checks of figures: numbers, parts and wholes, the rules, and plausibility warnings."""

from decimal import Decimal

from ...models import Indicator, MonitoringSettings
from ..rules import load_rules, violations
from .figures import (
    DECIMAL_PLACES,
    MAX_VALUE,
    Change,
    FigureError,
    format_number,
    key_code,
)
from .ranges import outside

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


def unusual_figures(figures, rows, limit_percent=None):
    """{key: OutOfRange | Change}: the figures that ask for an explanation.

    A total with an expected range from the organization's history (`row.expected`, see
    ranges.py) is judged by it; one without (fewer than 3 months) by the change against
    last month, as before."""
    ranges = {row.key: row.expected for row in rows if row.expected is not None}
    unusual = outside(figures, ranges)
    fallback = {key: value for key, value in figures.items() if key not in ranges}
    previous = {row.key: row.previous for row in rows if row.previous is not None}
    unusual.update(big_changes(fallback, previous, limit_percent))
    return unusual


def flag_changes(groups, limit_percent=None):
    """Mark each row of `entry_rows` whose saved value is unusual (`row.change`)."""
    rows = [row for group in groups for row in group.rows]
    changes = unusual_figures({row.key: row.value for row in rows}, rows, limit_percent)
    for row in rows:
        row.change = changes.get(row.key)
    return groups
