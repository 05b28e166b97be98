"""The one vocabulary of a monitoring report's status: a label and a badge for each,
«не начат» included. The dashboard, the XLSX report, the РМЦ file and e-mails all use it.

"Отчёт" is masculine, so every label agrees with it: «Отправлен», «Принят».
"""

from dataclasses import dataclass

from .models import Submission

NOT_STARTED = "not_started"


@dataclass(frozen=True)
class StatusLook:
    code: str
    label: str
    badge: str  # Bootstrap classes of the badge on staff pages


LOOKS = {
    NOT_STARTED: StatusLook(NOT_STARTED, "Не начат", "text-bg-light border"),
    Submission.Status.DRAFT: StatusLook(
        "draft", Submission.Status.DRAFT.label, "text-bg-secondary"
    ),
    Submission.Status.SUBMITTED: StatusLook(
        "submitted", Submission.Status.SUBMITTED.label, "text-bg-info"
    ),
    Submission.Status.ACCEPTED: StatusLook(
        "accepted", Submission.Status.ACCEPTED.label, "text-bg-success"
    ),
    Submission.Status.RETURNED: StatusLook(
        "returned", Submission.Status.RETURNED.label, "text-bg-warning"
    ),
}


def status_look(status):
    """The look of a submission status code; None (no submission) is «Не начат»."""
    return LOOKS.get(status or NOT_STARTED, LOOKS[NOT_STARTED])


def status_label(status):
    return status_look(status).label
