"""Points on the map: reading coordinates people type, the distance between two points in SQL
(on PostgreSQL and SQLite alike, so a list can be ordered and paged by it), and the distance
in words («1,2 км»).
"""

import math
import re
from decimal import Decimal, InvalidOperation

from django.db.models import Case, F, FloatField, Value, When
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.db.models.lookups import GreaterThan

from .text import number_ru

EARTH_RADIUS_KM = 6371.0088
_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_POINT = re.compile(rf"^\s*({_NUMBER})\s*[,;\s]\s*({_NUMBER})\s*$", re.ASCII)


def parse_coordinate(text, *, limit):
    """«58,0524» or «58.0524» -> Decimal('58.052400'), within ±limit; ValueError otherwise."""
    text = str(text).strip().replace(",", ".")
    if (
        not text.isascii()
    ):  # Decimal reads «٥٨» and full-width digits too; a typist never means them
        raise ValueError(f"«{text[:40]}» — это не число.")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"«{text[:40]}» — это не число.") from None
    if not value.is_finite() or abs(value) > limit:
        raise ValueError(f"«{text[:40]}» — координата должна быть от −{limit} до {limit}.")
    return value.quantize(Decimal("0.000001"))


def parse_latitude(text):
    return parse_coordinate(text, limit=90)


def parse_longitude(text):
    return parse_coordinate(text, limit=180)


def parse_point(text):
    """«58.05,37.11», «58,05; 37,11» or «58.05 37.11» -> (latitude, longitude) Decimals.

    With decimal commas the pair needs a semicolon or a space between the numbers."""
    text = str(text or "").strip()
    if text.count(",") == 3 and ";" not in text:  # «58,05, 37,11»
        text = text.replace(", ", ";")
    match = _POINT.match(text)
    if not match:
        raise ValueError(f"«{text[:40]}» — это не координаты (широта, долгота).")
    return parse_latitude(match.group(1)), parse_longitude(match.group(2))


def distance_km(latitude_field, longitude_field, point):
    """A query expression: kilometres from the row's point to `point` (haversine).

    Django's math functions run on SQLite too (it registers them), so the same ordering and
    paging work on both backends. A row without coordinates gives NULL."""
    latitude, longitude = (float(value) for value in point)
    row_lat = Radians(Cast(F(latitude_field), FloatField()))
    row_lon = Radians(Cast(F(longitude_field), FloatField()))
    lat = Value(math.radians(latitude), output_field=FloatField())
    lon = Value(math.radians(longitude), output_field=FloatField())
    half_dlat = Sin((row_lat - lat) / 2)
    half_dlon = Sin((row_lon - lon) / 2)
    a = Power(half_dlat, 2) + Cos(row_lat) * Value(math.cos(math.radians(latitude))) * Power(
        half_dlon, 2
    )
    # Rounding can push `a` a hair above 1 for antipodes, where ASin would fail. Not Least():
    # PostgreSQL's LEAST skips NULLs, so a row without coordinates became 20,015 km.
    one = Value(1.0, output_field=FloatField())
    a = Case(When(GreaterThan(a, one), then=one), default=a, output_field=FloatField())
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(a))


def km_ru(value):
    """8.0 -> «8 км», 1.23 -> «1,2 км», 0.35 -> «350 м»."""
    if value is None:
        return ""
    if value < 1:
        return f"{max(10, round(value * 100) * 10)} м"
    places = 0 if value >= 10 else 1
    return f"{number_ru(value, places, trim=True)} км"
