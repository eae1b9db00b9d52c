"""Adding a proposal's items from a vendor quote (CSV or XLSX), all or nothing.

Reading and understanding the file is ``desktop.sheets``' job; this module applies the app's own
item rules to every value (``desktop.services.fields.parse_field``, the same gate the item table
uses), reports every problem with the row and column the director sees in their spreadsheet, and
writes the items in one transaction only when there is none. A dry run checks without writing.

Writing uses one Core bulk insert (not one ORM object per row), so a 10,000-line quote lands in a
fraction of a second; the new items go after the proposal's existing ones.

Values missing from the quote: no quantity column means one unit; a blank category means Other;
no start year means year 1; "Where the figures come from" records the file and row, so the CFO's
staff can trace every imported figure back to its quote line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select

from desktop.finance.inputs import ItemInput, ProposalInput
from desktop.finance.validation import plan_total_kind, validate
from desktop.models import Item, Proposal
from desktop.models.types import utc_now
from desktop.services.bulk import insert_positioned, join_whole_scenarios
from desktop.services.editing import NotFoundError
from desktop.services.fields import FieldError, field_spec, parse_field
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.sheets.columns import (
    IGNORE,
    IMPORT_FIELDS,
    column_letter,
    normalise_header,
)
from desktop.sheets.errors import SpreadsheetError
from desktop.sheets.quote import QuoteTable, SkippedRow, interpret, read_quote
from desktop.sheets.values import ValueProblem, cell_text, is_blank, parse_amount
from desktop.vocabulary import ItemCategory
from desktop.wording import clip, file_text, in_a_list, name_key, quoted

__all__ = [
    "IMPORT_FIELDS",
    "ItemImportReport",
    "RowError",
    "SpreadsheetError",
    "UnusedColumn",
    "check_quote",
    "check_table",
    "field_choices",
    "import_checked",
    "import_items_file",
    "parse_mapping_options",
]

_DEFAULTS: dict[str, Any] = {
    "category": ItemCategory.OTHER,
    "quantity": Decimal(1),
    "unit_cost": Decimal(0),
    "recurring_unit_cost": Decimal(0),
    "lifespan_years": None,
    "start_year": 1,
    "annual_savings": Decimal(0),
    "vendor": "",
    "notes": "",
}
# Blank cells in these columns take the default instead of being refused.
_BLANK_MEANS_DEFAULT = {"category", "start_year"}


@dataclass(frozen=True)
class RowError:
    """One refused value: the row number and column header as the file shows them."""

    row: int
    column: str
    value: str
    reason: str

    def describe(self) -> str:
        shown = clip(self.value, 60)
        if not self.column:
            return f"Row {self.row}: {self.reason}"
        return f"Row {self.row}, column '{self.column}', value '{shown}': {self.reason}"


@dataclass(frozen=True)
class UnusedColumn:
    """A column left out of the import that holds values in item rows, where leaving it out
    may be a slip rather than a choice: it has no header, so nothing could be guessed from it,
    or ``--map`` gave the field it was read as to another column."""

    header: str  # as the import shows it ("Column D" for one with no header)
    rows: int  # item rows with a value in it
    example: str  # the first such value
    read_as: str = ""  # the field it was read as, before --map gave that field away
    moved_to: str = ""  # the column --map gave that field to
    figures: bool = False  # whether every value in it reads as a number or an amount

    @property
    def stops_the_import(self) -> bool:
        """A column of figures with no header is most likely the prices or quantities whose
        header cell was left blank (or merged away): imported without it, every item would
        come in at no cost. Notes typed beside the rows, or a column whose field ``--map``
        gave to another on purpose, only get a word."""
        return self.figures and not self.read_as

    def why(self) -> str:
        if self.read_as:
            label = field_spec("item", self.read_as).label
            return f"was read as {label} until that field went to '{self.moved_to}'"
        return "has no header"


@dataclass
class ItemImportReport:
    """What an import found and did. ``imported_ids`` is empty after a dry run or any error."""

    source_name: str
    sheet_name: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header → field, as used
    row_count: int = 0  # item rows found (imported, or that would be)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    imported_ids: list[int] = field(default_factory=list)
    dry_run: bool = False
    unused: list[UnusedColumn] = field(default_factory=list)  # see ``UnusedColumn``
    values: list[dict[str, Any]] = field(default_factory=list, repr=False)  # checked, per row
    row_numbers: list[int] = field(default_factory=list, repr=False)
    # Rows named as an item the proposal has (row number, name): the same quote imported again
    # with new prices added each item a second time, without the first one's links.
    repeated: list[tuple[int, str]] = field(default_factory=list)
    # Rows with a quantity and no price in any price column (row number, name): imported at
    # $0.00 without a word, where a price written "TBD" is refused.
    unpriced: list[tuple[int, str]] = field(default_factory=list)
    left_out: str = ""  # the hidden rows and columns left out, said (``QuoteTable.left_out``)

    def describe_repeated(self) -> str:
        """One sentence on the rows named as items the proposal has ("" when none)."""
        return _about_rows(
            self.repeated,
            "the name of an item already in the proposal",
            "importing adds it as a new item, counted beside that item in the total, without "
            "its links. To change a price, change it on the item itself.",
            "importing adds them as new items, counted beside those items in the total, "
            "without their links. To change a price, change it on the item itself.",
        )

    def describe_unpriced(self) -> str:
        """One sentence on the rows that give no price ("" when none)."""
        return _about_rows(
            self.unpriced,
            "no price in the quote",
            "it is imported at no cost and adds nothing to the plan until a price is typed on "
            "the Items step.",
            "they are imported at no cost and add nothing to the plan until a price is typed "
            "on the Items step.",
        )

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def stopped_by_unused(self) -> list[UnusedColumn]:
        """The columns left out that stop the import until ``--map`` names them."""
        return [column for column in self.unused if column.stops_the_import]

    def describe_errors(self) -> list[str]:
        return [error.describe() for error in self.errors]


def field_choices() -> list[tuple[str, str]]:
    """(field, label) for every field a quote column can fill, for combo boxes and help."""
    return [(name, field_spec("item", name).label) for name in IMPORT_FIELDS]


def parse_mapping_options(options: Iterable[str]) -> dict[str, str]:
    """``["Unit Price=unit_cost", "SKU=ignore"]`` → ``{"Unit Price": "unit_cost", ...}``.

    Field names or labels are accepted; raises ``SpreadsheetError`` naming the bad option."""
    by_label = {label.lower(): name for name, label in field_choices()}
    mapping: dict[str, str] = {}
    for option in options:
        header, separator, wanted = option.rpartition("=")
        header, wanted = header.strip(), wanted.strip()
        if not separator or not header:
            raise SpreadsheetError(
                f"--map {option!r}: write it as HEADER=FIELD, e.g. 'Qty=quantity'."
            )
        key = wanted.lower().replace(" ", "_").replace("-", "_")
        if key in IMPORT_FIELDS or key == IGNORE:
            field_name = key
        elif wanted.lower() in by_label:
            field_name = by_label[wanted.lower()]
        else:
            allowed = ", ".join((*IMPORT_FIELDS, IGNORE))
            raise SpreadsheetError(
                f"--map {option!r}: {wanted!r} is not a field; use one of: {allowed}."
            )
        if header in mapping and mapping[header] != field_name:
            raise SpreadsheetError(f"--map {option!r}: the column {header!r} is mapped twice.")
        taken = [h for h, name in mapping.items() if name == field_name and field_name != IGNORE]
        if taken and taken[0] != header:
            raise SpreadsheetError(
                f"--map {option!r}: {field_name} already comes from the column {taken[0]!r}; "
                "one column per field."
            )
        mapping[header] = field_name
    return mapping


def _about_rows(rows: list[tuple[int, str]], said: str, one: str, many: str) -> str:
    """ "Row 7 has <said> (“Name”): <one>" or "Rows 7 and 9 have <said> (“A” and “B”): <many>"
    ("12 rows (from row 7) have", three names "and 9 more"); "" for no rows."""
    if not rows:
        return ""
    numbers = [str(number) for number, _name in rows]
    names = [quoted(name, 40) for _number, name in rows[:3]]
    if len(rows) > 3:
        names.append(f"{len(rows) - 3:,} more")
    which = (
        f"Row {numbers[0]} has"
        if len(rows) == 1
        else f"Rows {in_a_list(numbers)} have"
        if len(rows) <= 6
        else f"{len(rows):,} rows (from row {numbers[0]}) have"
    )
    return f"{which} {said} ({in_a_list(names)}): {one if len(rows) == 1 else many}"


def check_table(
    table: QuoteTable,
    fields: Iterable[str | None] | None = None,
    currency: str | None = None,
    decided: Iterable[str] = (),
) -> ItemImportReport:
    """Check every row of a read quote against the item rules; touches no database. With the
    proposal's ``currency``, amounts written in another currency are row problems; ``decided``
    are headers whose field someone chose (besides ``--map``'s, which the table holds)."""
    chosen = list(table.fields if fields is None else fields)
    report = ItemImportReport(
        file_text(table.source_name),
        table.sheet_name,
        {header: name for header, name in zip(table.headers, chosen, strict=True) if name},
        left_out=table.left_out,
    )
    if "name" not in chosen:
        report.errors.append(
            RowError(table.header_row, "", "", "no column holds the item names; choose one for "
                     "Item (on the command line: --map 'HEADER=name')")
        )  # fmt: skip
        return report
    # The headers someone chose a field for, or chose to leave out: --map's and the dialog's.
    said = table.chosen_headers | {normalise_header(header) for header in decided}
    unclear = _unclear_repeats(table, chosen, said)
    if unclear:
        report.errors.append(unclear)
        return report
    rows, report.skipped = interpret(table, chosen, currency)
    report.unused = _unused_columns(table, chosen, said, [row.cells for row in rows])
    # Stored with every item: a name holding bytes that are not text could not be written to
    # the library (the dry run passed, then the import stopped with a traceback).
    where = file_text(table.source_name) + (
        f", sheet {table.sheet_name}" if table.sheet_name else ""
    )
    mapped = [(index, name, table.headers[index]) for index, name in enumerate(chosen) if name]
    prices = [name for name in ("unit_cost", "recurring_unit_cost") if name in chosen]
    price_headers = {header for _index, name, header in mapped if name in prices}
    for row in rows:
        refused = set()
        for problem in row.problems:
            report.errors.append(
                RowError(problem.row, problem.column, problem.value, problem.reason)
            )
            refused.add(problem.column)
        # A price refused ("abc") is a problem of its own, not a price left out.
        # No price column at all is no price for any row ("Description, Qty" came in at $0).
        if not refused & price_headers and all(row.values.get(name, "") == "" for name in prices):
            report.unpriced.append((row.number, str(row.values.get("name", ""))))
        values = dict(_DEFAULTS)
        values["figure_source"] = f"Imported from {where}, row {row.number}"
        for index, name, header in mapped:
            if header in refused:
                continue
            raw = row.values.get(name, "")
            if raw == "" and name in _BLANK_MEANS_DEFAULT:
                continue
            try:
                values[name] = parse_field("item", name, raw)
            except FieldError as error:
                message = error.message
                if isinstance(raw, Decimal):  # say '10.0055', not Decimal('10.0055')
                    message = message.replace(repr(raw), repr(format(raw, "f")))
                shown = cell_text(row.cells[index]) if index < len(row.cells) else ""
                report.errors.append(RowError(row.number, header, shown, message))
        report.values.append(values)
        report.row_numbers.append(row.number)
    report.row_count = len(report.values)
    return report


def import_checked(library: Library, proposal_id: int, report: ItemImportReport) -> list[int]:
    """Write a checked report's rows in one transaction; returns the new item ids in file order.

    Refuses (``ValueError``) a report with errors, so a half-valid quote is never written."""
    if report.errors:
        raise ValueError("A quote with problems cannot be imported; fix the rows first.")
    if not report.values:
        return []
    with library.transaction() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("That proposal no longer exists.")
        last = session.scalar(
            select(func.max(Item.position)).where(Item.proposal_id == proposal_id)
        )
        start = (last or 0) + 1
        rows = [
            {**values, "proposal_id": proposal_id, "position": start + offset}
            for offset, values in enumerate(report.values)
        ]
        # The table-level (Core) insert skips the ORM's per-row bookkeeping: 2–3× faster.
        ids = insert_positioned(session, cast(Table, Item.__table__), proposal_id, rows)
        join_whole_scenarios(session, proposal_id, ids)
        proposal.updated_at = utc_now()
    report.imported_ids = [int(item_id) for item_id in ids]
    return report.imported_ids


def _unused_columns(
    table: QuoteTable,
    chosen: list[str | None],
    said: frozenset[str],
    item_cells: list[tuple[Any, ...]],
) -> list[UnusedColumn]:
    """The columns left out that hold values in item rows and that nobody chose to leave out
    (``said``, normalised headers): those with no header, and those whose field ``--map`` gave
    to another column."""
    unused = []
    for index, header in enumerate(table.headers):
        if chosen[index] is not None or normalise_header(header) in said:
            continue
        guessed = table.guessed[index]
        moved = guessed is not None and guessed in chosen
        if index not in table.unheaded and not moved:
            continue  # a headed column nothing was guessed for ("SKU"): left out as expected
        values = [
            cell_text(cells[index])
            for cells in item_cells
            if index < len(cells) and not is_blank(cells[index])
        ]
        if not values:
            continue
        unused.append(
            UnusedColumn(
                header,
                len(values),
                values[0],
                read_as=guessed if moved and guessed else "",
                moved_to=table.headers[chosen.index(guessed)] if moved else "",
                figures=all(_is_figure(value) for value in values),
            )
        )
    return unused


def _is_figure(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueProblem:
        return False


def _unclear_repeats(
    table: QuoteTable, chosen: list[str | None], said: frozenset[str]
) -> RowError | None:
    """Two columns under one header ("Unit price" twice), both holding values, and one read
    for a field only because it came first: which was meant is unclear, so nothing is read
    until someone says (``said``: in the dialog, or with ``--map``)."""
    for columns in table.repeats:
        labels = [table.headers[c] for c in columns]
        filled = [
            c
            for c in columns
            if any(c < len(cells) and not is_blank(cells[c]) for _n, cells in table.rows)
        ]
        used = [chosen[c] for c in columns if chosen[c]]
        settled = any(normalise_header(label) in said for label in labels) or any(
            chosen[c] != table.guessed[c] for c in columns
        )
        if used and len(filled) > 1 and not settled:
            letters = " and ".join(column_letter(c) for c in columns)
            return RowError(
                table.header_row,
                labels[0],
                "",
                f"{len(labels)} columns ({letters}) have this header, so which one to read is "
                "unclear. Choose the column to read and set the other to be ignored (on the "
                f"command line: --map '{labels[-1]}=ignore'), or rename one in the file",
            )
    return None


def check_quote(
    data: ProposalInput,
    table: QuoteTable,
    fields: Iterable[str | None] | None = None,
    decided: Iterable[str] = (),
) -> ItemImportReport:
    """``check_table`` for the proposal ``data`` the rows would join: amounts in another currency
    than its own are refused, and so are rows it could not be computed with."""
    report = check_table(table, fields, data.currency, decided)
    _check_in_proposal(data, report)
    return report


def _past_plan_total(
    data: ProposalInput, combined: ProposalInput, added: list[ItemInput], report: ItemImportReport
) -> None:
    """Rows each within the yearly limits that together take the plan's totals past what the
    figures can carry: said on the row that costs most, where the quantity or price to check
    most likely is. A proposal already past them is its own problem, shown where it is edited:
    every quote was refused, blamed on its largest row."""
    from desktop.finance.engine import plan_total_issues

    issues = plan_total_issues(combined)
    if issues:
        # Past the cap already for the same reason is the proposal's own problem, shown where
        # it is edited (every quote was refused, blamed on its largest row); a total the rows
        # push past it is theirs, whatever else the proposal has to put right.
        already = {plan_total_kind(issue) for issue in plan_total_issues(data)}
        issues = [issue for issue in issues if plan_total_kind(issue) not in already]
    if not issues:
        return
    largest = max(
        range(len(added)),
        key=lambda n: abs(added[n].quantity * (added[n].unit_cost + added[n].recurring_unit_cost)),
    )
    for issue in issues:
        report.errors.append(
            RowError(
                report.row_numbers[largest],
                "",
                "",
                f"with this quote's rows imported, {issue.message[0].lower()}{issue.message[1:]}",
            )
        )


def _check_in_proposal(data: ProposalInput, report: ItemImportReport) -> None:
    """Add to ``report`` the rows the proposal could not be computed with: a quantity times a
    cost past the engine's yearly limit once the plan's price rises apply. Each value passed
    on its own, so only the proposal shows it; imported, such a row would leave the figures,
    the PDF and the workbook refusing the whole proposal until it was fixed."""
    held = {name_key(item.name).casefold() for item in data.items}
    report.repeated = [
        (number, str(values.get("name", "")))
        for number, values in zip(report.row_numbers, report.values, strict=False)
        if name_key(str(values.get("name", ""))).casefold() in held
    ]
    if report.errors or not report.values:
        return
    # The rows as items after the proposal's own, with keys no stored item has.
    added = [
        ItemInput(key=-1 - offset, **{k: v for k, v in values.items() if k in _ITEM_FIELDS})
        for offset, values in enumerate(report.values)
    ]
    first = len(data.items)
    combined = replace(data, items=(*data.items, *added))
    issues = validate(combined)
    if not issues and not validate(data):
        _past_plan_total(data, combined, added, report)
    for issue in issues:
        match = _ITEM_ISSUE.match(issue.field)
        if match is None or int(match.group(1)) < first:
            continue  # the proposal's own problems are its own, shown where it is edited
        offset = int(match.group(1)) - first
        column = next(
            (header for header, name in report.columns.items() if name == match.group(2)), ""
        )
        value = report.values[offset].get(match.group(2), "")
        shown = format(value, "f") if isinstance(value, Decimal) else str(value)
        report.errors.append(RowError(report.row_numbers[offset], column, shown, issue.message))


_ITEM_FIELDS = frozenset(f.name for f in fields(ItemInput)) - {"key"}
_ITEM_ISSUE = re.compile(r"items\[(\d+)\]\.(\w+)")


def import_items_file(
    library: Library,
    proposal_id: int,
    path: Path | str,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> ItemImportReport:
    """Read, check and (unless ``dry_run``, any row fails or a column of figures has no
    header) import the quote at ``path``.

    Raises ``SpreadsheetError`` when the file itself cannot be read; row problems are returned
    in the report's ``errors``, and columns left out that hold values in its ``unused``. A
    column of figures with no header (``UnusedColumn.stops_the_import``: the prices, most
    likely, whose header cell was left blank) stops the import until ``mapping`` says what it
    holds or to ignore it."""
    data = proposal_input(library, proposal_id)  # NotFoundError before the file is read
    report = check_quote(data, read_quote(path, sheet=sheet, mapping=mapping))
    report.dry_run = dry_run
    if report.errors or report.stopped_by_unused or dry_run:
        return report
    import_checked(library, proposal_id, report)
    return report
