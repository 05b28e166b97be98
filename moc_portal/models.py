from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

DEFAULT_ABOUT_TEXT = """\
Муниципальный опорный центр дополнительного образования детей (МОЦ) координирует работу всех \
организаций муниципалитета, которые реализуют дополнительные общеобразовательные программы.

Направления деятельности:
— организационное и методическое сопровождение организаций дополнительного образования;
— выявление и поддержка детей с различными образовательными потребностями, \
в том числе одарённых детей;
— развитие кадрового потенциала педагогов;
— выявление и распространение лучших практик;
— развитие сетевой формы реализации программ и дистанционного обучения;
— внедрение персонифицированного финансирования (сертификаты ПФДО);
— наполнение муниципального сегмента Навигатора дополнительного образования;
— формирование позитивного образа муниципальной системы дополнительного образования;
— информирование населения и родителей о возможностях дополнительного образования;
— сбор, анализ и представление статистических данных."""


class SiteSettings(models.Model):
    """The МОЦ's own details: one row, edited by methodists in the admin."""

    CACHE_KEY = "moc_portal:site_settings"

    moc_name = models.CharField(
        "название МОЦ",
        max_length=300,
        default="Муниципальный опорный центр дополнительного образования детей",
    )
    municipality = models.CharField("муниципальное образование", max_length=200, blank=True)
    base_organization = models.CharField("базовая организация", max_length=300, blank=True)
    created_on = models.DateField("дата создания МОЦ", null=True, blank=True)
    coordinators = models.CharField(
        "координирующие органы",
        max_length=300,
        blank=True,
        help_text="Например: отдел образования администрации округа и РМЦ области.",
    )
    address = models.CharField("адрес", max_length=300, blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("e-mail", blank=True)
    working_hours = models.CharField(
        "часы работы", max_length=200, blank=True, default="Пн–Пт 8:00–16:00, обед 12:00–13:00"
    )
    navigator_base_url = models.URLField(
        "адрес Навигатора",
        blank=True,
        help_text=(
            "Адрес регионального Навигатора дополнительного образования, например "
            "https://р69.навигатор.дети. Кнопка «Записаться в Навигаторе» ведёт на этот адрес "
            "с добавлением /program/<id в Навигаторе>. Оставьте пустым, если программы "
            "не связаны с Навигатором: тогда на странице программы будут контакты организации."
        ),
    )
    about_text = models.TextField("текст страницы «О центре»", default=DEFAULT_ABOUT_TEXT)
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

    class Meta:
        verbose_name = "настройки сайта"
        verbose_name_plural = "настройки сайта"

    def __str__(self):
        return self.moc_name

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        """The settings row, from the cache when possible (every page shows it)."""
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings, 60 * 60)
        return settings

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

    def navigator_program_url(self, navigator_id):
        if not (self.navigator_base_url and navigator_id):
            return ""
        return f"{self.navigator_base_url.rstrip('/')}/program/{navigator_id}"
