"""What the columns of a quote mean: finding the header row and guessing each column's field.

Vendors name their columns in many ways ("Qty", "Unit Price (USD)", "Annual subscription",
"Refresh cycle (yrs)"). Each header is matched against phrases for the item fields; the most
specific field wins ("Annual savings" is savings, not a recurring cost; "Extended total" is left
out, because a line total is quantity × price, not a price). When two columns claim one field the
stronger match keeps it ("Item name" beats "Description" beats "Item").

The header row is the row, among the first rows of the sheet, whose cells match the most fields;
title lines such as "Quote #4471 — valid 30 days" above it are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.sheets.errors import SpreadsheetError
from desktop.sheets.reading import Row

# The item fields a quote column can fill, in the order the import dialog lists them.
IMPORT_FIELDS: tuple[str, ...] = (
    "name",
    "category",
    "quantity",
    "unit_cost",
    "recurring_unit_cost",
    "lifespan_years",
    "start_year",
    "annual_savings",
    "vendor",
    "notes",
    "figure_source",
)
IGNORE = "ignore"

# (phrase, field, strength). A phrase matches whole words of the header. The first matching
# field in this order wins, so "annual cost" is a recurring cost before it is a cost.
_PHRASES: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = (
    ("annual_savings", (("annual savings", 3), ("savings", 2), ("saving", 2))),
    ("recurring_unit_cost", (
        ("recurring cost", 3), ("annual cost", 3), ("cost per year", 3), ("recurring", 2),
        ("annual", 2), ("subscription", 2), ("per year", 2), ("yearly", 2), ("per yr", 2),
        ("yr", 1), ("renewal", 2), ("annually", 2), ("per annum", 2),
        ("cout annuel", 3), ("annuel", 2), ("abonnement", 2),
    )),
    ("lifespan_years", (
        ("useful life", 3), ("refresh cycle", 3), ("replacement cycle", 3), ("lifespan", 3),
        ("life span", 3), ("refresh", 2), ("life", 2), ("replace every", 2), ("years", 1),
    )),
    ("start_year", (("start year", 3), ("first year", 3), ("plan year", 2), ("start", 1))),
    ("quantity", (
        ("quantity", 3), ("qty", 3), ("quant", 2), ("count", 2), ("units", 1),
        ("number of", 1), ("no of", 1), ("seats", 1), ("licences", 1), ("licenses", 1),
        ("quantite", 3), ("qte", 3),
    )),
    ("unit_cost", (
        ("unit price", 3), ("unit cost", 3), ("price each", 3), ("cost each", 3),
        ("price per unit", 3), ("cost per unit", 3), ("one time cost", 3), ("each", 2),
        ("price", 2), ("cost", 2), ("msrp", 2), ("one time", 2), ("rate", 1),
        ("prix unitaire", 3), ("prix", 2), ("cout", 2),
    )),
    ("category", (
        ("category", 3), ("categorie", 3), ("type", 2), ("kind", 2), ("class", 1), ("group", 1),
    )),
    ("vendor", (
        ("vendor", 3), ("supplier", 3), ("manufacturer", 2), ("brand", 2), ("reseller", 2),
        ("distributor", 2), ("make", 1), ("fournisseur", 3),
    )),
    ("notes", (("notes", 3), ("note", 3), ("comments", 3), ("comment", 3), ("remarks", 3),
               ("details", 1))),
    ("figure_source", (
        ("figure source", 3), ("figures come from", 3), ("source", 2), ("quote reference", 2),
    )),
    ("name", (
        ("item name", 4), ("product name", 4), ("name", 3), ("description", 2),
        ("item", 1), ("product", 1), ("equipment", 1), ("service", 1), ("line item", 2),
        ("designation", 2), ("libelle", 2), ("article", 1),
    )),
)  # fmt: skip

# A line total is not a price; a part number is not a name.
_TOTALS = {"total", "extended", "ext", "subtotal", "sum", "amount due", "line total"}
_NOT_NAMES = {"sku", "part", "number", "no", "code", "id", "#", "model no", "mpn"}

_HEADER_SEARCH_ROWS = 30


def normalise_header(text: Any) -> str:
    """``" Unit  Price (USD) "`` → ``"unit price usd"``; ``"Quantité"`` → ``"quantite"``."""
    raw = "" if text is None else str(text)
    # Accents folded, so a European reseller's "Coût annuel" matches "cout annuel".
    raw = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z#]+", " ", raw.lower().replace("-", " ")).split())


def guess_field(header: Any) -> tuple[str | None, int]:
    """The field a header most likely names, with the match strength (0: none)."""
    key = normalise_header(header)
    if not key or not any(character.isalpha() for character in key):
        return None, 0
    padded = f" {key} "
    if any(f" {word} " in padded for word in _TOTALS):
        return None, 0
    for field, phrases in _PHRASES:
        for phrase, strength in phrases:
            if f" {phrase} " in padded:
                if field == "name" and any(f" {word} " in padded for word in _NOT_NAMES):
                    break
                return field, strength
    return None, 0


def guess_columns(headers: Sequence[Any]) -> list[str | None]:
    """One field (or ``None``) per column; each field goes to at most one column."""
    guesses = [guess_field(header) for header in headers]
    best: dict[str, int] = {}
    for index, (field, strength) in enumerate(guesses):
        if field is None:
            continue
        holder = best.get(field)
        if holder is None or strength > guesses[holder][1]:
            best[field] = index
    chosen = {index: field for field, index in best.items()}
    return [chosen.get(index) for index in range(len(headers))]


def find_header_row(rows: Sequence[Row], overrides: Mapping[str, str] | None = None) -> int | None:
    """Index (into ``rows``) of the header row, or ``None`` when no row looks like one."""
    override_keys = {normalise_header(header) for header in overrides or {}}
    best_index, best_score = None, 0
    for index, (_number, cells) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        texts = [cell for cell in cells if isinstance(cell, str) and cell.strip()]
        fields = {field for field in guess_columns(texts) if field is not None}
        score = len(fields) + sum(normalise_header(text) in override_keys for text in texts)
        # The first row with the most recognised headers; even one is enough, so that a quote
        # with odd headers still opens and its columns can be assigned by hand.
        if score > best_score:
            best_index, best_score = index, score
    return best_index


def _header_text(cell: Any) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""


def header_labels(cells: Sequence[Any]) -> list[str]:
    """Each column's header as shown to the user; blank headers become "Column C", and a
    header written twice is told apart by its column the second time ("Unit price (column D)"),
    so each can be chosen by name."""
    labels: list[str] = []
    for index, cell in enumerate(cells):
        label = _header_text(cell) or f"Column {column_letter(index)}"
        if label in labels:
            label = f"{label} (column {column_letter(index)})"
        labels.append(label)
    return labels


def repeated_columns(cells: Sequence[Any]) -> tuple[tuple[int, ...], ...]:
    """For each header written more than once in the header row ``cells``, the indexes of its
    columns, left to right (blank headers are not repeats: each has a column of its own)."""
    groups: dict[str, list[int]] = {}
    for index, cell in enumerate(cells):
        text = _header_text(cell)
        if text:
            groups.setdefault(text, []).append(index)
    return tuple(tuple(columns) for columns in groups.values() if len(columns) > 1)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (the spreadsheet's own column names)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def apply_overrides(
    headers: Sequence[str], guessed: Sequence[str | None], overrides: Mapping[str, str]
) -> list[str | None]:
    """The guessed fields with the user's ``HEADER=FIELD`` choices applied.

    A field chosen for one column is taken away from any other column that had it. Raises
    ``SpreadsheetError`` naming the header when no column has that header.
    """
    fields = list(guessed)
    keys = [normalise_header(header) for header in headers]
    for header, field in overrides.items():
        wanted = normalise_header(header)
        matches = [index for index, key in enumerate(keys) if key == wanted]
        if not matches:
            shown = ", ".join(repr(text) for text in headers)
            raise SpreadsheetError(f"No column is headed {header!r}; the columns are: {shown}.")
        value = None if field == IGNORE else field
        if value is not None:
            fields = [None if existing == value else existing for existing in fields]
        for index in matches:
            fields[index] = value
    return fields
