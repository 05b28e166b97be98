import datetime
import hashlib

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .core.requisites import validate_inn
from .core.singletons import SingletonModel
from .core.user_references import user_reference

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

DEFAULT_CONSENT_TEXT = """\
Я даю согласие МОЦ на обработку моих персональных данных (фамилия, имя, отчество, \
контактный телефон, адрес электронной почты), указанных в форме, в целях рассмотрения \
обращения и ответа на него, в соответствии с Федеральным законом от 27.07.2006 № 152-ФЗ \
«О персональных данных». Согласие действует до достижения цели обработки и может быть \
отозвано письменным заявлением. Персональные данные детей не запрашиваются и не хранятся."""

# Provisions of the policy beyond those the page builds from the settings (privacy.html).
DEFAULT_PRIVACY_POLICY = ""
POLICY_FIRST_DATE = datetime.date(2026, 12, 1)


class SiteSettings(SingletonModel):
    """The МОЦ's own details: one row, edited by methodists in the admin."""

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
    gosuslugi_url = models.URLField(
        "запись через Госуслуги",
        blank=True,
        help_text=(
            "Если регион принимает запись в кружки через Госуслуги, адрес этой услуги: "
            "на странице программы появится кнопка «Записаться через Госуслуги»."
        ),
    )
    about_text = models.TextField("текст страницы «О центре»", default=DEFAULT_ABOUT_TEXT)

    max_upload_mb = models.PositiveSmallIntegerField(
        "наибольший размер загружаемого файла, МБ",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    consent_text = models.TextField(
        "текст согласия на обработку персональных данных",
        default=DEFAULT_CONSENT_TEXT,
        help_text="Показывается у каждой формы, которая принимает персональные данные. "
        "При каждом согласии сохраняется показанный текст и его версия.",
    )
    privacy_policy = models.TextField(
        "дополнительные положения политики",
        default=DEFAULT_PRIVACY_POLICY,
        blank=True,
        help_text="Страница «Политика обработки персональных данных» составляется из полей "
        "«Оператор персональных данных»; здесь — положения сверх них, если нужны.",
    )
    operator_name = models.CharField(
        "полное наименование оператора",
        max_length=500,
        blank=True,
        help_text="Организация, на базе которой работает МОЦ, как в уставе: "
        "«Муниципальное бюджетное учреждение дополнительного образования …».",
    )
    operator_inn = models.CharField(
        "ИНН оператора",
        max_length=12,
        blank=True,
        validators=[validate_inn],
        help_text="ИНН базовой организации МОЦ; с него начинаются идентификаторы наборов "
        "открытых данных («ИНН-programs»).",
    )
    operator_ogrn = models.CharField("ОГРН оператора", max_length=15, blank=True)
    operator_address = models.CharField(
        "адрес оператора", max_length=300, blank=True, help_text="Юридический адрес."
    )
    privacy_officer = models.CharField(
        "ответственный за организацию обработки персональных данных",
        max_length=300,
        blank=True,
        help_text="Должность, фамилия и инициалы.",
    )
    policy_version = models.CharField(
        "версия политики",
        max_length=10,
        default="1.0",
        help_text="Меняйте при каждой новой редакции политики: версия согласия, которую "
        "сохраняет каждая форма, меняется вместе с ней.",
    )
    policy_date = models.DateField("дата вступления политики в силу", default=POLICY_FIRST_DATE)
    personal_data_retention_days = models.PositiveSmallIntegerField(
        "срок хранения персональных данных, дней",
        default=365,
        validators=[MinValueValidator(1)],
        help_text="После закрытия обращения контакты заявителя удаляются через столько дней.",
    )

    opendata_responsible = models.CharField(
        "ответственный за открытые данные",
        max_length=300,
        blank=True,
        help_text="Должность, фамилия, имя и отчество: указывается в паспорте каждого набора.",
    )
    opendata_phone = models.CharField(
        "телефон ответственного",
        max_length=50,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()\-–]{5,}$",
                "Телефон — цифры, пробелы, скобки, дефисы и «+» в начале.",
            )
        ],
        help_text="Пусто — телефон МОЦ.",
    )
    opendata_email = models.EmailField(
        "e-mail ответственного", blank=True, help_text="Пусто — e-mail МОЦ."
    )

    history = HistoricalRecords(verbose_name="история настроек сайта")

    class Meta:
        verbose_name = "настройки сайта"
        verbose_name_plural = "настройки сайта"

    def __str__(self):
        return self.moc_name

    @property
    def consent_version(self):
        """The policy's version and a short fingerprint of the consent text («1.0-3f2a…»):
        which wording, under which policy, a person agreed to."""
        fingerprint = hashlib.sha256(self.consent_text.encode()).hexdigest()[:8]
        return f"{self.policy_version}-{fingerprint}"

    def navigator_program_url(self, navigator_id, stored_url=""):
        """The program's page in the Навигатор: the link stored from the import (with its slug),
        else the base address + /program/<id>."""
        if stored_url:
            return stored_url
        if not (self.navigator_base_url and navigator_id):
            return ""
        return f"{self.navigator_base_url.rstrip('/')}/program/{navigator_id}"


