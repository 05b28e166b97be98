"""The contract between `seed_demo` and each app's `demo` module.

`seed_demo` finds every installed app's `demo` module by itself (no app is named in the
wiring), so a new app adds its demo data by adding `<app>/demo.py` with:

    DEMO_ORDER = 20                      # lower builds first and is deleted last
    def build_demo(*, seed, programs, organizations, **options): ...
    def delete_demo(): ...
    def has_demo_data(): ...             # optional: True when the app already holds data
"""


class DemoDataError(Exception):
    """The demo data cannot be written; the message is for the person at the console."""


# Soft colours of the six направленности and a few more, for demo pictures.
DEMO_PALETTE = (
    (52, 120, 190),
    (230, 126, 34),
    (39, 174, 96),
    (142, 68, 173),
    (192, 57, 43),
    (22, 160, 133),
    (241, 196, 15),
    (44, 62, 80),
)


def demo_picture(number, name, size=(960, 640)):
    """A small real picture for demo data, drawn locally with Pillow (nothing is downloaded):
    a gradient with a few shapes, different for each `number`. JPEG or PNG by `name`."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    width, height = size
    base = DEMO_PALETTE[number % len(DEMO_PALETTE)]
    accent = DEMO_PALETTE[(number * 3 + 1) % len(DEMO_PALETTE)]
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    for row in range(0, height, 8):  # a vertical gradient towards white
        share = row / height / 2
        colour = tuple(int(c + (255 - c) * share) for c in base)
        draw.rectangle((0, row, width, row + 8), fill=colour)
    for shape in range(3 + number % 4):
        radius = height // (4 + shape)
        x = (number * 97 + shape * 211) % width
        y = (number * 53 + shape * 137) % height
        box = (x - radius, y - radius, x + radius, y + radius)
        if shape % 2:
            draw.ellipse(box, fill=accent, outline=(255, 255, 255), width=6)
        else:
            draw.rounded_rectangle(box, radius // 3, fill=(255, 255, 255), outline=accent, width=6)
    buffer = BytesIO()
    if name.lower().endswith(".png"):
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=name)
