"""The open-data sets: code, passport texts, structure and rows.

The field names and their order are an interface (others load these files by machine): keep
them, add new fields at the end. A changed structure gets a new structure version by itself.
Rows hold JSON values only (str, int, bool, None, lists of str): they are stored in the
version as they are and written to CSV and JSON from there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.utils import timezone

from events.models import Event
from moc_portal.core.email import absolute_url
from moc_portal.models import SiteSettings
from programs.models import Program
from programs.selectors import active_organizations

# How the values of these formats are written (an empty one is None).
WRITTEN = {
    "date": lambda day: day.isoformat(),
    "time": lambda value: value.strftime("%H:%M"),
    "datetime": lambda moment: timezone.localtime(moment).isoformat(timespec="seconds"),
}


@dataclass(frozen=True)
class Field:
    """A column: its name, the passport's texts and format, and where an object's value comes
    from (`source`, as in a DRF serializer: a dotted attribute path or a function of the object;
    by default the attribute of the column's name). Dates and times are written as their format
    says."""

    name: str
    english: str
    russian: str
    format: str  # string, integer, number, boolean, date, time, datetime, url, list
    source: str | Callable | None = None

    def read(self, item):
        if callable(self.source):
            value = self.source(item)
        else:
            value = attrgetter(self.source or self.name)(item)
        write = WRITTEN.get(self.format)
        return (write(value) if value else None) if write else value

    def as_dict(self):
        return {
            "name": self.name,
            "english": self.english,
            "russian": self.russian,
            "format": self.format,
        }


@dataclass(frozen=True)
class Dataset:
    code: str
    title: str
    description: str
    keywords: str
    fields: tuple
    objects: Callable  # () -> the objects in the set, one row each

    @property
    def structure(self):
        return [field.as_dict() for field in self.fields]

    def rows(self):
        """A dict per object keyed by the fields' names, in their order."""
        return [{field.name: field.read(item) for field in self.fields} for item in self.objects()]


def _direction_code(item):
    return item.direction.code if item.direction else None


def _page(item):
    return absolute_url(item.get_absolute_url())


# The columns that mean the same in several sets.
AGE_MIN = Field("age_min", "Minimum age", "Возраст от, лет", "integer")
AGE_MAX = Field("age_max", "Maximum age", "Возраст до, лет", "integer")
DIRECTION = Field("direction", "Focus code", "Направленность (код)", "string", _direction_code)
PAGE = Field("url", "Page", "Страница на сайте МОЦ", "url", _page)
UPDATED = Field("updated", "Last modified", "Дата и время изменения", "datetime", "updated_at")


def public_programs():
    """Every public program (published, of an active organization): drafts, programs under
    moderation or rework and the archive are not open data. Each carries its page in the
    Навигатор (`navigator_page`), from the site settings read once."""
    site = SiteSettings.load()
    programs = Program.objects.public().for_listing().prefetch_related("places").order_by("id")
    for program in programs:
        program.navigator_page = site.navigator_program_url(
            program.navigator_id, program.navigator_url
        )
        yield program


def _level_codes(program):
    return sorted(level.code for level in program.levels.all())


def _price(program):
    return str(program.price_per_month) if program.price_per_month is not None else None


def _venue(program):
    addresses = (place.address for place in program.places.all() if place.address)
    return "; ".join(addresses) or program.organization.address


PROGRAM_FIELDS = (
    Field("id", "Identifier", "Идентификатор программы", "integer"),
    Field("title", "Title", "Название программы", "string"),
    Field("organization_id", "Organization identifier", "Идентификатор организации", "integer"),
    Field(
        "organization",
        "Organization",
        "Организация (краткое наименование)",
        "string",
        "organization.short_name",
    ),
    DIRECTION,
    Field("levels", "Level codes", "Уровни (коды через «;»)", "list", _level_codes),
    AGE_MIN,
    AGE_MAX,
    Field("duration_months", "Duration, months", "Продолжительность, месяцев", "integer"),
    Field("hours_per_year", "Hours per year", "Часов в год", "integer"),
    Field("study_form", "Study form code", "Форма обучения (код)", "string"),
    Field(
        "distance",
        "Distance technologies",
        "С дистанционными технологиями",
        "boolean",
        "uses_distance_technologies",
    ),
    Field("network", "Network form", "Сетевая форма", "boolean", "is_network"),
    Field(
        "ovz",
        "Adapted for disabilities",
        "Адаптирована для детей с ОВЗ",
        "boolean",
        "is_ovz_adapted",
    ),
    Field("payment", "Financing codes", "Оплата (коды через «;»)", "list", "payment_codes"),
    Field("price_per_month", "Price per month, RUB", "Стоимость в месяц, руб.", "number", _price),
    Field("annotation", "Annotation", "Аннотация", "string"),
    Field("venue", "Venue", "Место проведения", "string", _venue),
    Field("enrollment_open", "Enrollment open", "Открыта запись", "boolean"),
    Field(
        "navigator_url",
        "Navigator page",
        "Страница в Навигаторе",
        "url",
        "navigator_page",
    ),
    PAGE,
    UPDATED,
)


def active_organizations_by_id():
    """Active organizations, with the number of their public programs."""
    return active_organizations().select_related("settlement").order_by("id")


def _settlement_name(organization):
    return organization.settlement.name if organization.settlement else ""


ORGANIZATION_FIELDS = (
    Field("id", "Identifier", "Идентификатор организации", "integer"),
    Field("full_name", "Full name", "Полное наименование", "string"),
    Field("short_name", "Short name", "Краткое наименование", "string"),
    Field("kind", "Kind code", "Тип организации (код)", "string"),
    Field("department", "Department code", "Ведомство (код)", "string"),
    Field("inn", "INN", "ИНН", "string"),
    Field("ogrn", "OGRN", "ОГРН", "string"),
    Field("address", "Address", "Адрес", "string"),
    Field(
        "settlement",
        "Settlement",
        "Населённый пункт",
        "string",
        _settlement_name,
    ),
    Field("locality", "Locality code", "Тип местности (код)", "string"),
    Field("phone", "Phone", "Телефон", "string"),
    Field("email", "E-mail", "Электронная почта", "string"),
    Field("website", "Website", "Сайт", "url"),
    Field("program_count", "Public programs", "Число программ в каталоге", "integer"),
    PAGE,
    UPDATED,
)


def public_events():
    """Published events, past ones included (a calendar of the year is open data too)."""
    return Event.objects.public().for_listing().order_by("id")


def _organizer_name(event):
    return event.organizer.short_name if event.organizer else None


EVENT_FIELDS = (
    Field("id", "Identifier", "Идентификатор мероприятия", "integer"),
    Field("title", "Title", "Название", "string"),
    Field("kind", "Kind code", "Тип мероприятия (код)", "string"),
    Field("audience", "Audience code", "Для кого (код)", "string"),
    Field("level", "Level code", "Уровень (код)", "string"),
    DIRECTION,
    AGE_MIN,
    AGE_MAX,
    Field("starts_on", "Start date", "Дата начала", "date"),
    Field("starts_time", "Start time", "Время начала (пусто — весь день)", "time"),
    Field("ends_on", "End date", "Дата окончания", "date"),
    Field("ends_time", "End time", "Время окончания", "time"),
    Field("venue", "Venue", "Место проведения", "string"),
    Field("online_url", "Online venue", "Ссылка на трансляцию", "url"),
    Field("organizer_id", "Organizer identifier", "Идентификатор организатора", "integer"),
    Field(
        "organizer",
        "Organizer",
        "Организатор",
        "string",
        _organizer_name,
    ),
    Field("summary", "Summary", "Кратко", "string"),
    Field("registration_url", "Registration", "Ссылка на регистрацию", "url"),
    PAGE,
    UPDATED,
)


DATASETS = {
    dataset.code: dataset
    for dataset in (
        Dataset(
            code="programs",
            title="Дополнительные общеобразовательные программы",
            description="Программы дополнительного образования детей, опубликованные в "
            "муниципальном каталоге: организация, направленность, уровни, возраст, форма "
            "обучения, оплата, запись.",
            keywords="дополнительное образование, программы, кружки, секции, дети",
            fields=PROGRAM_FIELDS,
            objects=public_programs,
        ),
        Dataset(
            code="organizations",
            title="Организации, реализующие дополнительные общеобразовательные программы",
            description="Организации муниципалитета, реализующие программы дополнительного "
            "образования детей: наименования, реквизиты, адреса, контакты, число программ.",
            keywords="дополнительное образование, организации, учреждения, адреса",
            fields=ORGANIZATION_FIELDS,
            objects=active_organizations_by_id,
        ),
        Dataset(
            code="events",
            title="Мероприятия дополнительного образования",
            description="Конкурсы, фестивали, выставки, соревнования, мастер-классы, семинары "
            "и другие мероприятия для детей, родителей и педагогов: даты, место, организатор.",
            keywords="мероприятия, конкурсы, фестивали, дополнительное образование, дети",
            fields=EVENT_FIELDS,
            objects=public_events,
        ),
    )
}
