"""What a refused upload raises: a ValidationError whose `code` says which check failed."""

from django.core.exceptions import ValidationError


class UploadRefused(ValidationError):
    pass


class SpreadsheetRefused(UploadRefused):
    pass


DAMAGED_ARCHIVE = (
    "Файл повреждён или распаковывается в подозрительно большой объём; "
    "сохраните документ заново и загрузите ещё раз."
)
