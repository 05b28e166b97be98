"""Russian organization requisites checked as the tax service computes them."""

from django.core.exceptions import ValidationError

# Check-digit weights of the ИНН (приказ ФНС): a legal entity's 10 digits have one check
# digit, a person's (or an ИП's) 12 digits have two.
_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check_digit(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value):
    if not (value.isascii() and value.isdigit()) or len(value) not in (10, 12):
        return False
    if len(value) == 10:
        return _check_digit(value, _INN10_WEIGHTS) == int(value[9])
    return _check_digit(value, _INN12_WEIGHTS_11) == int(value[10]) and _check_digit(
        value, _INN12_WEIGHTS_12
    ) == int(value[11])


def validate_inn(value):
    if value and not is_valid_inn(value):
        raise ValidationError(
            "ИНН — 10 цифр для организации или 12 для индивидуального предпринимателя; "
            "проверьте цифры: контрольное число не сходится.",
            code="invalid_inn",
        )
