"""The export to the РМЦ: one XLSX per period, kept in an archive and e-mailed to the РМЦ.

- layout:  our own layout (build_default_export), used while no РМЦ form is active;
- forms:   the РМЦ's XLSX form with {{placeholders}}: validation, filling, preview;
- archive: the RmcExport row per period: export_period, send_export, run_scheduled_export.
"""

from .archive import (
    RmcExportError,
    attachment_name,
    build_export_file,
    export_mail_key,
    export_period,
    period_from_code,
    run_scheduled_export,
    send_export,
)
from .forms import (
    activate_rmc_form,
    fill_rmc_form,
    placeholders_in,
    preview_rmc_form,
    validate_rmc_form,
)
from .layout import build_default_export

__all__ = [
    "RmcExportError",
    "activate_rmc_form",
    "attachment_name",
    "build_default_export",
    "export_mail_key",
    "build_export_file",
    "export_period",
    "fill_rmc_form",
    "period_from_code",
    "placeholders_in",
    "preview_rmc_form",
    "run_scheduled_export",
    "send_export",
    "validate_rmc_form",
]
