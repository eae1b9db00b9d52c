"""Spreadsheets in and out, pure: no Qt, no database session.

In: ``read_quote`` reads a vendor quote (CSV or XLSX) into rows and guesses its columns
(``desktop.sheets.quote``); the services apply the item rules and write. Out: ``workbook_bytes``
writes the CFO staff's workbook and ``items_csv_text`` the items as CSV, both from the finance
result so every figure matches the screen and the PDF.

Importing this package is cheap: openpyxl is imported inside the functions that need it.
"""

from desktop.sheets.errors import SpreadsheetError
from desktop.sheets.export_csv import items_csv_text
from desktop.sheets.export_workbook import workbook_bytes
from desktop.sheets.quote import QuoteTable, interpret, read_quote

__all__ = [
    "QuoteTable",
    "SpreadsheetError",
    "interpret",
    "items_csv_text",
    "read_quote",
    "workbook_bytes",
]
