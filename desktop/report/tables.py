"""Building tables that never overflow the frame: column widths computed from the frame width,
every cell a Paragraph (so long names wrap), figures right-aligned, the header row repeated on
every page, and year-by-year tables split into chunks of years when the horizon is too long to fit
across the page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop.report.fonts import CONDENSED, CONDENSED_BOLD
from desktop.report.styles import stylesheet, table_style_commands

Cell = Any  # a Paragraph, a string of ready markup, or any flowable
CELL_PADDING = 6.0  # left + right padding of a cell, see table_style_commands


def text_cell(markup: str, *, bold: bool = False) -> Paragraph:
    styles = stylesheet()
    return Paragraph(markup, styles.cell_bold if bold else styles.cell)


def number_cell(text: str, *, bold: bool = False) -> Paragraph:
    styles = stylesheet()
    return Paragraph(text, styles.cell_number_bold if bold else styles.cell_number)


def header_cell(text: str, *, numeric: bool = False) -> Paragraph:
    styles = stylesheet()
    return Paragraph(text, styles.cell_header_number if numeric else styles.cell_header)


def figure_width(texts: Sequence[str], *, bold: bool = True, size: float = 8) -> float:
    """Width of the widest figure in a column, padding included."""
    font = CONDENSED_BOLD if bold else CONDENSED
    widest = max((stringWidth(t, font, size) for t in texts), default=0.0)
    return widest + CELL_PADDING + 2


def make_table(
    rows: list[list[Cell]],
    widths: Sequence[float],
    *,
    total_row: bool = False,
    banded: bool = False,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table whose first row is its header (repeated on every page it spans)."""
    table = Table(
        rows,
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
        splitByRow=1,
        splitInRow=1,
    )
    commands = table_style_commands(total_row=total_row, rows=len(rows), banded=banded)
    table.setStyle(TableStyle(commands + list(extra_style)))
    return table


def proportional_widths(total: float, weights: Sequence[float]) -> list[float]:
    """Split ``total`` points among columns in proportion to ``weights``."""
    scale = total / sum(weights)
    return [w * scale for w in weights]


@dataclass(frozen=True, slots=True)
class YearRow:
    """One row of a year-by-year table: label markup, one figure per year, and a total."""

    label: str
    by_year: Sequence[Decimal]
    total: Decimal | None
    bold: bool = False


def year_tables(
    rows: Sequence[YearRow],
    year_labels: Sequence[str],
    frame_width: float,
    money: Callable[[Decimal], str],
    *,
    total_label: str = "Total",
    has_total_row: bool = False,
    strong_rows: Sequence[int] = (),
    min_label_width: float = 118.0,
) -> list[tuple[Table, str]]:
    """As many tables as it takes to show every year at a readable size, each with
    ``(table, years_note)``; the total column sits in the last chunk only. ``years_note`` is
    empty when everything fits in one table. ``strong_rows`` (indexes into ``rows``) get a
    strong rule above them, to set subtotals apart."""
    formatted = [
        ([money(v) for v in row.by_year], money(row.total) if row.total is not None else "")
        for row in rows
    ]
    all_figures = [f for by_year, total in formatted for f in [*by_year, total]]
    number_width = max(figure_width(all_figures), figure_width(list(year_labels)), 46.0)
    show_total = any(row.total is not None for row in rows)
    per_chunk = max(1, int((frame_width - min_label_width - number_width) // number_width))
    count = len(year_labels)
    chunks = [range(start, min(start + per_chunk, count)) for start in range(0, count, per_chunk)]
    results: list[tuple[Table, str]] = []
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        columns = len(chunk) + (1 if last and show_total else 0)
        label_width = frame_width - columns * number_width
        header = [header_cell("")] + [
            header_cell(year_labels[i], numeric=True) for i in chunk
        ]
        if last and show_total:
            header.append(header_cell(total_label, numeric=True))
        body: list[list[Cell]] = [header]
        for row, (by_year, total) in zip(rows, formatted, strict=True):
            line: list[Cell] = [text_cell(row.label, bold=row.bold)]
            line += [number_cell(by_year[i], bold=row.bold) for i in chunk]
            if last and show_total:
                line.append(number_cell(total, bold=True))
            body.append(line)
        widths = [label_width] + [number_width] * columns
        from desktop.report.styles import PALETTE, color

        extra = [
            ("LINEABOVE", (0, index + 1), (-1, index + 1), 0.8, color(PALETTE.rule_strong))
            for index in strong_rows
        ]
        table = make_table(body, widths, total_row=has_total_row, extra_style=extra)
        note = ""
        if len(chunks) > 1:
            note = f"years {chunk.start + 1}\u2013{chunk.stop} of {count}"
        results.append((table, note))
    return results
