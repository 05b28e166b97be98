"""An organization's monthly figures: the rows to fill, their checks, saving and the review.

Figures are {(indicator code, direction code or None): Decimal}, keyed as in aggregation.
Only *entered* indicators are typed by organizations; the others are counted elsewhere.

Rules kept here, so the form, the Excel upload and any future import agree:
- a number is never negative, has at most two decimal places and fits the database column;
- a part never exceeds its whole (`Indicator.part_of`), and a direction's figure never
  exceeds the total of the same indicator;
- a draft may leave required indicators empty; sending may not;
- figures change only while the period is open and the report is a draft or returned;
- every save names the version it started from: a save based on an older version is refused
  (two people cannot silently overwrite each other).
"""

from .checks import (  # noqa: F401  (the package's API)
    Change,
    big_changes,
    change_limit,
    flag_changes,
    missing_breakdowns,
    number_problem,
    too_big_message,
    unusual_figures,
    validate_figures,
    wholes,
)
from .figures import (  # noqa: F401  (the package's API)
    DECIMAL_PLACES,
    EXPLANATION_LENGTH,
    MAX_PLAIN_DIGITS,
    MAX_VALUE,
    THOUSAND_SPACES,
    ConcurrentEditError,
    EntryGroup,
    EntryRow,
    FigureError,
    InvalidFigures,
    Key,
    SubmissionError,
    format_number,
    key_code,
    moment,
    parse_number,
    person_name,
)
from .ranges import ExpectedRange, OutOfRange, expected_range, history_ranges  # noqa: F401
from .rows import (  # noqa: F401  (the package's API)
    entry_indicators,
    entry_rows,
    find_submission,
    previous_figures,
    stored_explanations,
    stored_figures,
    submission_overview,
)
from .saving import (  # noqa: F401  (the package's API)
    accept,
    entered_on_behalf,
    get_or_create_submission,
    record_correction,
    record_event,
    return_for_revision,
    save_entry,
    save_figures,
    submit,
)
