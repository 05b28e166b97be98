"""Checking the consistency rules (`ValidationRule`) against a report's figures.

Figures are {(indicator code, direction code or None): Decimal}. A side of a rule is known
when at least one of its cells is filled; its empty cells then count as zero (a breakdown
with some directions left empty means nobody in those). A rule is checked only when both
sides are known: whether a figure must be there at all is `Indicator.is_required`'s job.

The rules are loaded once per check (two queries) and compiled into plain tuples, so the
form, the Excel upload and the admin evaluate the very same thing.
"""

from dataclasses import dataclass
from decimal import Decimal

from ..models import RuleTerm, ValidationRule


@dataclass(frozen=True)
class Term:
    code: str
    scope: str
    direction: str | None

    def cells(self, figures):
        """The filled cells this term adds up."""
        if self.scope == RuleTerm.Scope.TOTAL:
            keys = [(self.code, None)]
        elif self.scope == RuleTerm.Scope.DIRECTION:
            keys = [(self.code, self.direction)]
        else:
            keys = [key for key in figures if key[0] == self.code and key[1] is not None]
        return [(key, figures[key]) for key in keys if figures.get(key) is not None]

    @property
    def anchor(self):
        """The figure an error is shown at when this term has nothing filled."""
        return (self.code, self.direction if self.scope == RuleTerm.Scope.DIRECTION else None)


@dataclass(frozen=True)
class Rule:
    name: str
    operator: str
    message: str
    left: tuple
    right: tuple

    @property
    def codes(self):
        return {term.code for term in (*self.left, *self.right)}


@dataclass(frozen=True)
class Violation:
    key: tuple  # the figure to show the error at
    rule: Rule
    left: Decimal
    right: Decimal
    cells: frozenset  # every figure the rule added up


def load_rules(indicators):
    """The active rules all of whose indicators are among `indicators` (the period's set)."""
    codes = {indicator.code for indicator in indicators}
    terms = {}
    for term in RuleTerm.objects.filter(rule__is_active=True).select_related(
        "indicator", "direction"
    ):
        terms.setdefault(term.rule_id, []).append(term)
    rules = []
    for rule in ValidationRule.objects.filter(is_active=True, pk__in=list(terms)):
        own = terms[rule.pk]
        compiled = Rule(
            name=rule.name,
            operator=rule.operator,
            message=rule.message,
            left=tuple(_term(t) for t in own if t.side == RuleTerm.Side.LEFT),
            right=tuple(_term(t) for t in own if t.side == RuleTerm.Side.RIGHT),
        )
        if compiled.left and compiled.right and compiled.codes <= codes:
            rules.append(compiled)
    return rules


def _term(term):
    return Term(term.indicator.code, term.scope, term.direction.code if term.direction else None)


def violations(figures, rules):
    found = []
    for rule in rules:
        left_cells = [cell for term in rule.left for cell in term.cells(figures)]
        right_cells = [cell for term in rule.right for cell in term.cells(figures)]
        if not (left_cells and right_cells):
            continue
        left = sum(value for _, value in left_cells)
        right = sum(value for _, value in right_cells)
        broken = left != right if rule.operator == ValidationRule.Operator.EQUAL else left > right
        if broken:
            cells = frozenset(key for key, _ in (*left_cells, *right_cells))
            found.append(Violation(_anchor(rule.left, figures), rule, left, right, cells))
    return found


def _anchor(terms, figures):
    """A total row if the side has one filled, else the first filled cell of the side."""
    for term in terms:
        cells = term.cells(figures)
        if cells:
            total = (term.code, None)
            return total if total in figures else cells[0][0]
    return terms[0].anchor
