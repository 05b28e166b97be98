"""Demo organizations' ИНН and ОГРН: numbers of Тверская область with correct check digits,
so they look and check like real ones (the models only ask for 10/12 and 13/15 digits)."""


def _check_digit(digits, weights):
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def _tax_digits(rng, count):
    """Tverskaya oblast (69), a local tax office, then random digits."""
    return [6, 9, 1, 4] + [rng.randrange(10) for _ in range(count - 4)]


def inn10(rng):
    digits = _tax_digits(rng, 9)
    digits.append(_check_digit(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def inn12(rng):
    digits = _tax_digits(rng, 10)
    digits.append(_check_digit(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    digits.append(_check_digit(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)))
    return "".join(map(str, digits))


def ogrn(rng):
    body = f"1{rng.randint(2, 22):02d}6914{rng.randrange(10**5):05d}"
    return body + str(int(body) % 11 % 10)


def ogrnip(rng):
    body = f"3{rng.randint(4, 22):02d}69{rng.randrange(10**9):09d}"
    return body + str(int(body) % 13 % 10)
