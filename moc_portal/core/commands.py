"""What the export commands share: writing the built file where the person asked."""

from django.core.management.base import CommandError


def write_output(path, content):
    """Write `content` to `path`; a path that cannot be written is a Russian CommandError."""
    try:
        path.write_bytes(content)
    except OSError as error:
        raise CommandError(f"Не удалось записать {path}: {error.strerror}.") from None
