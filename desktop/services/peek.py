"""Reading the last proposal straight from the library file, before the database layer loads.

On a later start the app shows the proposal the director left open. SQLAlchemy and the models
take longer to load than a whole bare window takes to appear, so the window first shows that
proposal read through the standard library's ``sqlite3`` module, read-only, and computed by the
real engine; the editors follow once the database layer is in. Only what is in the library file
now is shown, never figures kept from an earlier session.

This is a shortcut, never a second way to open a library: anything unusual (no file, not a
Buy-In library, damaged, another schema revision, read-only, the proposal gone, a very large
proposal) returns ``None``, and the app takes its normal path, which explains any refusal.
Nothing here writes, and the file is opened so that no side file is created beside it.

Standard library (and the pure finance inputs) only: importing this module must stay cheap.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.library_file import (
    HEAD_REVISION,
    has_sqlite_header,
    library_revision,
    read_only_uri,
)

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput

# Above this many items the engine's first computation takes long enough to delay the window's
# first frame; such a proposal opens the normal way, its figures computed on a worker.
MAX_PREVIEW_ITEMS = 2_000


@dataclass(frozen=True)
class PeekedProposal:
    """One proposal as the library file holds it right now."""

    library_path: Path
    proposal_id: int
    proposal_input: ProposalInput


def peek_proposal(library_path: Path, proposal_id: int) -> PeekedProposal | None:
    """Read proposal ``proposal_id`` from the library at ``library_path`` without writing a
    byte, or ``None`` when anything about the file or the proposal is out of the ordinary."""
    try:
        return _peek(Path(library_path).expanduser(), proposal_id)
    except Exception:  # noqa: BLE001 - any surprise means "take the normal path", which explains
        return None


def _peek(path: Path, proposal_id: int) -> PeekedProposal | None:
    if not _openable_for_editing(path):
        return None
    connection = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
    try:
        # One read transaction: every table is read at the same moment.
        connection.execute("BEGIN")
        # A library at another revision goes the normal way, which migrates it after a backup.
        if library_revision(connection) != HEAD_REVISION:  # NotThisLibrary: caught above
            return None
        (item_count,) = connection.execute(
            "SELECT count(*) FROM item WHERE proposal_id = ?", (proposal_id,)
        ).fetchone()
        if item_count > MAX_PREVIEW_ITEMS:
            return None
        from desktop.services.snapshot_rows import read_proposal_input

        data = read_proposal_input(connection, proposal_id)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return PeekedProposal(path, proposal_id, data)


def _openable_for_editing(path: Path) -> bool:
    """The checks the normal path makes before touching the file (it refuses otherwise)."""
    if not path.is_file() or not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return False
    with path.open("rb") as handle:
        header = handle.read(100)
    return has_sqlite_header(header)
