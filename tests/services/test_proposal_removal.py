"""Deleting a whole proposal and undoing it: everything comes back as it was, under its own
number, and the deletion is all or nothing."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models import Proposal
from desktop.services import editing, proposal_removal
from desktop.services.library import Library
from desktop.services.proposal_format import export_document
from desktop.services.proposals import (
    create_proposal,
    delete_proposal,
    duplicate_proposal,
    list_proposals,
    restore_proposal,
)

TABLES = (
    "proposal", "goal", "risk", "metric", "item", "item_goal", "item_risk", "item_metric",
    "funding_source", "funding_amount", "scenario", "scenario_item",
)  # fmt: skip


def _dump(library: Library) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of proposals, as stored."""
    with library.reading() as session:
        return {
            table: sorted(
                (tuple(row) for row in session.execute(text(f"SELECT * FROM {table}"))), key=repr
            )
            for table in TABLES
        }


def _logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _edited_long_ago(library: Library, proposal_id: int) -> None:
    with library.transaction() as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        proposal.created_at = datetime(2024, 1, 15, 9, 30, tzinfo=UTC)
        proposal.updated_at = datetime(2024, 3, 1, 16, 5, tzinfo=UTC)


def test_an_undone_deletion_brings_the_proposal_back_as_it_was(
    library: Library, sample_id: int
) -> None:
    """Undo imported the proposal as a new one: another number, "last edited: just now", and
    so the top of Home's list, though nothing in it had changed."""
    editing.set_logo(library, sample_id, _logo(), "image/png")
    _edited_long_ago(library, sample_id)
    other = duplicate_proposal(library, sample_id)  # edited now: listed above the sample
    document, listings, rows = (
        export_document(library, sample_id),
        list_proposals(library),
        _dump(library),
    )
    assert [listing.id for listing in listings] == [other, sample_id]

    deleted = delete_proposal(library, sample_id)
    assert [listing.id for listing in list_proposals(library)] == [other]
    assert restore_proposal(library, deleted) == sample_id

    assert export_document(library, sample_id) == document
    assert list_proposals(library) == listings  # name, figures, last edited, order
    assert _dump(library) == rows  # every row under its own id: links, amounts, logo


def test_a_deletion_is_all_or_nothing_and_keeps_what_was_saved_just_before_it(
    library: Library, sample_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal was saved for undo, then deleted in a second transaction: an edit saved
    between the two (the command line, another window) was missing from what Undo brought
    back."""
    rows = _dump(library)
    real_delete = proposal_removal.delete_proposal_rows

    def failing(session: Session, proposal_id: int) -> bool:
        real_delete(session, proposal_id)
        raise OSError("the disk went away")

    monkeypatch.setattr(proposal_removal, "delete_proposal_rows", failing)
    with pytest.raises(OSError):
        delete_proposal(library, sample_id)
    assert _dump(library) == rows  # nothing of it went
    monkeypatch.undo()

    item = editing.list_rows(library, sample_id, "item")[0]
    real_transaction = library.transaction
    edits: list[str] = []

    @contextmanager
    def edited_first() -> Iterator[Session]:
        if not edits:  # the first write after the delete began: an edit saved elsewhere
            edits.append("quantity")
            editing.update_row(library, "item", item["id"], {"quantity": "1234"})
        with real_transaction() as session:
            yield session

    monkeypatch.setattr(library, "transaction", edited_first)
    deleted = delete_proposal(library, sample_id)
    monkeypatch.undo()
    assert edits == ["quantity"]
    back = restore_proposal(library, deleted)
    assert str(editing.list_rows(library, back, "item")[0]["quantity"]) == "1234"


def test_a_proposal_whose_number_and_name_were_taken_meanwhile_comes_back_whole(
    library: Library, sample_id: int
) -> None:
    """Numbers are never handed out twice; should they be all the same (a library changed
    outside Buy-In), the proposal comes back under new ones, with a free name, rather than not
    at all."""
    document = export_document(library, sample_id)
    deleted = delete_proposal(library, sample_id)
    name = document["proposal"]["name"]
    taker = create_proposal(library, name)
    squatter = create_proposal(library, "Squatter")
    goal = editing.add_row(library, taker, "goal", {})
    item = editing.add_row(library, taker, "item", {"name": "Spare chargers"})
    with library.transaction() as session:
        for table, new, old in (
            ("goal", deleted.rows["goal"][0]["id"], goal),
            ("item", deleted.rows["item"][3]["id"], item),
            ("proposal", sample_id, squatter),
        ):
            session.execute(text(f"UPDATE {table} SET id = {new} WHERE id = {old}"))

    restored = restore_proposal(library, deleted)

    assert restored not in (sample_id, taker)
    back = export_document(library, restored)
    assert back["proposal"]["name"] == f"{name} (2)"
    back["proposal"]["name"] = name
    assert back == document
    names = {listing.name for listing in list_proposals(library, with_figures=False)}
    assert names == {name, f"{name} (2)", "Squatter"}
    with library.reading() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


def test_a_proposal_holding_values_no_buyin_wrote_can_be_deleted_and_brought_back(
    library: Library, sample_id: int
) -> None:
    """Home lists such a proposal, saying what is wrong, so that it can be deleted; saving it
    for undo as a document refused the value, and with it the deletion."""
    with library.transaction() as session:
        session.execute(
            text("UPDATE item SET quantity = 'lots' WHERE proposal_id = :p"), {"p": sample_id}
        )
        session.execute(text("UPDATE proposal SET updated_at = 'garbage', name = x'fffe00'"))
    rows = _dump(library)
    deleted = delete_proposal(library, sample_id)
    assert list_proposals(library, with_figures=False) == []
    assert restore_proposal(library, deleted) == sample_id
    assert _dump(library) == rows
