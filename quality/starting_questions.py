"""The starting set of questions a new campaign gets: the survey part of the federal
methodology, one question per indicator that is measured by asking people.

Texts follow the model questionnaire of Приказ Минтруда России от 30.10.2018 № 675н
(«Методика выявления и обобщения мнения граждан о качестве условий оказания услуг…»),
shortened for a phone; codes and weights are those of the indicators in the Единый порядок
расчёта (Приказ Минтруда России от 31.05.2018 № 344н), as applied to education by Приказ
Минпросвещения России от 13.03.2019 № 114. Methodists may edit all of it per campaign.
"""

from decimal import Decimal

YES = ("Да", True, True)
NO = ("Нет", False, True)
# (text, satisfied, counted)
YES_NO = (YES, NO)
FIVE_POINT = (
    ("5 — отлично", True, True),
    ("4 — хорошо", True, True),
    ("3 — удовлетворительно", False, True),
    ("2 — плохо", False, True),
    ("1 — очень плохо", False, True),
)

# (criterion, code, weight, text, options)
STARTING_QUESTIONS = (
    (
        "openness",
        "openness_stands",
        Decimal("0.20"),
        "Вас устраивает информация об организации на стендах в её помещениях "
        "(расписание, программы, контакты)?",
        (*YES_NO, ("Не видел(а) стендов", False, False)),
    ),
    (
        "openness",
        "openness_site",
        Decimal("0.20"),
        "Вас устраивает информация об организации на её сайте?",
        (*YES_NO, ("Не заходил(а) на сайт", False, False)),
    ),
    (
        "comfort",
        "comfort_conditions",
        Decimal("0.50"),
        "Вас устраивают условия занятий: помещения, чистота, оборудование, питьевая вода, "
        "санитарные комнаты?",
        YES_NO,
    ),
    (
        "accessibility",
        "accessibility_disabled",
        Decimal("0.30"),
        "Если у вас или у ребёнка инвалидность или ОВЗ: вас устраивает доступность занятий "
        "(пандусы, помощь, адаптированные материалы)?",
        (*YES_NO, ("Не относится к нам", False, False)),
    ),
    (
        "courtesy",
        "courtesy_first_contact",
        Decimal("0.40"),
        "Были ли доброжелательны и вежливы сотрудники, с которыми вы говорили впервые "
        "(вахта, администратор, запись)?",
        YES_NO,
    ),
    (
        "courtesy",
        "courtesy_service",
        Decimal("0.40"),
        "Доброжелательны и вежливы ли педагоги, которые занимаются с ребёнком?",
        YES_NO,
    ),
    (
        "courtesy",
        "courtesy_remote",
        Decimal("0.20"),
        "Вежливы ли сотрудники по телефону, в мессенджерах и по электронной почте?",
        (*YES_NO, ("Не обращался(ась) так", False, False)),
    ),
    (
        "satisfaction",
        "satisfaction_recommend",
        Decimal("0.30"),
        "Порекомендовали бы вы организацию родственникам и знакомым?",
        YES_NO,
    ),
    (
        "satisfaction",
        "satisfaction_schedule",
        Decimal("0.20"),
        "Вас устраивают организационные условия: расписание, график работы, навигация в здании?",
        YES_NO,
    ),
    (
        "satisfaction",
        "satisfaction_overall",
        Decimal("0.50"),
        "В целом вы удовлетворены условиями занятий в организации?",
        YES_NO,
    ),
)
