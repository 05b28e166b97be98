"""The columns of the program and organization imports: their headers, aliases and values.

Every column has a key (the model field it fills, or a name the import understands), the
Russian header our own export writes, and the other headers files use for it: the keys of
the open-data export (/programs/export.csv), the usual Russian wordings and, from the
admin, the methodists' ImportHeaderAlias rows (`columns`). Headers and the names of closed
list entries match case- and ё-insensitively, ignoring punctuation and repeated spaces.

Values are parsed to Python values (`values`); a value that cannot be parsed raises
ValueError with a Russian message, which the import reports with its row and column.
"""

from .columns import (
    COLUMNS,
    ORGANIZATION_COLUMNS,
    PROGRAM_COLUMNS,
    Column,
    HeaderMatch,
    columns_for,
    match_headers,
    normalize_key,
    normalize_title,
)
from .values import (
    KnownNames,
    format_schedule,
    parse_age,
    parse_bool,
    parse_choice,
    parse_coordinates,
    parse_count,
    parse_date,
    parse_named_list,
    parse_navigator_id,
    parse_navigator_url,
    parse_optional_latitude,
    parse_optional_longitude,
    parse_payment,
    parse_price,
    parse_schedule,
    parse_study_form,
)

__all__ = [
    "COLUMNS",
    "ORGANIZATION_COLUMNS",
    "PROGRAM_COLUMNS",
    "Column",
    "HeaderMatch",
    "KnownNames",
    "columns_for",
    "format_schedule",
    "match_headers",
    "normalize_key",
    "normalize_title",
    "parse_age",
    "parse_bool",
    "parse_choice",
    "parse_count",
    "parse_date",
    "parse_named_list",
    "parse_coordinates",
    "parse_navigator_id",
    "parse_navigator_url",
    "parse_optional_latitude",
    "parse_optional_longitude",
    "parse_payment",
    "parse_price",
    "parse_schedule",
    "parse_study_form",
]
