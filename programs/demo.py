"""Demo data: a plausible Краснохолмский муниципальный округ generated from a seed.

`build_catalogue()` builds organizations and programs (with levels, ОВЗ types and schedules) in
bulk inserts; the same seed gives the same data. moc_portal.demo puts it together with the
site settings, the staff accounts and the monitoring data.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import ProtectedError, RestrictedError

from .models import Direction, DisabilityType, Level, Organization, Program, ScheduleSlot
from .slugs import slug_from_text
from .vocabulary import DISABILITY_TYPES

DEFAULT_PROGRAMS = 300
DEFAULT_ORGANIZATIONS = 30
BATCH_SIZE = 1000
ALL_DIRECTIONS = "tech science art sport tourism social"
URBAN, RURAL = Organization.Locality.URBAN, Organization.Locality.RURAL
Kind, Department = Organization.Kind, Organization.Department


def _list(text):
    """Word lists are written as "a;b;c" to keep this module short."""
    return text.split(";")


# --- Places and people -------------------------------------------------------------------------


class Settlement(NamedTuple):
    name: str
    prefix: str  # г., с., д.
    stem: str  # Лихачёвск → Лихачёвская школа, Лихачёвский Дом культуры
    postcode: str
    locality: str
    weight: int


SETTLEMENTS = [
    Settlement("Красный Холм", "г.", "Краснохолмск", "171660", URBAN, 40),
    Settlement("Лихачёво", "д.", "Лихачёвск", "171664", RURAL, 5),
    Settlement("Мартыново", "с.", "Мартыновск", "171665", RURAL, 5),
    Settlement("Хабоцкое", "с.", "Хабоцк", "171672", RURAL, 5),
    Settlement("Барбино", "с.", "Барбинск", "171667", RURAL, 4),
    Settlement("Глебены", "с.", "Глебенск", "171663", RURAL, 4),
    Settlement("Высокуша", "с.", "Высокушск", "171671", RURAL, 3),
    Settlement("Прудово", "д.", "Прудовск", "171668", RURAL, 3),
    Settlement("Ульянцево", "д.", "Ульянцевск", "171669", RURAL, 3),
    Settlement("Никольское", "с.", "Никольск", "171673", RURAL, 3),
    Settlement("Нивы", "д.", "Нивск", "171666", RURAL, 2),
    Settlement("Ивановское", "с.", "Ивановск", "171674", RURAL, 2),
    Settlement("Слобода", "с.", "Слободск", "171675", RURAL, 2),
    Settlement("Дымово", "д.", "Дымовск", "171676", RURAL, 2),
]
TOWN_STREETS = _list("Мира;Калинина;Октябрьская;Советская;Ленина;Свободы;Льва Толстого")
VILLAGE_STREETS = _list("Центральная;Школьная;Молодёжная;Садовая;Новая;Полевая;Лесная")

SURNAMES = _list(
    "Смирнов;Иванов;Кузнецов;Соколов;Попов;Лебедев;Козлов;Новиков;Морозов;Петров;Волков;"
    "Соловьёв;Васильев;Зайцев;Павлов;Семёнов;Голубев;Виноградов;Богданов;Воробьёв;Фёдоров;"
    "Михайлов;Беляев;Тарасов;Белов;Комаров;Орлов;Киселёв;Макаров;Андреев"
)
FEMALE_NAMES = _list(
    "Ольга;Елена;Татьяна;Наталья;Ирина;Светлана;Марина;Анна;Юлия;Галина;Людмила;Надежда;"
    "Екатерина;Мария;Валентина"
)
MALE_NAMES = _list("Александр;Сергей;Андрей;Дмитрий;Алексей;Николай;Владимир;Михаил;Иван;Павел")
PATRONYMIC_STEMS = _list(
    "Александров;Сергеев;Николаев;Владимиров;Викторов;Михайлов;Иванов;Петров;Андреев;Юрьев;"
    "Васильев;Анатольев"
)

# --- Organizations -----------------------------------------------------------------------------


class OrganizationTemplate(NamedTuple):
    kind: str
    department: str
    full_name: str  # placeholders: {adj_f} {adj_m} {no} {name} {person}
    short_name: str  # the same, and {initials}
    directions: str
    weight: int
    where: str  # "urban", "rural" or "any"
    ages: tuple
    capacity: int  # how many programs it tends to run, relatively


T = OrganizationTemplate
MBU_DO = "Муниципальное бюджетное учреждение дополнительного образования"
BASE_ORGANIZATION = T(
    Kind.SUPPLEMENTARY,
    Department.EDUCATION,
    "Муниципальное бюджетное образовательное учреждение дополнительного образования "
    "«Краснохолмский Дом детского творчества»",
    "МБОУ ДО «Краснохолмский ДДТ»",
    ALL_DIRECTIONS,
    0,
    "urban",
    (5, 18),
    12,
)
SECONDARY_SCHOOL = T(
    Kind.SCHOOL,
    Department.EDUCATION,
    "Муниципальное бюджетное общеобразовательное учреждение "
    "«{adj_f} средняя общеобразовательная школа{no}»",
    "МБОУ «{adj_f} СОШ{no}»",
    ALL_DIRECTIONS,
    8,
    "any",
    (7, 18),
    3,
)
ORGANIZATION_TEMPLATES = [
    SECONDARY_SCHOOL,
    T(Kind.SCHOOL, Department.EDUCATION,
      "Муниципальное бюджетное общеобразовательное учреждение "
      "«{adj_f} основная общеобразовательная школа{no}»",
      "МБОУ «{adj_f} ООШ{no}»", "science art sport tourism social", 4, "rural", (7, 16), 2),
    T(Kind.SUPPLEMENTARY, Department.EDUCATION,
      MBU_DO + " «Центр детского творчества{no} „{name}“»", "МБУ ДО ЦДТ{no} «{name}»",
      ALL_DIRECTIONS, 2, "urban", (5, 18), 8),
    T(Kind.SUPPLEMENTARY, Department.EDUCATION, MBU_DO + " «{adj_f} станция юных натуралистов{no}»",
      "МБУ ДО «{adj_f} СЮН{no}»", "science tourism", 1, "any", (7, 17), 4),
    T(Kind.SUPPLEMENTARY, Department.EDUCATION, MBU_DO + " «{adj_f} станция юных техников{no}»",
      "МБУ ДО «{adj_f} СЮТ{no}»", "tech", 1, "urban", (7, 17), 4),
    T(Kind.SUPPLEMENTARY, Department.CULTURE, MBU_DO + " «{adj_f} детская школа искусств{no}»",
      "МБУ ДО «{adj_f} ДШИ{no}»", "art", 2, "any", (6, 17), 6),
    T(Kind.SPORT, Department.SPORT,
      "Муниципальное бюджетное учреждение «{adj_f} спортивная школа{no}»", "МБУ «{adj_f} СШ{no}»",
      "sport tourism", 2, "any", (6, 18), 5),
    T(Kind.SPORT, Department.SPORT,
      "Муниципальное бюджетное учреждение «Физкультурно-оздоровительный комплекс{no} „{name}“»",
      "МБУ ФОК{no} «{name}»", "sport", 1, "urban", (5, 18), 3),
    T(Kind.KINDERGARTEN, Department.EDUCATION,
      "Муниципальное бюджетное дошкольное образовательное учреждение "
      "«{adj_m} детский сад{no} „{name}“»",
      "МБДОУ «{adj_m} детский сад{no} „{name}“»", "art sport social science", 4, "any", (5, 7), 1),
    T(Kind.COLLEGE, Department.EDUCATION,
      "Государственное бюджетное профессиональное образовательное учреждение «{adj_m} колледж{no}»",
      "ГБПОУ «{adj_m} колледж{no}»", "tech social sport", 1, "urban", (14, 18), 2),
    T(Kind.CULTURE, Department.CULTURE,
      "Муниципальное бюджетное учреждение культуры «{adj_m} Дом культуры{no}»",
      "МБУК «{adj_m} ДК{no}»", "art tourism social", 4, "any", (5, 18), 3),
    T(Kind.CULTURE, Department.CULTURE,
      "Муниципальное бюджетное учреждение культуры «{adj_f} библиотека{no}»",
      "МБУК «{adj_f} библиотека{no}»", "social tourism", 2, "any", (6, 18), 1),
    T(Kind.CULTURE, Department.CULTURE,
      "Муниципальное бюджетное учреждение культуры «{adj_m} краеведческий музей{no}»",
      "МБУК «{adj_m} музей{no}»", "tourism social art", 1, "urban", (7, 18), 2),
    T(Kind.NONPROFIT, Department.YOUTH,
      "Муниципальное бюджетное учреждение «{adj_m} молодёжный центр{no}»",
      "МБУ «{adj_m} МЦ{no}»", "social tourism tech", 1, "urban", (12, 18), 2),
    T(Kind.NONPROFIT, Department.SOCIAL,
      "Государственное бюджетное учреждение "
      "«{adj_m} социально-реабилитационный центр для несовершеннолетних{no}»",
      "ГБУ «{adj_m} СРЦН{no}»", "social art sport", 1, "urban", (5, 17), 2),
    T(Kind.NONPROFIT, Department.OTHER,
      "Автономная некоммерческая организация «Центр развития детей{no} „{name}“»",
      "АНО ЦРД{no} «{name}»", "tech art social science", 2, "urban", (5, 14), 2),
    T(Kind.NONPROFIT, Department.OTHER,
      "Местная общественная организация «Клуб юных туристов{no} „{name}“»",
      "МОО КЮТ{no} «{name}»", "tourism sport", 1, "any", (8, 18), 2),
    T(Kind.ENTREPRENEUR, Department.OTHER, "Индивидуальный предприниматель {person}{no}",
      "ИП {initials}{no}", "art tech sport social", 2, "urban", (5, 16), 1),
]  # fmt: skip
ORGANIZATION_NAMES = _list(
    "Радуга;Солнышко;Колокольчик;Ромашка;Теремок;Берёзка;Сказка;Родничок;Улыбка;Алые паруса;"
    "Звёздочка;Непоседы;Ладушки;Истоки;Гармония"
)

# --- Programs ----------------------------------------------------------------------------------

DIRECTION_WEIGHTS = {"tech": 17, "science": 12, "art": 26, "sport": 21, "tourism": 9, "social": 15}
TOPICS = {
    "tech": "Робототехника LEGO;Робототехника на Arduino;Основы программирования на Python;"
    "Программирование в Scratch;3D-моделирование и прототипирование;Начальное техническое "
    "моделирование;Авиамоделирование;Судомоделирование;Радиоэлектроника;Компьютерная графика;"
    "Мультипликация;Видеостудия;Цифровая фотография;Беспилотные летательные аппараты;"
    "Юный программист;Легоконструирование;Черчение и инженерная графика;Промышленный дизайн",
    "science": "Юный эколог;Экология родного края;Занимательная химия;Физика в экспериментах;"
    "Юный биолог;Мир растений;Астрономия;Юный исследователь;Лаборатория естествознания;"
    "Зелёная планета;Юные натуралисты;Цветоводство и ландшафтный дизайн;Занимательная "
    "математика;Юный метеоролог;Мир под микроскопом;Агроэкология;Юный географ",
    "art": "Хореография;Народный танец;Современный танец;Бальные танцы;Эстрадный вокал;"
    "Хоровое пение;Игра на гитаре;Фортепиано;Народные инструменты;Изобразительное искусство;"
    "Рисунок и живопись;Декоративно-прикладное творчество;Керамика;Лоскутное шитьё;"
    "Бисероплетение;Театральная студия;Кукольный театр;Художественное слово;Резьба по дереву;"
    "Роспись по дереву;Мастерская игрушки",
    "sport": "Шахматы;Шашки;Футбол;Мини-футбол;Волейбол;Баскетбол;Лыжные гонки;Лёгкая атлетика;"
    "Общая физическая подготовка;Настольный теннис;Самбо;Дзюдо;Каратэ;Спортивная гимнастика;"
    "Плавание;Хоккей;Бадминтон;Городошный спорт;Ритмическая гимнастика",
    "tourism": "Юные краеведы;Школьный музей;Туризм и ориентирование;Спортивный туризм;"
    "Пешеходный туризм;История Краснохолмского края;Юные экскурсоводы;Родословие;"
    "Военно-исторический клуб;Юные туристы-краеведы;Экологический туризм;Музейное дело;"
    "Топография и ориентирование;Летопись родного села;Школа безопасности",
    "social": "Школа юного журналиста;Английский язык;Немецкий язык;Юные инспекторы движения;"
    "Школа волонтёра;Лидер;Психология общения;Финансовая грамотность;Основы "
    "предпринимательства;Подготовка к школе;Юный пожарный;Юнармия;Речевое развитие;"
    "Медиацентр;Дебаты;Школа вожатых;Интеллектуальные игры;Мир профессий",
}
CLUBS = {
    "tech": "Объединение «{}»;Клуб робототехники «{}»;Техностудия «{}»;IT-клуб «{}»;"
    "Лаборатория «{}»",
    "science": "Экологический отряд «{}»;Клуб юных натуралистов «{}»;Научное общество «{}»;"
    "Лаборатория «{}»",
    "art": "Хореографический ансамбль «{}»;Вокальная студия «{}»;Театральная студия «{}»;"
    "Изостудия «{}»;Студия декоративно-прикладного творчества «{}»;Фольклорный ансамбль «{}»;"
    "Образцовый детский коллектив «{}»;Ансамбль народного танца «{}»",
    "sport": "Спортивный клуб «{}»;Шахматный клуб «{}»;Секция «{}»;Клуб единоборств «{}»;"
    "Лыжный клуб «{}»",
    "tourism": "Туристский клуб «{}»;Краеведческий клуб «{}»;Поисковый отряд «{}»;Музей-клуб «{}»",
    "social": "Медиастудия «{}»;Клуб «{}»;Волонтёрский отряд «{}»;Отряд ЮИД «{}»;"
    "Школа лидеров «{}»;Детская газета «{}»",
}
GENERIC_CLUBS = ("Объединение", "Кружок", "Клуб")
CLUB_NAMES = {
    "tech": "Роботрон;Кванторий;Техноград;Пиксель;Байт;Изобретатель;Мастерская идей;Инженер;"
    "Эврика;Кибер;Прорыв;Конструктор;Нейрон;Импульс;Робомир;Технопарк",
    "science": "Росток;Эколята;Родник;Зелёный патруль;Лесовичок;Колосок;Открытие;Почемучки;"
    "Берёзка;Экос;Хранители природы;Исследователи;Юннат;Зелёный дом",
    "art": "Радуга;Калинка;Капель;Звонкие голоса;Маска;Волшебная кисть;Затейники;Сударушка;"
    "Карусель;Вдохновение;Рябинушка;Фантазия;Домисолька;Жемчужинка;Серпантин;Задоринка;"
    "Лукоморье;Акварель;Соловушка",
    "sport": "Олимп;Старт;Чемпион;Белая ладья;Факел;Витязь;Лидер;Вымпел;Сокол;Атлант;Рекорд;"
    "Спартак;Богатырь;Надежда;Ладья",
    "tourism": "Азимут;Компас;Следопыт;Истоки;Наследие;Память;Родные просторы;Странник;"
    "Горизонт;Бежецкий верх;Землепроходцы;Поиск;Тропа;Исток",
    "social": "Пресс-центр;Новое поколение;Доброе сердце;Светофор;Шанс;Ровесник;Импульс;"
    "Диалог;Перспектива;Голос юности;Содружество;Точка роста;Вектор;Позиция",
}
TEXTS = {  # about (continues «Программа …»), goal, tasks, results
    "tech": (
        "знакомит с основами конструирования, программирования и моделирования",
        "развитие интереса к техническому творчеству и инженерного мышления",
        "научить собирать и программировать простые модели;познакомить с основами "
        "алгоритмизации;развить пространственное воображение;научить работать в команде над "
        "проектом",
        "собирают и программируют модели по схеме и по собственному замыслу;понимают принципы "
        "работы механизмов и датчиков;представляют собственный технический проект;участвуют в "
        "соревнованиях по техническому творчеству",
    ),
    "science": (
        "знакомит с природой родного края и основами естественных наук через наблюдения и опыты",
        "формирование экологической культуры и интереса к естественным наукам",
        "научить проводить наблюдения и простые опыты;познакомить с растениями и животными "
        "Тверской области;развить навыки исследовательской работы;воспитать бережное "
        "отношение к природе",
        "ставят простые опыты и описывают их результаты;выполняют и защищают учебное "
        "исследование;различают растения и животных родного края;участвуют в экологических "
        "акциях и конкурсах",
    ),
    "art": (
        "раскрывает творческие способности детей через занятия искусством",
        "развитие художественного вкуса и творческих способностей",
        "освоить основы выбранного вида искусства;развить чувство ритма, цвета и формы;"
        "подготовить концертные номера, спектакли или выставочные работы;воспитать культуру "
        "исполнения",
        "выступают на концертах и праздниках округа;создают самостоятельные творческие работы;"
        "участвуют в фестивалях и конкурсах;владеют основными приёмами выбранного вида искусства",
    ),
    "sport": (
        "укрепляет здоровье детей и знакомит их с выбранным видом спорта",
        "формирование здорового образа жизни и развитие физических качеств",
        "освоить технику выбранного вида спорта;развить силу, выносливость и координацию;"
        "научить правилам соревнований и честной игры;подготовить к сдаче нормативов ГТО",
        "выполняют контрольные нормативы по физической подготовке;участвуют в соревнованиях "
        "муниципального и регионального уровня;соблюдают правила безопасности на занятиях;"
        "умеют играть в команде",
    ),
    "tourism": (
        "знакомит с историей, природой и культурой Краснохолмского края через походы, "
        "экскурсии и работу с архивами",
        "воспитание любви к малой родине через изучение её истории и природы",
        "научить основам туристской техники и ориентирования;познакомить с памятниками "
        "родного края;развить навыки поисковой работы;научить оказывать первую помощь",
        "участвуют в походах и туристских слётах;проводят экскурсии в школьном музее;готовят "
        "исследовательские работы по истории края;ориентируются на местности по карте и компасу",
    ),
    "social": (
        "развивает коммуникативные навыки, лидерские качества и активную гражданскую позицию",
        "социальная адаптация и развитие личностных качеств ребёнка",
        "развить навыки общения и публичного выступления;научить работать в команде;"
        "познакомить с миром профессий;вовлечь в социально значимую деятельность",
        "выступают публично и аргументируют свою позицию;участвуют в волонтёрских проектах;"
        "готовят материалы для школьных и муниципальных СМИ;умеют планировать свою работу",
    ),
}
ROOMS = {
    "tech": "кабинет информатики",
    "science": "кабинет биологии",
    "art": "актовый зал",
    "sport": "спортивный зал",
    "tourism": "школьный музей",
    "social": "библиотека",
}
LEVEL_SETS = [("start",), ("base",), ("advanced",), ("start", "base"), ("base", "advanced")]
LEVEL_SET_WEIGHTS = [30, 30, 8, 22, 10]
STATUSES = [Program.Status.PUBLISHED, Program.Status.DRAFT, Program.Status.ARCHIVED]
STATUS_WEIGHTS = [85, 10, 5]


# --- The operation -----------------------------------------------------------------------------


class DemoDataError(Exception):
    """The demo data cannot be written; the message is for the person at the console."""


def catalogue_has_data():
    return Organization.objects.exists() or Program.objects.exists()


def delete_catalogue():
    try:
        Program.objects.all().delete()
        Organization.objects.all().delete()
    except (ProtectedError, RestrictedError) as error:
        raise DemoDataError(
            "Не удалось удалить организации и программы: на них ссылаются другие данные "
            f"({error.args[0]})"
        ) from error


# --- Building the catalogue --------------------------------------------------------------------


@dataclass
class OrganizationDraft:
    organization: Organization
    template: OrganizationTemplate


@dataclass
class ProgramDraft:
    program: Program
    level_codes: tuple
    disability_codes: list
    slots: list  # [(weekday, starts_at, ends_at)]


def build_catalogue(rng, program_count, organization_count):
    organizations = _create_organizations(rng, organization_count)
    drafts = _draft_programs(rng, program_count, organizations)
    Program.objects.bulk_create([draft.program for draft in drafts], batch_size=BATCH_SIZE)
    _create_program_levels(drafts)
    _create_program_disability_types(drafts)
    _create_schedule_slots(drafts)


def _create_organizations(rng, count):
    drafts = []
    used = {"short": set(), "slug": set(), "kind": set()}
    for index in range(count):
        template, settlement = _pick_organization_kind(rng, index, used["kind"])
        organization = _draft_organization(rng, template, settlement, used)
        drafts.append(OrganizationDraft(organization, template))
    Organization.objects.bulk_create([draft.organization for draft in drafts])
    return drafts


def _pick_organization_kind(rng, index, taken):
    """The МОЦ's base organization first, a rural school second, then a weighted mix.

    A kind already present in the settlement is drawn again a few times before it is
    accepted (as «… СОШ № 2»), so that organizations spread over the villages.
    """
    if index == 0:
        choice = BASE_ORGANIZATION, SETTLEMENTS[0]
    elif index == 1:
        choice = SECONDARY_SCHOOL, rng.choice([s for s in SETTLEMENTS if s.locality == RURAL])
    else:
        for _ in range(5):
            choice = _random_organization_kind(rng)
            if choice not in taken:
                break
    taken.add(choice)
    return choice


def _random_organization_kind(rng):
    weights = [t.weight for t in ORGANIZATION_TEMPLATES]
    template = rng.choices(ORGANIZATION_TEMPLATES, weights)[0]
    places = [s for s in SETTLEMENTS if template.where in ("any", s.locality)]
    return template, rng.choices(places, [s.weight for s in places])[0]


def _draft_organization(rng, template, settlement, used):
    full_name, short_name, person = _organization_names(rng, template, settlement, used["short"])
    slug = _unique_slug(slug_from_text(short_name, max_length=100), used["slug"])
    entrepreneur = template.kind == Kind.ENTREPRENEUR
    return Organization(
        slug=slug,
        full_name=full_name,
        short_name=short_name,
        kind=template.kind,
        department=template.department,
        inn=_inn12(rng) if entrepreneur else _inn10(rng),
        ogrn=_ogrnip(rng) if entrepreneur else _ogrn(rng),
        address=_address(rng, settlement),
        settlement=settlement.name,
        locality=settlement.locality,
        phone=f"+7 (48237) {rng.randint(2, 5)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        email=f"{slug[:60]}@example.org",
        website=f"https://{slug[:60]}.example.org" if rng.random() < 0.5 else "",
        head_name=person if entrepreneur else _person(rng),
        is_active=template is BASE_ORGANIZATION or rng.random() >= 0.07,
    )


def _organization_names(rng, template, settlement, used_short_names):
    """(full name, short name, the entrepreneur's name) with « № 2» added if already taken."""
    person = _person(rng, female_share=0.6)
    last, first, middle = person.split()
    fields = {
        "adj_f": settlement.stem + "ая",
        "adj_m": settlement.stem + "ий",
        "name": rng.choice(ORGANIZATION_NAMES),
        "person": person,
        "initials": f"{last} {first[0]}. {middle[0]}.",
    }
    for number in range(1, 1000):
        fields["no"] = f" № {number}" if number > 1 else ""
        short_name = template.short_name.format(**fields)
        if short_name not in used_short_names:
            used_short_names.add(short_name)
            return template.full_name.format(**fields), short_name, person
    raise DemoDataError("Слишком много организаций одного вида.")


def _address(rng, settlement):
    streets = TOWN_STREETS if settlement.locality == URBAN else VILLAGE_STREETS
    return (
        f"{settlement.postcode}, Тверская область, Краснохолмский муниципальный округ, "
        f"{settlement.prefix} {settlement.name}, ул. {rng.choice(streets)}, "
        f"д. {rng.randint(1, 60)}"
    )


def _person(rng, female_share=0.8):
    if rng.random() < female_share:
        first, surname_ending, patronymic_ending = rng.choice(FEMALE_NAMES), "а", "на"
    else:
        first, surname_ending, patronymic_ending = rng.choice(MALE_NAMES), "", "ич"
    surname = rng.choice(SURNAMES) + surname_ending
    return f"{surname} {first} {rng.choice(PATRONYMIC_STEMS)}{patronymic_ending}"


def _draft_programs(rng, count, organizations):
    by_direction = {
        code: [o for o in organizations if code in o.template.directions] or organizations
        for code in DIRECTION_WEIGHTS
    }
    directions = Direction.objects.in_bulk(field_name="code")
    codes, weights = list(DIRECTION_WEIGHTS), list(DIRECTION_WEIGHTS.values())
    drafts = []
    for index in range(count):
        # The first six cover every direction, so even a tiny demo shows them all.
        code = codes[index] if index < len(codes) else rng.choices(codes, weights)[0]
        candidates = by_direction[code]
        owner = rng.choices(candidates, [o.template.capacity for o in candidates])[0]
        drafts.append(_draft_program(rng, index + 1, directions[code], owner))
    return drafts


def _draft_program(rng, number, direction, owner):
    organization, direction_code = owner.organization, direction.code
    age_min, age_max = _ages(rng, *owner.template.ages)
    level_codes = rng.choices(LEVEL_SETS, LEVEL_SET_WEIGHTS)[0]
    title = _title(rng, direction_code, level_codes, age_min, age_max)
    flags = _flags(rng)
    disability_codes = (
        rng.sample([code for code, _ in DISABILITY_TYPES], rng.randint(1, 3))
        if flags["is_ovz_adapted"]
        else []
    )
    program = Program(
        slug=f"{slug_from_text(title, max_length=100)}-{number}",
        title=title,
        organization=organization,
        direction=direction,
        age_min=age_min,
        age_max=age_max,
        duration_months=rng.choice([3, 9, 9, 9, 18, 27, 36]),
        hours_per_year=rng.choice([36, 72, 72, 108, 144, 216]),
        **flags,
        **_payment(rng),
        **_texts(rng, direction_code, age_min, age_max, flags),
        teachers=", ".join(_person(rng) for _ in range(rng.choice([1, 1, 1, 2]))),
        venue=f"{organization.address}, {ROOMS[direction_code]}" if rng.random() < 0.6 else "",
        **_enrollment(rng),
        navigator_id=str(rng.randint(10000, 999999)) if rng.random() < 0.9 else "",
        status=rng.choices(STATUSES, STATUS_WEIGHTS)[0],
    )
    program.search_text = program.build_search_text(organization)  # bulk_create skips save()
    return ProgramDraft(program, level_codes, disability_codes, _schedule(rng))


def _ages(rng, low, high):
    age_min = rng.randint(low, high - 1)
    return age_min, rng.randint(age_min + 1, min(high, age_min + 8))


def _title(rng, direction_code, level_codes, age_min, age_max):
    """E.g. "Шахматы для начинающих", "Изостудия «Фантазия»", "Кружок «Байт». Мультипликация"."""
    topic = rng.choice(_list(TOPICS[direction_code]))
    name = rng.choice(_list(CLUB_NAMES[direction_code]))
    club = rng.choice(_list(CLUBS[direction_code])).format(name)
    pattern = rng.random()
    if pattern < 0.4:
        return topic + _title_suffix(rng, level_codes, age_min, age_max)
    if pattern < 0.65:
        return club
    if pattern < 0.8:
        return f"{topic} «{name}»"
    return f"{rng.choice(GENERIC_CLUBS)} «{name}». {topic}"


def _title_suffix(rng, level_codes, age_min, age_max):
    suffixes = ["", "", ""]
    if "start" in level_codes:
        suffixes += [" для начинающих", ": первые шаги"]
    if "advanced" in level_codes:
        suffixes += [". Углублённый курс", ": мастерство"]
    if age_max <= 7:
        suffixes.append(" для дошкольников")
    elif age_max <= 11:
        suffixes.append(" для младших школьников")
    if age_min >= 14:
        suffixes.append(" для старшеклассников")
    return rng.choice(suffixes)


def _flags(rng):
    study_form = rng.choices(list(Program.StudyForm), [85, 10, 5])[0]
    return {
        "study_form": study_form,
        "uses_distance_technologies": study_form == Program.StudyForm.DISTANCE
        or rng.random() < 0.1,
        "is_network": rng.random() < 0.08,
        "is_ovz_adapted": rng.random() < 0.12,
    }


def _payment(rng):
    option = rng.choices(["free", "certificate", "free+certificate", "paid"], [62, 15, 11, 12])[0]
    paid = option == "paid"
    return {
        "is_free": "free" in option,
        "accepts_certificate": "certificate" in option or (paid and rng.random() < 0.3),
        "is_paid": paid,
        "price_per_month": Decimal(rng.randrange(500, 3600, 100)) if paid else None,
    }


def _texts(rng, direction_code, age_min, age_max, flags):
    about, goal, tasks, results = TEXTS[direction_code]
    annotation = [f"Программа {about}. Занятия рассчитаны на детей от {age_min} до {age_max} лет."]
    if flags["is_network"]:
        annotation.append("Реализуется в сетевой форме вместе с другими организациями округа.")
    if flags["uses_distance_technologies"]:
        annotation.append("Часть занятий проходит с применением дистанционных технологий.")
    if flags["is_ovz_adapted"]:
        annotation.append("Программа адаптирована для детей с ОВЗ.")
    *first, last = rng.sample(_list(results), 3)
    return {
        "annotation": " ".join(annotation),
        "goals": f"Цель — {goal}. Задачи: {'; '.join(rng.sample(_list(tasks), 3))}.",
        "expected_results": f"По окончании обучения дети {', '.join(first)} и {last}.",
    }


def _enrollment(rng):
    is_open = rng.random() < 0.8
    return {"enrollment_open": is_open, "places_available": rng.randint(1, 20) if is_open else 0}


def _schedule(rng):
    weekdays = sorted(rng.sample(range(1, 7), rng.choices([1, 2, 3], [35, 45, 20])[0]))
    starts_at = time(rng.randint(13, 18), rng.choice([0, 30]))
    minutes = rng.choice([40, 45, 80, 90])
    ends_at = (datetime.combine(date.min, starts_at) + timedelta(minutes=minutes)).time()
    return [(weekday, starts_at, ends_at) for weekday in weekdays]


def _create_program_levels(drafts):
    levels = Level.objects.in_bulk(field_name="code")
    through = Program.levels.through
    rows = [
        through(program_id=draft.program.pk, level_id=levels[code].pk)
        for draft in drafts
        for code in draft.level_codes
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _create_program_disability_types(drafts):
    types = DisabilityType.objects.in_bulk(field_name="code")
    through = Program.disability_types.through
    rows = [
        through(program_id=draft.program.pk, disabilitytype_id=types[code].pk)
        for draft in drafts
        for code in draft.disability_codes
    ]
    through.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _create_schedule_slots(drafts):
    slots = [
        ScheduleSlot(program_id=draft.program.pk, weekday=weekday, starts_at=start, ends_at=end)
        for draft in drafts
        for weekday, start, end in draft.slots
    ]
    ScheduleSlot.objects.bulk_create(slots, batch_size=BATCH_SIZE)


# --- Identifiers -------------------------------------------------------------------------------


def _unique_slug(base, used):
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    used.add(slug)
    return slug


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def _tax_digits(rng, count):
    """Tverskaya oblast (69), a local tax office, then random digits."""
    return [6, 9, 1, 4] + [rng.randrange(10) for _ in range(count - 4)]


def _inn10(rng):
    digits = _tax_digits(rng, 9)
    digits.append(_check_digit(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def _inn12(rng):
    digits = _tax_digits(rng, 10)
    digits.append(_check_digit(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    digits.append(_check_digit(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def _ogrn(rng):
    body = f"1{rng.randint(2, 22):02d}6914{rng.randrange(10**5):05d}"
    return body + str(int(body) % 11 % 10)


def _ogrnip(rng):
    body = f"3{rng.randint(4, 22):02d}69{rng.randrange(10**9):09d}"
    return body + str(int(body) % 13 % 10)
