"""The word forms of each model's name that Django's admin can't build from `verbose_name`.

Django writes «Добавить %s», «%s был успешно добавлен», «13 %s» with one form of the noun; Russian
needs the accusative («Добавить программу»), the gender («Программа «…» добавлена») and the
counting forms («13 мероприятий»). One row per model, by its `app_label.model_name`: nominative,
accusative, genitive plural and gender («m», «f», «n», or «p» for names used only in the plural),
and, where it is not the nominative plural, the form after 2–4 («2 отчёта организации»).
"""

from dataclasses import dataclass

from .text import plural_form


@dataclass(frozen=True)
class Noun:
    nominative: str
    accusative: str
    genitive_plural: str
    gender: str
    nominative_plural: str = ""
    few: str = ""  # after 2, 3, 4; the nominative plural when empty

    def count(self, number):
        """«1 программа», «3 программы», «13 программ»."""
        few = self.few or self.nominative_plural
        return f"{number} {plural_form(number, self.nominative, few, self.genitive_plural)}"

    def participle(self, masculine):
        """«добавлен» → «добавлена» / «добавлено» / «добавлены» by the noun's gender."""
        if self.gender == "m":
            return masculine
        stem = masculine.replace("ё", "е")  # «изменён», but «изменена», «изменено»
        return stem + {"f": "а", "n": "о", "p": "ы"}[self.gender]

    def another(self):
        """«ещё одну программу», «ещё один документ», «ещё одно мероприятие»."""
        one = {"m": "один", "f": "одну", "n": "одно", "p": "одни"}[self.gender]
        return f"ещё {one} {self.accusative}"


def _n(nominative, accusative, genitive_plural, gender, few=""):
    return (nominative, accusative, genitive_plural, gender, few)


FORMS = {
    "auth.group": _n("группа", "группу", "групп", "f"),
    "auth.user": _n("пользователь", "пользователя", "пользователей", "m", "пользователя"),
    "axes.accessattempt": _n(
        "запись о попытке доступа",
        "запись о попытке доступа",
        "записей о попытках доступа",
        "f",
        "записи о попытке доступа",
    ),
    "axes.accessfailurelog": _n(
        "ошибка доступа", "ошибку доступа", "ошибок доступа", "f", "ошибки доступа"
    ),
    "axes.accesslog": _n(
        "запись о доступе", "запись о доступе", "записей о доступе", "f", "записи о доступе"
    ),
    "best_practices.practice": _n("практика", "практику", "практик", "f"),
    "best_practices.practicematerial": _n(
        "материал практики", "материал практики", "материалов практики", "m", "материала практики"
    ),
    "best_practices.practicesettings": _n(
        "настройки банка практик", "настройки банка практик", "настроек банка практик", "p"
    ),
    "best_practices.review": _n(
        "экспертная оценка", "экспертную оценку", "экспертных оценок", "f", "экспертные оценки"
    ),
    "django_celery_beat.periodictask": _n(
        "периодическая задача",
        "периодическую задачу",
        "периодических задач",
        "f",
        "периодические задачи",
    ),
    "events.document": _n("документ", "документ", "документов", "m", "документа"),
    "events.event": _n("мероприятие", "мероприятие", "мероприятий", "n", "мероприятия"),
    "events.mediaplan": _n("медиаплан", "медиаплан", "медиапланов", "m", "медиаплана"),
    "events.mediaplanrow": _n(
        "строка медиаплана", "строку медиаплана", "строк медиаплана", "f", "строки медиаплана"
    ),
    "events.newsitem": _n("новость", "новость", "новостей", "f", "новости"),
    "moc_portal.consentrecord": _n(
        "согласие на обработку персональных данных",
        "согласие на обработку персональных данных",
        "согласий на обработку персональных данных",
        "n",
        "согласия на обработку персональных данных",
    ),
    "moc_portal.outgoingmail": _n(
        "исходящее письмо", "исходящее письмо", "исходящих писем", "n", "исходящих письма"
    ),
    "moc_portal.question": _n(
        "вопрос посетителя", "вопрос посетителя", "вопросов посетителей", "m", "вопроса посетителей"
    ),
    "moc_portal.sitesettings": _n("настройки сайта", "настройки сайта", "настроек сайта", "p"),
    "monitoring.entryexception": _n(
        "исключение: ввод после срока",
        "исключение: ввод после срока",
        "исключений: ввод после срока",
        "n",
        "исключения: ввод после срока",
    ),
    "monitoring.indicator": _n("показатель", "показатель", "показателей", "m", "показателя"),
    "monitoring.monitoringsettings": _n(
        "настройки мониторинга", "настройки мониторинга", "настроек мониторинга", "p"
    ),
    "monitoring.monthlyreport": _n(
        "отчёт за месяц", "отчёт за месяц", "отчётов за месяц", "m", "отчёта за месяц"
    ),
    "monitoring.municipalfigure": _n(
        "муниципальный показатель",
        "муниципальный показатель",
        "муниципальных показателей",
        "m",
        "муниципальных показателя",
    ),
    "monitoring.reportingperiod": _n(
        "отчётный период", "отчётный период", "отчётных периодов", "m", "отчётных периода"
    ),
    "monitoring.rmcexport": _n(
        "выгрузка в РМЦ", "выгрузку в РМЦ", "выгрузок в РМЦ", "f", "выгрузки в РМЦ"
    ),
    "monitoring.rmcform": _n("форма РМЦ", "форму РМЦ", "форм РМЦ", "f", "формы РМЦ"),
    "monitoring.submission": _n(
        "отчёт организации", "отчёт организации", "отчётов организаций", "m", "отчёта организаций"
    ),
    "monitoring.target": _n(
        "целевое значение", "целевое значение", "целевых значений", "n", "целевых значения"
    ),
    "monitoring.validationrule": _n(
        "правило проверки", "правило проверки", "правил проверки", "n", "правила проверки"
    ),
    "programs.direction": _n(
        "направленность", "направленность", "направленностей", "f", "направленности"
    ),
    "programs.disabilitytype": _n(
        "вид нарушения (ОВЗ)",
        "вид нарушения (ОВЗ)",
        "видов нарушений (ОВЗ)",
        "m",
        "вида нарушений (ОВЗ)",
    ),
    "programs.importheaderalias": _n(
        "заголовок для импорта",
        "заголовок для импорта",
        "заголовков для импорта",
        "m",
        "заголовка для импорта",
    ),
    "programs.level": _n(
        "уровень программы", "уровень программы", "уровней программ", "m", "уровня программ"
    ),
    "programs.organization": _n("организация", "организацию", "организаций", "f", "организации"),
    "programs.program": _n("программа", "программу", "программ", "f", "программы"),
    "programs.programrevision": _n(
        "правка программы", "правку программы", "правок программ", "f", "правки программы"
    ),
    "programs.relatedwords": _n(
        "связанные слова для поиска", "связанные слова для поиска", "связанных слов для поиска", "p"
    ),
    "programs.scheduleslot": _n(
        "занятие в расписании",
        "занятие в расписании",
        "занятий в расписании",
        "n",
        "занятия в расписании",
    ),
}


def noun_of(opts):
    """The Noun of a model (by its _meta); a model not in the table keeps Django's one form."""
    row = FORMS.get(opts.label_lower)
    plural = str(opts.verbose_name_plural)
    if row is None:
        name = str(opts.verbose_name)
        return Noun(name, name, plural, "m", plural)
    nominative, accusative, genitive_plural, gender, few = row
    return Noun(nominative, accusative, genitive_plural, gender, plural, few)
