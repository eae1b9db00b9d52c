"""Shareable proposal files (``.buyin``): one proposal, sent to a colleague, opened in their app.

A ``.buyin`` file is a small Buy-In library holding exactly one proposal with its links, funding,
scenarios and logo: the same SQLite format as the main library, so it is checked, migrated and
read by the same code, and a newer app refuses an older file no more than it refuses an old
library. It is built in a private temporary folder through the proposal document format (so the
copy is exact and gets fresh ids), switched out of WAL mode so the one file is self-contained,
and written to its destination atomically.

Importing never touches the file it is given: it is inspected read-only, then copied into a
private temporary folder, and only that copy is opened (and migrated, if it is older). The
proposal arrives under a new name when its name is taken: an import never overwrites anything.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from desktop.models import Proposal
from desktop.services.backups import PROPOSAL_FILE_SUFFIX, copy_database
from desktop.services.fields import FieldError, parse_field
from desktop.services.files import write_atomically
from desktop.services.library import (
    RESTORE_ADVICE,
    Library,
    LibraryError,
    inspect_library_file,
    open_library,
)
from desktop.services.library_file import (
    NotThisLibrary,
    has_sqlite_header,
    library_revision,
    read_only_uri,
)
from desktop.services.proposal_format import (
    ProposalFileError,
    bulleted,
    checked_and_parsed,
    described,
    export_document,
    import_document,
    import_read_document,
    read_document,
    uncomputable_problems,
    write_parsed,
)
from desktop.services.snapshot import UNREADABLE, DamagedProposalError
from desktop.wording import file_text

FILE_SUFFIX = PROPOSAL_FILE_SUFFIX
MAX_PROPOSAL_FILE_BYTES = 200 * 1024 * 1024


class ProposalFileRefused(Exception):
    """A proposal file cannot be written or read; the message says why, for the user (with any
    bytes of a file name that are not text shown as such, see ``file_text``)."""

    def __init__(self, message: str) -> None:
        super().__init__(file_text(message))


def checked_document(
    library: Library, proposal_id: int, doing: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The proposal as a proposal file holds it, and its values parsed (``checked_and_parsed``),
    refused (``ProposalFileRefused``, saying what to fix) when the file would be refused where
    it is opened: it holds a value the format cannot carry (saved before the editor refused
    it, or changed outside Buy-In), or its figures cannot be worked out (each value passes,
    the whole does not). ``doing`` says what the director asked for: "shared", "saved as a
    proposal file"."""
    document = export_document(library, proposal_id)
    name = document["proposal"]["name"]
    try:
        parsed = checked_and_parsed(document)
    except ProposalFileError as error:
        raise ProposalFileRefused(
            _not_yet(name, doing, "it holds a value a proposal file cannot carry", error.problems)
        ) from None
    with library.reading() as session:
        problems = uncomputable_problems(session, proposal_id)
    if problems:
        described_problems = [described(problem, document) for problem in problems]
        raise ProposalFileRefused(
            _not_yet(name, doing, "its figures cannot be worked out", described_problems)
        )
    return document, parsed


def json_document(library: Library, proposal_id: int) -> dict[str, Any]:
    """The proposal as a ``.json`` proposal file holds it (see ``checked_document``)."""
    return checked_document(library, proposal_id, "saved as a proposal file")[0]


def _not_yet(name: str, doing: str, why: str, problems: list[str]) -> str:
    return (
        f"{name} cannot be {doing} yet: {why}, so the file would be refused where it is "
        "opened. Fix this first:\n" + bulleted(problems)
    )


def export_proposal_file(library: Library, proposal_id: int, path: Path | str) -> None:
    """Write the proposal as a ``.buyin`` file at ``path`` (replacing it in one step)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ProposalFileRefused(f"The folder {path.parent} does not exist.")
    document, parsed = checked_document(library, proposal_id, "shared")
    with tempfile.TemporaryDirectory(prefix="buyin-share-") as folder:
        staging = Path(folder) / f"proposal{FILE_SUFFIX}"
        portable = open_library(staging)
        try:
            # Checked already as the colleague's import will check it (``checked_document``):
            # neither the document nor the figures are checked a second time here.
            write_parsed(portable, document, parsed)
        finally:
            portable.close()
        _make_self_contained(staging)
        data = staging.read_bytes()
    # A shared proposal is itself a small database: sharing it again under the same name
    # replaces the earlier file. Any other database (a library, whatever its name) is kept: a
    # library saved as "district.buyin" was replaced by the one proposal shared over it.
    write_atomically(path, data, may_replace_database=_holds_a_shared_proposal(path))


def _holds_a_shared_proposal(path: Path) -> bool:
    """Whether ``path`` is a shared proposal file, which sharing again may replace: one
    proposal, written out of write-ahead-log mode as only sharing writes it (a library keeps
    its log mode). Anything else, or nothing, is not."""
    return path.suffix.lower() == FILE_SUFFIX and is_shared_proposal_content(path)


def is_shared_proposal_content(path: Path) -> bool:
    """Whether the file at ``path``, whatever its name, is what sharing writes: one proposal,
    out of write-ahead-log mode (a library and its backups keep their log mode)."""
    target = Path(os.path.realpath(path))
    if not target.is_file():
        return False
    try:
        with target.open("rb") as handle:
            header = handle.read(100)
        if not has_sqlite_header(header) or header[18] != 1:  # 2: write-ahead log, a library
            return False
        connection = sqlite3.connect(read_only_uri(target), uri=True)
        try:
            library_revision(connection)
            (count,) = connection.execute("SELECT count(*) FROM proposal").fetchone()
        finally:
            connection.close()
    except (OSError, sqlite3.Error, NotThisLibrary):
        return False
    return bool(count == 1)


def _make_self_contained(path: Path) -> None:
    """Fold the write-ahead log into the file and leave rollback-journal mode, so the single file
    holds everything (a WAL database copied without its ``-wal`` file can lose data)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()


