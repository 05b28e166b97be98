"""The closed lists of the Целевая модель, with the stable codes URLs and exports use.

The data migration seeds them; methodists may rename entries in the admin,
but the codes stay.
"""

from typing import NamedTuple

DIRECTIONS = [
    ("tech", "Техническая", "Робототехника, программирование, конструирование, моделирование."),
    ("science", "Естественнонаучная", "Экология, химия, физика, биология, астрономия."),
    ("art", "Художественная", "Музыка, хореография, изобразительное и театральное искусство."),
    ("sport", "Физкультурно-спортивная", "Спортивные секции, шахматы, ОФП, туризм как спорт."),
    ("tourism", "Туристско-краеведческая", "Походы, краеведение, музейное дело, ориентирование."),
    ("social", "Социально-гуманитарная", "Языки, журналистика, волонтёрство, лидерство, ПДД."),
]


class LevelCode:
    """The levels' codes, fixed by the Целевая модель (monitoring counts programs by them)."""

    START = "start"
    BASE = "base"
    ADVANCED = "advanced"


LEVELS = [
    (LevelCode.START, "Стартовый (ознакомительный)"),
    (LevelCode.BASE, "Базовый"),
    (LevelCode.ADVANCED, "Продвинутый (углублённый)"),
]

DISABILITY_TYPES = [
    ("hearing", "Нарушения слуха"),
    ("deaf", "Глухота"),
    ("vision", "Нарушения зрения"),
    ("blind", "Слепота"),
    ("speech", "Нарушения речи"),
    ("musculoskeletal", "Нарушения опорно-двигательного аппарата"),
    ("zpr", "Задержка психического развития (ЗПР)"),
    ("ras", "Расстройства аутистического спектра (РАС)"),
    ("intellectual", "Интеллектуальные нарушения"),
]


class Payment(NamedTuple):
    code: str  # in URLs and open data
    label: str  # what people read
    field: str  # the Program flag that allows it


# The one table of the ways to pay; the names below are views of it.
PAYMENTS = (
    Payment("free", "Бесплатно", "is_free"),
    Payment("certificate", "По сертификату ПФДО", "accepts_certificate"),
    Payment("paid", "Платно", "is_paid"),
)
PAYMENT_CODES = tuple(payment.code for payment in PAYMENTS)
PAYMENT_LABELS = {payment.code: payment.label for payment in PAYMENTS}
PAYMENT_FIELDS = {payment.code: payment.field for payment in PAYMENTS}
