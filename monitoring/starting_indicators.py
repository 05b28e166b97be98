"""The starting set of indicators a МОЦ reports (DOMAIN.md); the admin changes it later.

Each entry: code, name, unit, group, extra fields. `part_of`, `numerator` and
`denominator` name other codes.
"""

ENTERED = "entered"
CATALOGUE = "catalogue"
MUNICIPAL = "municipal"
COMPUTED = "computed"

STARTING_INDICATORS = [
    # Охват (Приказ Минпросвещения № 170 от 15.04.2019)
    (
        "children_population",
        "Число детей 5–18 лет в муниципалитете",
        "чел.",
        "Охват",
        {"source": MUNICIPAL, "is_required": False},
    ),
    (
        "children_total",
        "Число детей, занимающихся по дополнительным программам",
        "чел.",
        "Охват",
        {"by_direction": True, "is_key": True},
    ),
    (
        "coverage_total",
        "Доля охвата детей 5–18 лет дополнительным образованием",
        "%",
        "Охват",
        {
            "source": COMPUTED,
            "aggregation": "ratio",
            "numerator": "children_total",
            "denominator": "children_population",
            "is_key": True,
            "is_required": False,
        },
    ),
    (
        "children_tech_science",
        "Из них в технической и естественнонаучной направленностях",
        "чел.",
        "Охват",
        {"part_of": "children_total", "is_key": True},
    ),
    (
        "children_ovz",
        "Из них дети с ОВЗ",
        "чел.",
        "Охват",
        {"part_of": "children_total", "is_key": True},
    ),
    (
        "children_rural",
        "Из них в сельской местности",
        "чел.",
        "Охват",
        {"part_of": "children_total"},
    ),
    (
        "children_hard_life",
        "Из них в трудной жизненной ситуации",
        "чел.",
        "Охват",
        {"part_of": "children_total"},
    ),
    (
        "children_certificate",
        "Из них с сертификатом ПФДО",
        "чел.",
        "Охват",
        {"part_of": "children_total"},
    ),
    # Программы (из каталога)
    (
        "programs_total",
        "Число программ",
        "шт.",
        "Программы",
        {
            "source": CATALOGUE,
            "catalogue_metric": "programs",
            "by_direction": True,
            "is_required": False,
            "is_key": True,
        },
    ),
    (
        "programs_start",
        "Программы стартового уровня",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "level_start", "is_required": False},
    ),
    (
        "programs_base",
        "Программы базового уровня",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "level_base", "is_required": False},
    ),
    (
        "programs_advanced",
        "Программы продвинутого уровня",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "level_advanced", "is_required": False},
    ),
    (
        "programs_network",
        "Сетевые программы",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "network", "is_required": False},
    ),
    (
        "programs_distance",
        "Программы с дистанционными технологиями",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "distance", "is_required": False},
    ),
    (
        "programs_ovz",
        "Программы, адаптированные для детей с ОВЗ",
        "шт.",
        "Программы",
        {"source": CATALOGUE, "catalogue_metric": "ovz", "is_required": False},
    ),
    # Кадры
    ("teachers_total", "Число педагогов дополнительного образования", "чел.", "Кадры", {}),
    (
        "teachers_trained",
        "Из них прошли повышение квалификации за период",
        "чел.",
        "Кадры",
        {"part_of": "teachers_total"},
    ),
    (
        "group_size_average",
        "Средняя наполняемость группы",
        "чел.",
        "Кадры",
        {"aggregation": "average", "is_required": False},
    ),
    # Мероприятия
    ("events_total", "Число проведённых мероприятий", "шт.", "Мероприятия", {}),
    ("event_participants", "Число участников мероприятий", "чел.", "Мероприятия", {}),
    (
        "winners_municipal",
        "Победители и призёры муниципальных конкурсов",
        "чел.",
        "Мероприятия",
        {"is_required": False},
    ),
    (
        "winners_regional",
        "Победители и призёры региональных конкурсов",
        "чел.",
        "Мероприятия",
        {"is_required": False},
    ),
    (
        "winners_federal",
        "Победители и призёры всероссийских конкурсов",
        "чел.",
        "Мероприятия",
        {"is_required": False},
    ),
    # ПФДО
    ("certificates_issued", "Выдано сертификатов ПФДО", "шт.", "ПФДО", {"is_required": False}),
    (
        "certificates_used",
        "Использовано сертификатов ПФДО",
        "шт.",
        "ПФДО",
        {"is_required": False, "part_of": "certificates_issued"},
    ),
]
