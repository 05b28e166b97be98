"""Consistency rules between indicators, kept as data (DHIS2's validation rules, small).

A rule compares two sides, each a sum of terms; a term is one indicator's total, its value
for one direction, or the sum of its whole breakdown by direction. The МОЦ edits rules in
the admin; `monitoring.services.rules` checks them wherever figures enter (the form, the
Excel upload, the admin). Rules are hard: a report that breaks one cannot be sent.
"""

from django.core.exceptions import ValidationError
from django.db import models

from programs.models import Direction

from .indicators import Indicator


class ValidationRule(models.Model):
    class Operator(models.TextChoices):
        EQUAL = "eq", "равно"
        AT_MOST = "le", "не больше"

    name = models.CharField("название", max_length=200)
    operator = models.CharField(
        "левая часть … правой", max_length=2, choices=Operator.choices, default=Operator.EQUAL
    )
    message = models.CharField(
        "сообщение об ошибке",
        max_length=300,
        help_text="Что увидит организация. {left} и {right} — значения левой и правой части, "
        "например: «Сумма по направленностям ({left}) не равна общему числу детей ({right})».",
    )
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "правило проверки"
        verbose_name_plural = "правила проверки"
        ordering = ["id"]

    def __str__(self):
        return self.name

    @property
    def message_example(self):
        """The message as an organization reads it, «…» for the figures."""
        try:
            return self.message.format(left="…", right="…")
        except (KeyError, IndexError, ValueError):
            return self.message

    def clean(self):
        try:
            self.message.format(left="1", right="2")
        except (KeyError, IndexError, ValueError):
            raise ValidationError(
                {"message": "В сообщении допустимы только {left} и {right}."}
            ) from None


class RuleTerm(models.Model):
    class Side(models.TextChoices):
        LEFT = "left", "левая часть"
        RIGHT = "right", "правая часть"

    class Scope(models.TextChoices):
        TOTAL = "total", "всего"
        DIRECTION = "direction", "одна направленность"
        ALL_DIRECTIONS = "directions", "сумма по всем направленностям"

    rule = models.ForeignKey(
        ValidationRule, verbose_name="правило", on_delete=models.CASCADE, related_name="terms"
    )
    side = models.CharField("часть", max_length=5, choices=Side.choices)
    indicator = models.ForeignKey(
        Indicator, verbose_name="показатель", on_delete=models.CASCADE, related_name="rule_terms"
    )
    scope = models.CharField("что берётся", max_length=10, choices=Scope.choices)
    direction = models.ForeignKey(
        Direction,
        verbose_name="направленность",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = "слагаемое правила"
        verbose_name_plural = "слагаемые правила"
        ordering = ["rule", "side", "id"]

    def __str__(self):
        """The term in the indicators' names, as staff read a rule (never codes)."""
        if self.scope == self.Scope.DIRECTION and self.direction_id:
            return f"«{self.indicator.name}»: {self.direction.name.lower()} направленность"
        if self.scope == self.Scope.ALL_DIRECTIONS:
            return f"«{self.indicator.name}»: сумма по направленностям"
        return f"«{self.indicator.name}»"

    def clean(self):
        if self.scope == self.Scope.DIRECTION and not self.direction_id:
            raise ValidationError({"direction": "Укажите направленность."})
        if self.scope != self.Scope.DIRECTION and self.direction_id:
            raise ValidationError({"direction": "Направленность нужна только для «одной»."})
        if self.scope != self.Scope.TOTAL and self.indicator_id and not self.indicator.by_direction:
            raise ValidationError({"scope": "У этого показателя нет разбивки по направленностям."})
