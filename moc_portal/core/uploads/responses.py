"""The one way a stored or generated file leaves the portal: `nosniff`, the right type, and
a Content-Disposition built by Django (`content_disposition_header`: RFC 6266, Cyrillic
names as `filename*`), never by hand."""

import os
import posixpath

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from .kinds import kind_of_name


def attachment_response(content, filename, content_type, inline=False):
    """Bytes (or a text) the portal made — an export, a report — as a download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def upload_response(field_file, download_name=None):
    """Serve a stored upload: documents as attachments, images inline, always `nosniff`."""
    kind = kind_of_name(field_file.name)
    # A file of no known kind (stored before the checks, or by hand) is opaque bytes: a type
    # guessed from its name could be text/html or image/svg+xml, which a browser renders.
    content_type = kind.content_type if kind else "application/octet-stream"
    as_attachment = not (kind and kind.inline)
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=as_attachment,
        filename=download_name or posixpath.basename(field_file.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def public_file_response(path):
    """A file of `MEDIA_ROOT/public/` (an image of a public page) as the proxy would serve it;
    Http404 for anything else: a path out of the folder, a missing file, a kind that is not an
    image. Nothing under `private/` is ever reachable from here."""
    from django.conf import settings
    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404
    from django.utils._os import safe_join

    from .policies import PUBLIC_FOLDER

    kind = kind_of_name(path)
    try:
        full = safe_join(settings.MEDIA_ROOT, PUBLIC_FOLDER, path)
    except (SuspiciousFileOperation, ValueError):
        raise Http404("Файл не найден") from None
    if kind is None or not kind.inline or not os.path.isfile(full):
        raise Http404("Файл не найден")
    response = FileResponse(open(full, "rb"), content_type=kind.content_type)  # noqa: SIM115
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Names are generated and a replaced file gets a new one: a stored file never changes.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