def read_proposal_file(path: Path | str) -> dict[str, Any]:
    """The proposal document inside a ``.buyin`` file, without modifying the file."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ProposalFileRefused(f"There is no file called {name} there.") from None
    except OSError as error:
        raise ProposalFileRefused(f"{name} cannot be read: {error.strerror}.") from error
    if not path.is_file():  # a folder, a device, a pipe (which would never end)
        raise ProposalFileRefused(f"{name} is not a file.")
    if size > MAX_PROPOSAL_FILE_BYTES:
        raise ProposalFileRefused(f"{name} is larger than a shared proposal can be (200 MB).")
    try:
        inspect_library_file(path)
    except LibraryError as error:
        raise ProposalFileRefused(_as_proposal_file(str(error), path)) from error
    with tempfile.TemporaryDirectory(prefix="buyin-open-") as folder:
        copy = Path(folder) / f"incoming{FILE_SUFFIX}"
        _copy_database(path, copy)
        try:
            portable = open_library(copy, create=False)
        except LibraryError as error:
            message = str(error).replace(str(copy), name)
            raise ProposalFileRefused(_as_proposal_file(message, path)) from error
        try:
            with portable.reading() as session:
                ids = list(session.scalars(select(Proposal.id).order_by(Proposal.id)))
            if len(ids) != 1:
                what = "no proposal" if not ids else f"{len(ids)} proposals"
                raise ProposalFileRefused(
                    f"{name} holds {what}; a shared proposal file holds exactly one. "
                    "(To move a whole library, use a backup instead.)"
                )
            return export_document(portable, ids[0])
        except (
            *UNREADABLE, sqlite3.Error, SQLAlchemyError, DamagedProposalError,
        ) as error:  # fmt: skip
            # Written by something other than Buy-In (or altered since): a value of the wrong
            # kind, a link to a row that is not there, a table missing. Refused whole, like a
            # bad .json file; the library it was to join is not involved.
            raise ProposalFileRefused(
                f"{name} holds values Buy-In cannot read (a figure that is not a number, an "
                "unknown category, a link to something missing): it was changed outside "
                "Buy-In or is damaged. Nothing was imported."
            ) from error
        finally:
            portable.close()


def _copy_database(source: Path, target: Path) -> None:
    """Copy through SQLite's backup API over a read-only connection: a file someone still has
    open in WAL mode keeps recent changes in its ``-wal`` file, which a byte copy would miss."""
    try:
        copy_database(source, target)
        return
    except sqlite3.Error:
        target.unlink(missing_ok=True)  # e.g. a read-only folder: a plain copy is what is left
    try:
        shutil.copyfile(source, target)
    except OSError as error:
        raise ProposalFileRefused(f"{source.name} cannot be read: {error.strerror}.") from error


def import_proposal_file(library: Library, path: Path | str) -> int:
    """Import the proposal in a ``.buyin`` file; returns its new id in ``library``."""
    path = Path(path)
    return import_shared_document(library, read_proposal_file(path), path)


def import_any_proposal_file(library: Library, path: Path) -> tuple[int, str]:
    """Import a shared ``.buyin`` file or a proposal JSON file: the new proposal's id and the
    name the file gives it (the library may have given it another, "… (2)", beside a proposal
    of that name)."""
    if _holds_a_library(path, path.suffix.lower() == FILE_SUFFIX):
        document = read_proposal_file(path)
        proposal_id = import_shared_document(library, document, path)
    else:
        document = read_document(path)
        proposal_id = import_read_document(library, document, path)
    return proposal_id, name_as_stored(document)


def _holds_a_library(path: Path, named_so: bool) -> bool:
    """Whether the file at ``path`` is read as a shared ``.buyin`` (a database) or as proposal
    JSON: by what it holds when that is plain, else by its name. A JSON file saved under a
    ``.buyin`` name (or a ``.buyin`` renamed ``.json``) was refused as "not a SQLite database"
    though it was a proposal Buy-In reads."""
    try:
        with path.open("rb") as stream:
            start = stream.read(100)
    except OSError:
        return named_so  # the reader that follows says why it cannot be read
    if has_sqlite_header(start):
        return True
    if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return False
    return named_so


def name_as_stored(document: dict[str, Any]) -> str:
    """The proposal's name in ``document`` as the library keeps it (spaces trimmed, tabs made
    spaces): compared with the name it was given, a difference means the library had it."""
    raw = str(document["proposal"]["name"])
    try:
        return str(parse_field("proposal", "name", raw))
    except FieldError:
        return raw


def import_shared_document(library: Library, document: dict[str, Any], path: Path) -> int:
    """``import_proposal_file`` once the ``.buyin`` file at ``path`` has been read into
    ``document`` (``read_proposal_file``)."""
    try:
        return import_document(library, document, computable=True)
    except ProposalFileError as error:
        raise ProposalFileRefused(
            f"{path.name} was not imported:\n" + bulleted(error.problems, stopped=error.stopped)
        ) from error


def _as_proposal_file(message: str, path: Path) -> str:
    """The library checks speak of "a library"; here the user picked a proposal file."""
    text = message.replace(str(path), path.name)
    return text.replace("Buy-In library", "Buy-In proposal file").replace(
        RESTORE_ADVICE, "Ask for a fresh copy of it."
    )
