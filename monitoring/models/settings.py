"""Monitoring's own settings: where the РМЦ export goes and when reminders are sent."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, validate_email
from django.db import models

from moc_portal.core.singletons import SingletonModel


class MonitoringSettings(SingletonModel):
    rmc_emails = models.TextField(
        "адреса РМЦ для выгрузки",
        blank=True,
        help_text="По одному адресу e-mail в строке.",
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        "напоминать за, дней до срока",
        default=3,
        help_text="Организациям, не сдавшим мониторинг, письмо уходит за столько дней до срока.",
    )
    change_warning_percent = models.PositiveSmallIntegerField(
        "просить пояснение при изменении больше чем на, %",
        default=30,
        validators=[MinValueValidator(1)],
        help_text="Если значение изменилось сильнее по сравнению с прошлым месяцем "
        "организации, форма попросит короткое пояснение; отправку это не блокирует.",
    )
    range_k = models.DecimalField(
        "ширина обычного диапазона, k",
        max_digits=4,
        decimal_places=1,
        default=Decimal("3.0"),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text="Обычный диапазон значения — медиана за 12 прошлых месяцев организации "
        "± k медианных отклонений. Больше k — реже просьбы о пояснении.",
    )
    range_min_percent = models.PositiveSmallIntegerField(
        "наименьшая ширина диапазона, % медианы",
        default=10,
        help_text="Диапазон не уже ± стольких процентов медианы (и ± 1 для счётных "
        "показателей), чтобы ровная история не отмечала каждое изменение.",
    )
    grace_days = models.PositiveSmallIntegerField(
        "льготный срок, дней после срока сдачи",
        default=3,
        help_text="Отчёт, впервые отправленный не позже срока сдачи плюс столько дней, "
        "считается сданным в срок; после этого месяц закрывается для ввода.",
    )

    class Meta:
        verbose_name = "настройки мониторинга"
        verbose_name_plural = "настройки мониторинга"

    def __str__(self):
        return "Настройки мониторинга"

    def clean(self):
        invalid = []
        for address in self.rmc_email_list:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError({"rmc_emails": "Неверные адреса: " + ", ".join(invalid)})

    @property
    def rmc_email_list(self):
        return [line.strip() for line in self.rmc_emails.splitlines() if line.strip()]
