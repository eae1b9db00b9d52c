"""The one error the spreadsheet readers raise: a file that cannot be read as a spreadsheet.

Its message is written for the director (what is wrong with the file, what to do about it), so the
command line prints it as is and the import dialog shows it in a message box.
"""

from __future__ import annotations


class SpreadsheetError(Exception):
    """The file is not a spreadsheet we can read, is too large, damaged, or lacks a header row."""
