"""Images: checked by Pillow within a pixel limit, and shrunk before they are stored."""

import posixpath
from io import BytesIO

from .errors import UploadRefused

MAX_IMAGE_PIXELS = 50_000_000


def check_image(file):
    from PIL import Image, UnidentifiedImageError

    refused = UploadRefused(
        "Изображение повреждено или слишком велико по числу точек.", code="bad_image"
    )
    try:
        with Image.open(file) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise refused
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refused from None
    finally:
        file.seek(0)


def shrink_image(file, max_side=1600, quality=85):
    """A smaller copy of an uploaded image (JPEG or PNG) whose longer side is at most
    `max_side` pixels, as a ContentFile with the same name; None when it is small enough.

    Phones send 4000-pixel photos; a news page shows them 800 wide. The copy is re-encoded
    from the pixels, so whatever metadata the original carried (GPS position in EXIF) is
    left behind. Call it after `validate_upload` has accepted the file.
    """
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as image:
        if max(image.size) <= max_side:
            file.seek(0)
            return None
        image_format = image.format
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
        buffer = BytesIO()
        if image_format == "JPEG":
            image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True)
        else:
            image.save(buffer, "PNG", optimize=True)
    file.seek(0)
    return ContentFile(buffer.getvalue(), name=posixpath.basename(file.name))