class ConsentRecord(models.Model):
    """A person's consent to the processing of personal data (152-ФЗ), kept as evidence:
    when, from which address, and the exact wording they were shown."""

    purpose = models.CharField("цель", max_length=100)
    text = models.TextField("текст согласия")
    text_version = models.CharField("версия текста", max_length=20)
    accepted_at = models.DateTimeField("дата и время", auto_now_add=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    class Meta:
        verbose_name = "согласие на обработку персональных данных"
        verbose_name_plural = "согласия на обработку персональных данных"
        ordering = ["-accepted_at"]

    def __str__(self):
        return f"{self.purpose}, {self.accepted_at:%d.%m.%Y %H:%M}"


class Question(models.Model):
    """A question a parent asked on the contacts page (152-ФЗ: the asker's contacts are kept
    only until the retention period after closing; the text stays, anonymous, for statistics)."""

    class ReplyBy(models.TextChoices):
        EMAIL = "email", "по электронной почте"
        PHONE = "phone", "по телефону"

    class Status(models.TextChoices):
        NEW = "new", "новый"
        ANSWERED = "answered", "отвечен"
        CLOSED = "closed", "закрыт без ответа"

    name = models.CharField("имя", max_length=200, blank=True)
    reply_by = models.CharField(
        "как ответить", max_length=10, choices=ReplyBy.choices, default=ReplyBy.EMAIL
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=50, blank=True)
    text = models.TextField("вопрос")
    consent = models.ForeignKey(
        ConsentRecord,
        verbose_name="согласие на обработку персональных данных",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField("получен", auto_now_add=True)
    status = models.CharField(
        "состояние", max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    answer = models.TextField("ответ", blank=True)
    answered_by = user_reference("ответил")
    closed_at = models.DateTimeField("закрыт", null=True, blank=True)
    answer_sent_at = models.DateTimeField("ответ отправлен", null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        "персональные данные удалены", null=True, blank=True
    )

    class Meta:
        verbose_name = "вопрос посетителя"
        verbose_name_plural = "вопросы посетителей"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Вопрос от {self.created_at:%d.%m.%Y}" if self.created_at else "Новый вопрос"

    @property
    def is_closed(self):
        return self.status != self.Status.NEW


class RateLimitCount(models.Model):
    """A rate limit's counter kept in the database while the cache server is unreachable (or
    absent): `moc_portal.core.ratelimits` counts here so that limits hold during an outage."""

    name = models.CharField("ограничение", max_length=50)
    key = models.CharField("кто", max_length=255)
    window_start = models.BigIntegerField("начало окна (Unix time)")
    expires = models.BigIntegerField("истекает (Unix time)", db_index=True)
    count = models.PositiveIntegerField("обращений", default=0)

    class Meta:
        verbose_name = "счётчик ограничения частоты"
        verbose_name_plural = "счётчики ограничений частоты"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "key", "window_start"], name="ratelimit_one_counter_per_window"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.key} ({self.count})"


class OutgoingMail(models.Model):
    """An e-mail in the outbox (`moc_portal.core.outbox`): written in the transaction that caused
    it, delivered later by the worker (or the embedded deliverer) with retries and backoff."""

    class Status(models.TextChoices):
        WAITING = "waiting", "ждёт отправки"
        SENT = "sent", "отправлено"
        FAILED = "failed", "не отправлено"

    created_at = models.DateTimeField("создано", auto_now_add=True, db_index=True)
    kind = models.CharField("шаблон", max_length=200, blank=True)
    subject = models.CharField("тема", max_length=998)
    body = models.TextField("текст")
    from_email = models.CharField("от кого", max_length=254)
    to = models.JSONField("кому", default=list)
    reply_to = models.JSONField("ответить на", default=list, blank=True)
    # [[file name, base64 content, MIME type], ...]
    attachments = models.JSONField("вложения", default=list, blank=True)
    dedupe_key = models.CharField(
        "ключ от повторов", max_length=200, null=True, blank=True, unique=True, editable=False
    )
    status = models.CharField(
        "состояние", max_length=10, choices=Status.choices, default=Status.WAITING
    )
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    next_attempt_at = models.DateTimeField("следующая попытка", null=True, blank=True)
    last_attempt_at = models.DateTimeField("последняя попытка", null=True, blank=True)
    last_error = models.TextField("последняя ошибка", blank=True)
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)

    class Meta:
        verbose_name = "исходящее письмо"
        verbose_name_plural = "исходящие письма"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.subject


class OpenDataVersion(models.Model):
    """A dated version of an open-data set (Методические рекомендации по публикации открытых
    данных, 3.0): its rows and structure as published that day, kept for download for good.
    `moc_portal.opendata` makes one when the set's data differ from its latest version."""

    dataset = models.CharField("набор", max_length=50)
    published_on = models.DateField("дата версии")
    structure_on = models.DateField("дата версии структуры")
    created_at = models.DateTimeField("создана", auto_now_add=True)
    structure = models.JSONField("структура", default=list)
    rows = models.JSONField("данные", default=list)
    row_count = models.PositiveIntegerField("записей", default=0)
    digest = models.CharField("отпечаток данных", max_length=64)
    structure_digest = models.CharField("отпечаток структуры", max_length=64)
    change = models.TextField("содержание изменения", blank=True)

    class Meta:
        verbose_name = "версия набора открытых данных"
        verbose_name_plural = "версии наборов открытых данных"
        ordering = ["dataset", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "published_on"], name="opendata_one_version_per_day"
            )
        ]

    def __str__(self):
        return f"{self.dataset}, {self.published_on:%d.%m.%Y}"

    @property
    def data_name(self):
        """«data-20261203-structure-20261201», the version's file name without extension."""
        return f"data-{self.published_on:%Y%m%d}-structure-{self.structure_on:%Y%m%d}"

    @property
    def structure_name(self):
        return f"structure-{self.structure_on:%Y%m%d}"
