"""CSV read back by the portal (the program import): capped in bytes, rows and columns.

Russian offices send UTF-8 (with or without a BOM) or Windows-1251, with `;` (a Russian
Excel's default), `,` or a tab between cells: the encoding is tried in that order and the
dialect is `csv.Sniffer`'s guess from the first lines (`;` when it cannot tell).
"""

import csv
import io
from dataclasses import dataclass

from .errors import SpreadsheetRefused
from .kinds import human_size

ENCODINGS = ("utf-8-sig", "cp1251")
DELIMITERS = ";,\t"
SNIFF_CHARS = 8 * 1024


@dataclass(frozen=True)
class CsvLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 50_000
    max_columns: int = 200  # further cells of a row are dropped
    # One cell may hold csv's default field limit (128 KB); a longer one is refused as broken.


def read_csv(content, limits=CsvLimits()):
    """The rows of CSV `content` (bytes) as lists of text; SpreadsheetRefused beyond `limits`.

    A generator: rows are read as they are asked for, and the row cap holds while reading.
    """
    if len(content) > limits.max_bytes:
        raise SpreadsheetRefused(
            f"Файл слишком большой: {human_size(len(content))}, "
            f"можно не больше {human_size(limits.max_bytes)}.",
            code="too_large",
        )
    text = _decode(content)
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample.rsplit("\n", 1)[0]  # whole lines only
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(sample))
    try:
        for number, values in enumerate(reader, start=1):
            if number > limits.max_rows:
                raise SpreadsheetRefused(
                    f"В файле больше {limits.max_rows} строк: разделите его на несколько файлов.",
                    code="too_many_row",
                )
            yield values[: limits.max_columns]
    except csv.Error as error:
        raise SpreadsheetRefused(f"Файл CSV не читается: {error}.", code="broken") from None


def _decode(content):
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetRefused(
        "Не удалось прочитать текст файла: сохраните CSV в кодировке UTF-8 или Windows-1251.",
        code="encoding",
    )


def _dialect(sample):
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:

        class Semicolon(csv.excel):
            delimiter = ";"

        return Semicolon
