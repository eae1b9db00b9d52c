"""Formula results saved in the exported workbook, as a spreadsheet program saves them.

openpyxl writes each formula with an empty result (``<f>SUM(C6:G6)</f><v />``): Excel and
LibreOffice calculate on opening, but anything that shows the file without calculating it — a
mail attachment's preview, Quick Look, a phone's viewer, pandas — shows every total blank.
``with_saved_results`` fills in each formula's result with the figure the finance result gives
for it, the same figure the screen and the PDF show. The workbook still asks to be calculated on
opening, so a spreadsheet program shows its own results of the same formulas.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from typing import IO

# A formula cell as openpyxl writes it: its place, its other attributes, the formula, no result.
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)')
_TYPE = re.compile(rb'\st="[^"]*"')


def with_saved_results(
    workbook: bytes, results: Mapping[str, Mapping[str, Decimal | int]]
) -> bytes:
    """``workbook`` (an XLSX written by openpyxl) with each formula's result saved beside it.

    ``results`` maps a worksheet's part name (``/xl/worksheets/sheet3.xml``) to its cells'
    results (``"H6"`` → the figure). Every formula in those sheets must have a result and every
    result a formula: a mismatch is a fault in the writer, raised as ``ValueError`` rather than
    saved as a file whose figures may be wrong. Sheets are rewritten a stretch of whole rows at
    a time, so a sheet of 10,000 items over 30 years is never held uncompressed at once."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    output = io.BytesIO()
    with source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            cells = results.get("/" + info.filename)
            if not cells:
                target.writestr(info, source.read(info))
                continue
            with source.open(info) as reading, target.open(info, "w") as writing:
                _fill(reading, writing, cells, info.filename)
    return output.getvalue()


_CHUNK = 1 << 20
_ROW_END = b"</row>"


def _fill(
    reading: IO[bytes], writing: IO[bytes], results: Mapping[str, Decimal | int], part: str
) -> None:
    filled: set[str] = set()

    def saved(match: re.Match[bytes]) -> bytes:
        place = match.group(1).decode("ascii")
        if place not in results:
            raise ValueError(f"{part}: the formula in {place} has no result to save")
        filled.add(place)
        attributes = _TYPE.sub(b"", match.group(2))  # a number: no type attribute
        figure = _number_text(results[place]).encode("ascii")
        return b'<c r="%s"%s><f>%s</f><v>%s</v>' % (
            match.group(1),
            attributes,
            match.group(3),
            figure,
        )

    pending = b""
    while chunk := reading.read(_CHUNK):
        pending += chunk
        cut = pending.rfind(_ROW_END)
        if cut < 0:
            continue  # no whole row yet: a cell is never cut in two
        cut += len(_ROW_END)
        writing.write(_FORMULA_CELL.sub(saved, pending[:cut]))
        pending = pending[cut:]
    writing.write(_FORMULA_CELL.sub(saved, pending))
    missing = sorted(set(results) - filled)
    if missing:
        raise ValueError(f"{part}: no formula in {', '.join(missing[:5])} for its saved result")


def _number_text(figure: Decimal | int) -> str:
    """A figure as the file stores numbers: plain decimal text, never an exponent."""
    if isinstance(figure, int):
        return str(figure)
    if not figure.is_finite():
        raise ValueError(f"{figure} is not a number a workbook can hold")
    return format(figure, "f")
