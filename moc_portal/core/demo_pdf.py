"""Small real PDF documents for the demo (an МОЦ's положение, приказ, plan, report), made
locally with fpdf2 and a Cyrillic TrueType font: DejaVu Sans, shipped in `fonts/` (its
licence allows it) so `make run` seeds the demo on a machine without fonts-dejavu-core.

fpdf2 rather than ReportLab: pure Python, three small dependencies (Pillow, fontTools,
defusedxml), and it embeds a subset of a Unicode TTF in a few lines."""

import logging
from pathlib import Path

from .demo import DemoDataError

FONT_DIRS = [
    Path(__file__).resolve().parent / "fonts",
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
]


def _font(name):
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise DemoDataError(
        f"Нет шрифта {name} для PDF демо-данных: установите fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core)."
    )


def make_pdf(title, sections, *, subtitle="", author="МОЦ"):
    """A PDF of A4 pages: `title`, `subtitle`, then `sections` — [(heading, [paragraph, …]), …].
    Returns the bytes."""
    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph at INFO
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("Портал МОЦ, демо-данные")
    pdf.add_font("DejaVu", "", str(_font("DejaVuSans.ttf")))
    pdf.add_font("DejaVu", "B", str(_font("DejaVuSans-Bold.ttf")))
    pdf.set_margins(20, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, title, align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 5, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    for heading, paragraphs in sections:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for paragraph in paragraphs:
            pdf.multi_cell(0, 5, paragraph, align="J", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
