"""From the database to the finance engine: one proposal as a ``ProposalInput``.

``proposal_input`` reads a whole proposal inside one read transaction, through the session's own
DB-API connection with the plain SQL of ``desktop.services.snapshot_rows`` (the ORM's row and
identity machinery cost more than the queries on large proposals, and the snapshot is read-only).

``LiveSnapshot`` is what an open editor keeps: the last snapshot, patched after an edit instead of
read again. A cell edit or a link changes one item, and reading 10,000 items back after each one
took longer than computing them; the patch reads only the changed items (with their links) and
keeps every other ``ItemInput`` object as it was, which also lets the engine's per-item memories
recognise them at once. Anything it is not told about precisely (adds, deletions, proposal
settings, funding, scenarios, or a position that moved) makes the next read a full one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from desktop.finance.inputs import ItemInput, ProposalInput
from desktop.services.editing import NotFoundError
from desktop.services.library import RESTORE_ADVICE, Library, LibraryError
from desktop.services.snapshot_rows import (
    ProposalMissing,
    read_items,
    read_proposal_input,
    with_paramstyle,
)
from desktop.wording import clip


def _connection(session: Any) -> Any:
    """The session's DB-API connection, in the transaction the session has begun."""
    connection = session.connection()
    return with_paramstyle(connection.connection, connection.dialect.paramstyle)


def proposal_input(library: Library, proposal_id: int) -> ProposalInput:
    with library.reading() as session:
        return proposal_input_in(session, proposal_id)


class DamagedProposalError(LibraryError):
    """A stored value Buy-In cannot read: the file was changed outside Buy-In or harmed."""


def proposal_input_in(session: Any, proposal_id: int) -> ProposalInput:
    """The proposal as the session sees it, inside its transaction (rows written but not yet
    committed included). Raises ``DamagedProposalError`` for a value no Buy-In wrote."""
    try:
        return read_proposal_input(_connection(session), proposal_id)
    except ProposalMissing as missing:
        raise NotFoundError(str(missing)) from None
    except UNREADABLE as error:
        raise damaged(proposal_id, error) from error


# What reading a stored value no Buy-In wrote raises: text where a number belongs, an unknown
# category, a link to a row that is not there.
UNREADABLE = (ArithmeticError, LookupError, TypeError, ValueError)


def damaged(proposal_id: int, error: Exception) -> DamagedProposalError:
    """The refusal for a proposal holding a value Buy-In cannot read (``error``, one of
    ``UNREADABLE``), naming the value where the error does."""
    readable = isinstance(error, ValueError) and str(error)
    detail = (
        str(error)
        if readable
        else "a choice that is not on its list"
        if isinstance(error, LookupError)
        else "a figure that is not a number"
    )
    return DamagedProposalError(
        f"Proposal {proposal_id} holds a value Buy-In cannot read ({clip(detail, 120)}): "
        f"the library was changed outside Buy-In or is damaged. {RESTORE_ADVICE}"
    )


class LiveSnapshot:
    """The open proposal's latest snapshot, brought up to date by reading only what changed.

    ``note_items_changed`` is called after an edit of item rows (values or links) has been
    saved; ``invalidate`` after any other change. ``read`` may run on a worker thread while the
    GUI thread notes more edits: the notes taken before a read starts are applied by it, later
    ones by the next read (reading an item again is harmless, so no edit is ever skipped)."""

    def __init__(self, library: Library, proposal_id: int) -> None:
        self.library = library
        self.proposal_id = proposal_id
        self._lock = threading.Lock()
        self._snapshot: ProposalInput | None = None
        self._positions: dict[int, tuple[int, int]] = {}  # item key → (index, position)
        self._changed: set[int] = set()
        self._stale = True
        self.full_reads = 0  # how many reads had to read everything (tests and benchmarks)

    def note_items_changed(self, item_ids: Iterable[int]) -> None:
        with self._lock:
            self._changed.update(item_ids)

    def invalidate(self) -> None:
        with self._lock:
            self._stale = True

    def read(self) -> ProposalInput:
        """The proposal as it is now in the library (``NotFoundError`` if it was deleted)."""
        with self._lock:
            snapshot, positions, changed = self._snapshot, self._positions, self._changed
            stale = self._stale or snapshot is None
            self._stale, self._changed = False, set()
        if not stale and not changed and snapshot is not None:
            return snapshot
        try:
            with self.library.reading() as session:
                connection = _connection(session)
                patched = None
                if not stale and snapshot is not None:
                    patched = _patched(connection, self.proposal_id, snapshot, positions, changed)
                if patched is None:
                    self.full_reads += 1
                    found: dict[int, int] = {}
                    patched = read_proposal_input(connection, self.proposal_id, found)
                    positions = {
                        item.key: (index, found[item.key])
                        for index, item in enumerate(patched.items)
                    }
        except ProposalMissing as missing:
            self.invalidate()
            raise NotFoundError(str(missing)) from None
        except BaseException:
            self.invalidate()  # whatever was half-read, the next read starts afresh
            raise
        with self._lock:
            self._snapshot, self._positions = patched, positions
        return patched


def _patched(
    connection: Any,
    proposal_id: int,
    snapshot: ProposalInput,
    positions: dict[int, tuple[int, int]],
    changed: set[int],
) -> ProposalInput | None:
    """``snapshot`` with the changed items read again, or None when a full read is needed (an
    item is gone, or has moved in the proposal's order)."""
    rows = read_items(connection, proposal_id, changed)
    if len(rows) != len(changed):
        return None
    items: list[ItemInput] = list(snapshot.items)
    for position, item in rows:
        place = positions.get(item.key)
        if place is None or place[1] != position:
            return None
        items[place[0]] = item
    return replace(snapshot, items=tuple(items))
