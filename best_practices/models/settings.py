"""The bank's own settings, one row edited by methodists."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from moc_portal.core.singletons import SingletonModel


class PracticeSettings(SingletonModel):
    min_reviews = models.PositiveSmallIntegerField(
        "минимум экспертных оценок для публикации",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    notification_emails = models.TextField(
        "адреса для уведомлений о новых практиках",
        blank=True,
        help_text="По одному адресу e-mail в строке. Если пусто — письма получают методисты "
        "с указанным e-mail.",
    )
    submissions_per_hour = models.PositiveSmallIntegerField(
        "заявок в час с одного IP-адреса",
        default=5,
        validators=[MinValueValidator(1)],
        help_text="Защита от спама: больше заявок с одного адреса за час не принимается.",
    )

    class Meta:
        verbose_name = "настройки банка практик"
        verbose_name_plural = "настройки банка практик"

    def __str__(self):
        return "Настройки банка практик"

    @property
    def notification_email_list(self):
        return [line.strip() for line in self.notification_emails.splitlines() if line.strip()]
