"""The open-data sets: code, passport texts, structure and rows.

The field names and their order are an interface (others load these files by machine): keep
them, add new fields at the end. A changed structure gets a new structure version by itself.
Rows hold JSON values only (str, int, bool, None, lists of str): they are stored in the
version as they are and written to CSV and JSON from there.
"""

from dataclasses import dataclass

from django.utils import timezone

from events.models import Event
from moc_portal.core.email import absolute_url
from moc_portal.models import SiteSettings
from programs.models import Program
from programs.selectors import active_organizations


@dataclass(frozen=True)
class Field:
    name: str
    english: str
    russian: str
    format: str  # string, integer, number, boolean, date, time, datetime, url, list

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
    rows: object  # () -> list of dicts keyed by the fields' names, in their order

    @property
    def structure(self):
        return [field.as_dict() for field in self.fields]


def _iso(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _date(day):
    return day.isoformat() if day else None


def _time(value):
    return value.strftime("%H:%M") if value else None


PROGRAM_FIELDS = (
    Field("id", "Identifier", "Идентификатор программы", "integer"),
    Field("title", "Title", "Название программы", "string"),
    Field("organization_id", "Organization identifier", "Идентификатор организации", "integer"),
    Field("organization", "Organization", "Организация (краткое наименование)", "string"),
    Field("direction", "Focus code", "Направленность (код)", "string"),
    Field("levels", "Level codes", "Уровни (коды через «;»)", "list"),
    Field("age_min", "Minimum age", "Возраст от, лет", "integer"),
    Field("age_max", "Maximum age", "Возраст до, лет", "integer"),
    Field("duration_months", "Duration, months", "Продолжительность, месяцев", "integer"),
    Field("hours_per_year", "Hours per year", "Часов в год", "integer"),
    Field("study_form", "Study form code", "Форма обучения (код)", "string"),
    Field("distance", "Distance technologies", "С дистанционными технологиями", "boolean"),
    Field("network", "Network form", "Сетевая форма", "boolean"),
    Field("ovz", "Adapted for disabilities", "Адаптирована для детей с ОВЗ", "boolean"),
    Field("payment", "Financing codes", "Оплата (коды через «;»)", "list"),
    Field("price_per_month", "Price per month, RUB", "Стоимость в месяц, руб.", "number"),
    Field("annotation", "Annotation", "Аннотация", "string"),
    Field("venue", "Venue", "Место проведения", "string"),
    Field("enrollment_open", "Enrollment open", "Открыта запись", "boolean"),
    Field("navigator_url", "Navigator page", "Страница в Навигаторе", "url"),
    Field("url", "Page", "Страница на сайте МОЦ", "url"),
    Field("updated", "Last modified", "Дата и время изменения", "datetime"),
)


def program_rows():
    """Every public program (published, of an active organization): drafts, programs under
    moderation or rework and the archive are not open data."""
    site = SiteSettings.load()
    programs = Program.objects.public().for_listing().order_by("id")
    return [
        {
            "id": program.id,
            "title": program.title,
            "organization_id": program.organization_id,
            "organization": program.organization.short_name,
            "direction": program.direction.code,
            "levels": sorted(level.code for level in program.levels.all()),
            "age_min": program.age_min,
            "age_max": program.age_max,
            "duration_months": program.duration_months,
            "hours_per_year": program.hours_per_year,
            "study_form": program.study_form,
            "distance": program.uses_distance_technologies,
            "network": program.is_network,
            "ovz": program.is_ovz_adapted,
            "payment": program.payment_codes,
            "price_per_month": (
                str(program.price_per_month) if program.price_per_month is not None else None
            ),
            "annotation": program.annotation,
            "venue": program.venue or program.organization.address,
            "enrollment_open": program.enrollment_open,
            "navigator_url": site.navigator_program_url(program.navigator_id),
            "url": absolute_url(program.get_absolute_url()),
            "updated": _iso(program.updated_at),
        }
        for program in programs
    ]


ORGANIZATION_FIELDS = (
    Field("id", "Identifier", "Идентификатор организации", "integer"),
    Field("full_name", "Full name", "Полное наименование", "string"),
    Field("short_name", "Short name", "Краткое наименование", "string"),
    Field("kind", "Kind code", "Тип организации (код)", "string"),
    Field("department", "Department code", "Ведомство (код)", "string"),
    Field("inn", "INN", "ИНН", "string"),
    Field("ogrn", "OGRN", "ОГРН", "string"),
    Field("address", "Address", "Адрес", "string"),
    Field("settlement", "Settlement", "Населённый пункт", "string"),
    Field("locality", "Locality code", "Тип местности (код)", "string"),
    Field("phone", "Phone", "Телефон", "string"),
    Field("email", "E-mail", "Электронная почта", "string"),
    Field("website", "Website", "Сайт", "url"),
    Field("program_count", "Public programs", "Число программ в каталоге", "integer"),
    Field("url", "Page", "Страница на сайте МОЦ", "url"),
    Field("updated", "Last modified", "Дата и время изменения", "datetime"),
)


def organization_rows():
    """Active organizations, with the number of their public programs."""
    return [
        {
            "id": organization.id,
            "full_name": organization.full_name,
            "short_name": organization.short_name,
            "kind": organization.kind,
            "department": organization.department,
            "inn": organization.inn,
            "ogrn": organization.ogrn,
            "address": organization.address,
            "settlement": organization.settlement,
            "locality": organization.locality,
            "phone": organization.phone,
            "email": organization.email,
            "website": organization.website,
            "program_count": organization.program_count,
            "url": absolute_url(organization.get_absolute_url()),
            "updated": _iso(organization.updated_at),
        }
        for organization in active_organizations().order_by("id")
    ]


EVENT_FIELDS = (
    Field("id", "Identifier", "Идентификатор мероприятия", "integer"),
    Field("title", "Title", "Название", "string"),
    Field("kind", "Kind code", "Тип мероприятия (код)", "string"),
    Field("audience", "Audience code", "Для кого (код)", "string"),
    Field("level", "Level code", "Уровень (код)", "string"),
    Field("direction", "Focus code", "Направленность (код)", "string"),
    Field("age_min", "Minimum age", "Возраст от, лет", "integer"),
    Field("age_max", "Maximum age", "Возраст до, лет", "integer"),
    Field("starts_on", "Start date", "Дата начала", "date"),
    Field("starts_time", "Start time", "Время начала (пусто — весь день)", "time"),
    Field("ends_on", "End date", "Дата окончания", "date"),
    Field("ends_time", "End time", "Время окончания", "time"),
    Field("venue", "Venue", "Место проведения", "string"),
    Field("online_url", "Online venue", "Ссылка на трансляцию", "url"),
    Field("organizer_id", "Organizer identifier", "Идентификатор организатора", "integer"),
    Field("organizer", "Organizer", "Организатор", "string"),
    Field("summary", "Summary", "Кратко", "string"),
    Field("registration_url", "Registration", "Ссылка на регистрацию", "url"),
    Field("url", "Page", "Страница на сайте МОЦ", "url"),
    Field("updated", "Last modified", "Дата и время изменения", "datetime"),
)


def event_rows():
    """Published events, past ones included (a calendar of the year is open data too)."""
    events = Event.objects.public().for_listing().order_by("id")
    return [
        {
            "id": event.id,
            "title": event.title,
            "kind": event.kind,
            "audience": event.audience,
            "level": event.level,
            "direction": event.direction.code if event.direction else None,
            "age_min": event.age_min,
            "age_max": event.age_max,
            "starts_on": _date(event.starts_on),
            "starts_time": _time(event.starts_time),
            "ends_on": _date(event.ends_on),
            "ends_time": _time(event.ends_time),
            "venue": event.venue,
            "online_url": event.online_url,
            "organizer_id": event.organizer_id,
            "organizer": event.organizer.short_name if event.organizer else None,
            "summary": event.summary,
            "registration_url": event.registration_url,
            "url": absolute_url(event.get_absolute_url()),
            "updated": _iso(event.updated_at),
        }
        for event in events
    ]


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
            rows=program_rows,
        ),
        Dataset(
            code="organizations",
            title="Организации, реализующие дополнительные общеобразовательные программы",
            description="Организации муниципалитета, реализующие программы дополнительного "
            "образования детей: наименования, реквизиты, адреса, контакты, число программ.",
            keywords="дополнительное образование, организации, учреждения, адреса",
            fields=ORGANIZATION_FIELDS,
            rows=organization_rows,
        ),
        Dataset(
            code="events",
            title="Мероприятия дополнительного образования",
            description="Конкурсы, фестивали, выставки, соревнования, мастер-классы, семинары "
            "и другие мероприятия для детей, родителей и педагогов: даты, место, организатор.",
            keywords="мероприятия, конкурсы, фестивали, дополнительное образование, дети",
            fields=EVENT_FIELDS,
            rows=event_rows,
        ),
    )
}
