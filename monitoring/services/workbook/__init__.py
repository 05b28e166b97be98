"""The Excel template an organization fills offline, and reading it back.

The template carries a very hidden sheet «_meta» naming the organization, the period, the
format and the report's version when it was downloaded (`template`); reading it back refuses
a file filled for another organization or month, or downloaded before someone else saved
the report, and lists every problem at once (`upload`). `layout` is where things stand.
"""

from .template import build_template
from .upload import (
    MAX_UPLOAD_BYTES,
    ParsedTemplate,
    WorkbookErrors,
    parse_upload,
    stale_template_message,
)

__all__ = [
    "MAX_UPLOAD_BYTES",
    "ParsedTemplate",
    "WorkbookErrors",
    "build_template",
    "parse_upload",
    "stale_template_message",
]
