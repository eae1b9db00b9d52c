"""Guards for files that come from outside and for text that goes out into spreadsheets.

Incoming: a quote file is recognised by its bytes, not its name (a ``.csv`` that is really a PNG is
refused), is refused above a size limit, and an ``.xlsx`` (a zip archive) is checked entry by entry
before any XML is parsed, so a "zip bomb" that would inflate to gigabytes is refused up front.
Python's zip reader never inflates an entry past the size its directory declares, so checking the
declared sizes bounds what can ever be decompressed.

Outgoing: text that a spreadsheet program would run as a formula (``=``, ``+``, ``-``, ``@``, tab,
carriage return at the start) is neutralised with a leading apostrophe, as the OWASP guidance on
CSV injection recommends, in both the XLSX and the CSV exports.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Literal

from desktop.sheets.errors import SpreadsheetError

MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_DATA_ROWS = 100_000
MAX_COLUMNS = 200
# Enough for the largest legitimate quote (100,000 rows of text), far below what a bomb inflates to.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
# Real worksheet XML compresses about 10–30×; a few hundred times is a crafted file.
MAX_COMPRESSION_RATIO = 300

FileKind = Literal["xlsx", "csv"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Signatures of files people pick by mistake, so the message can say what the file is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "a database file"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
)
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


# Characters XML 1.0 cannot carry (an .xlsx is XML): C0 controls other than tab and line breaks,
# lone surrogates, and the noncharacters U+FFFE and U+FFFF. Left in, Excel refuses the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML file cannot hold."""
    return _NOT_XML.sub("", text)


def neutralise_text(text: str) -> str:
    """Text as it may safely sit in a spreadsheet cell: never read back as a formula."""
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def as_typed(text: str) -> str:
    """Text read from a spreadsheet as it was before ``neutralise_text``: an items list Buy-In
    exported, imported again, gave "'=Lab cart" for "=Lab cart". Only an apostrophe that
    function would add goes; one before any other text is the text's own. (Text typed with
    an apostrophe before "=", "+", "-" or "@" of its own comes back without it: the two cannot
    be told apart in the file.)"""
    if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def check_size(path: Path) -> int:
    """The file's size; refuses missing, unreadable, empty and oversized files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SpreadsheetError(f"There is no file called {path.name} there.") from None
    except OSError as error:
        raise SpreadsheetError(f"{path.name} cannot be read: {error.strerror}.") from error
    if path.is_dir():
        raise SpreadsheetError(f"{path.name} is a folder, not a spreadsheet.")
    if not path.is_file():  # a device or a pipe ("/dev/zero" was said to be "empty")
        raise SpreadsheetError(f"{path.name} is not a file, so not a spreadsheet.")
    if size == 0:
        raise SpreadsheetError(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{path.name} is {size / 1_048_576:.1f} MB; quote files can be at most "
            f"{MAX_FILE_BYTES // 1_048_576} MB. Split it or remove what is not item lines."
        )
    return size


def file_kind(path: Path, head: bytes) -> FileKind:
    """Decide from the first bytes whether this is a workbook or delimited text."""
    name = path.name
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(_OLD_EXCEL):
        # Excel saves a workbook with a password in the same container as the old format: the
        # container's directory then names the encrypted package.
        if _ENCRYPTED_PACKAGE in path.read_bytes():
            raise SpreadsheetError(
                f"{name} is protected with a password, so its rows cannot be read. Open it in "
                "your spreadsheet program, save a copy without the password, and import that."
            )
        raise SpreadsheetError(
            f"{name} is in the old Excel 97–2003 format (.xls). Open it in your spreadsheet "
            "program and save it as .xlsx or .csv, then import that."
        )
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise SpreadsheetError(f"{name} is {what}, not a spreadsheet (.csv or .xlsx).")
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{") and (b'"buyin-proposal"' in text or b'"format_version"' in text):
        # Read as CSV, each line of it was a "heading with no figures" and the file had "no
        # item rows": said for what it is instead.
        raise SpreadsheetError(
            f"{name} is a Buy-In proposal file (.json), not a spreadsheet: it is imported whole "
            "with File ▸ Import proposal file…, or `buyin import-json`."
        )
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head and not utf16:
        if _utf16_without_mark(path):
            # Text saved as "Unicode text" with no byte-order mark: not binary data, and saved
            # again as UTF-8 it imports.
            raise SpreadsheetError(
                f"{name} looks like text saved as UTF-16 without the mark that says so, which "
                "cannot be read for certain. Save it again from your spreadsheet program as "
                "\u201cCSV UTF-8\u201d (or as .xlsx) and import that."
            )
        raise SpreadsheetError(f"{name} is not a spreadsheet: it holds binary data, not text.")
    return "csv"


def _utf16_without_mark(path: Path) -> bool:
    """Whether the file begins as Western text in UTF-16 (either byte order) would: in its
    first 512 bytes every other byte a zero, and each other byte a printable character of
    Latin-1 ("Désignation" too) or a tab or line break."""
    try:
        with path.open("rb") as handle:
            start = handle.read(512)
    except OSError:
        return False
    pairs = len(start) // 2
    if pairs < 8:
        return False
    text = {9, 10, 13, *range(32, 127), *range(160, 256)}
    for zeros, letters in ((1, 0), (0, 1)):  # little-endian, then big-endian
        if all(start[2 * i + zeros] == 0 for i in range(pairs)) and all(
            start[2 * i + letters] in text for i in range(pairs)
        ):
            return True
    return False


def check_workbook_archive(path: Path) -> None:
    """Refuse damaged archives and archives that would inflate far beyond their size."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            f"{name} is damaged or incomplete (perhaps cut short while copying or downloading). "
            "Save it again from your spreadsheet program and retry."
        ) from None
    except OSError as error:
        raise SpreadsheetError(f"{name} cannot be read: {error.strerror or error}.") from error
    if "mimetype" in names and "[Content_Types].xml" not in names:
        raise SpreadsheetError(
            f"{name} is an OpenDocument file; save it as .xlsx or .csv and import that."
        )
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(f"{name} is a zip archive, not an Excel workbook (.xlsx).")
    if len(entries) > MAX_ZIP_ENTRIES:
        raise SpreadsheetError(f"{name} has {len(entries):,} parts; that is not a normal workbook.")
    unpacked = 0
    for entry in entries:
        unpacked += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if unpacked > MAX_UNPACKED_BYTES or (
            entry.file_size > 10 * 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise SpreadsheetError(
                f"{name} would unpack to far more data than a quote holds "
                f"({entry.filename} alone declares {entry.file_size / 1_048_576:,.0f} MB); "
                "it was not opened, to keep the app safe."
            )
