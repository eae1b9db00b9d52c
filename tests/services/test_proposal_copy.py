"""Duplicate copies a proposal row for row: every stored value, link, scenario quantity and
the logo the same as the original's, its figures the same to the cent, as a draft under its new
name; all or nothing; and without checking again, as a file from elsewhere, what the app wrote."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import text

from desktop.finance import compute, summary_json
from desktop.services import editing
from desktop.services.library import Library
from desktop.services.proposal_format import export_document
from desktop.services.proposals import duplicate_proposal, list_proposals, proposal_basics
from desktop.services.snapshot import proposal_input
from desktop.vocabulary import ProposalStatus

# Each table a proposal's rows are in, with its columns that point at other rows of it.
_OWN = ("goal", "risk", "metric", "item", "funding_source", "scenario")
_LINKS = {
    "item_goal": ("item_id", "goal_id"),
    "item_risk": ("item_id", "risk_id"),
    "item_metric": ("item_id", "metric_id"),
    "funding_amount": ("source_id",),
    "scenario_item": ("scenario_id", "item_id"),
}
_POINTS_AT = {
    "item_id": "item",
    "goal_id": "goal",
    "risk_id": "risk",
    "metric_id": "metric",
    "source_id": "funding_source",
    "scenario_id": "scenario",
}


def _stored(library: Library, proposal_id: int) -> dict[str, Any]:
    """Everything stored of a proposal as the database holds it (cents, decimal text, bytes),
    each row named by its place in its list rather than by its id, links by those places."""
    with library.engine.connect() as connection:

        def rows(sql: str, **params: Any) -> list[dict[str, Any]]:
            return [dict(row) for row in connection.execute(text(sql), params).mappings()]

        (proposal,) = rows("SELECT * FROM proposal WHERE id = :p", p=proposal_id)
        stored: dict[str, Any] = {"proposal": proposal}
        places: dict[str, dict[int, int]] = {}
        for table in _OWN:
            found = rows(
                f"SELECT * FROM {table} WHERE proposal_id = :p ORDER BY position, id", p=proposal_id
            )
            places[table] = {row["id"]: place for place, row in enumerate(found)}
            stored[table] = [
                {k: v for k, v in row.items() if k not in ("id", "proposal_id", "position")}
                for row in found
            ]
        for table, keys in _LINKS.items():
            owner = _POINTS_AT[keys[0]]
            found = rows(
                f"SELECT * FROM {table} WHERE {keys[0]} IN "
                f"(SELECT id FROM {owner} WHERE proposal_id = :p)",
                p=proposal_id,
            )
            for row in found:
                for key in keys:
                    row[key] = places[_POINTS_AT[key]][row[key]]
            stored[table] = sorted(found, key=lambda row: [repr(value) for value in row.values()])
    return stored


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _figures(library: Library, proposal_id: int) -> Any:
    """The proposal's key figures as ``buyin summary`` gives them, but for its name and the
    rows' ids (a copy's rows have their own)."""

    def without_ids(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: without_ids(v) for k, v in value.items() if k not in ("key", "item_key")}
        if isinstance(value, list):
            return [without_ids(v) for v in value]
        return value

    figures = summary_json(compute(proposal_input(library, proposal_id)))
    figures.pop("name")
    return without_ids(figures)


def test_the_copy_holds_every_stored_value_of_the_original(
    library: Library, sample_id: int
) -> None:
    editing.set_logo(library, sample_id, _png(), "image/png")
    editing.update_proposal(library, sample_id, {"status": ProposalStatus.FINAL})
    # Rows out of their first order, a gap in the positions and a scenario quantity changed:
    # the copy keeps the order, and each link finds its own rows.
    items = editing.list_rows(library, sample_id, "item")
    with library.transaction() as session:
        session.execute(
            text("UPDATE item SET position = position * 3 WHERE proposal_id = :p"),
            {"p": sample_id},
        )
        session.execute(
            text("UPDATE item SET position = 1000 WHERE id = :i"), {"i": items[0]["id"]}
        )
    scenario = editing.list_rows(library, sample_id, "scenario")[0]
    entries = editing.scenario_entries(library, sample_id)
    item_id = next(i for (s, i) in entries if s == scenario["id"])
    with library.transaction() as session:
        session.execute(
            text(
                "UPDATE scenario_item SET quantity_override = '7.5' "
                "WHERE scenario_id = :s AND item_id = :i"
            ),
            {"s": scenario["id"], "i": item_id},
        )
    before = _stored(library, sample_id)
    figures = _figures(library, sample_id)

    copy_id = duplicate_proposal(library, sample_id, "Riverside 2028–2032")

    copy = _stored(library, copy_id)
    assert copy["proposal"]["name"] == "Riverside 2028–2032"
    assert copy["proposal"].pop("status") == ProposalStatus.DRAFT.value
    original = before["proposal"]
    assert original.pop("status") == ProposalStatus.FINAL.value
    for key in ("id", "name", "created_at", "updated_at"):
        original.pop(key)
        copy["proposal"].pop(key)
    assert copy == before
    assert copy["proposal"]["logo"] == _png() and copy["scenario_item"]
    assert _figures(library, copy_id) == figures
    # The original is as it was: still final, its rows its own.
    assert proposal_basics(library, sample_id)["status"] is ProposalStatus.FINAL
    assert _stored(library, sample_id)["item"] == before["item"]


def test_the_copy_exports_as_the_original_does(library: Library, sample_id: int) -> None:
    original = export_document(library, sample_id)
    copy = export_document(library, duplicate_proposal(library, sample_id))
    assert copy["proposal"].pop("name") == "Copy of " + original["proposal"].pop("name")
    assert copy == original


def test_a_copy_that_fails_halfway_leaves_nothing(
    library: Library, sample_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import proposal_copy

    def broken(*_args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(proposal_copy, "_copy_links", broken)
    with pytest.raises(RuntimeError):
        duplicate_proposal(library, sample_id)
    assert [p.id for p in list_proposals(library, with_figures=False)] == [sample_id]
    with library.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM item")).scalar() == len(
            editing.list_rows(library, sample_id, "item")
        )
    monkeypatch.undo()
    # The next copy goes through (nothing of the failed one is left in the way).
    copy_id = duplicate_proposal(library, sample_id)
    assert _figures(library, copy_id) == _figures(library, sample_id)


def test_the_copy_is_not_checked_again_as_a_file_from_elsewhere(
    library: Library, sample_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's own proposal was written out, checked against the file schema and every
    value parsed again: 8 seconds at 10,000 items, for nothing."""
    from desktop.services import proposal_format

    def checked(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the app's own proposal was checked as a file")

    monkeypatch.setattr(proposal_format, "_check_and_parse", checked)
    monkeypatch.setattr(proposal_format, "export_document", checked)
    copy_id = duplicate_proposal(library, sample_id)
    assert _figures(library, copy_id) == _figures(library, sample_id)


def test_a_copy_of_a_proposal_gone_meanwhile_is_refused(library: Library) -> None:
    with pytest.raises(LookupError, match="no longer exists"):
        duplicate_proposal(library, 999_999)
    assert list_proposals(library, with_figures=False) == []


def test_a_large_copy_has_every_row_and_the_same_figures(library: Library) -> None:
    from bench.generate import import_synthetic

    original = import_synthetic(library, 1_000)
    copy_id = duplicate_proposal(library, original, "Large copy")
    before, after = _stored(library, original), _stored(library, copy_id)
    for table in (*_OWN, *_LINKS):
        assert after[table] == before[table], table
    assert len(after["item"]) == 1_000
    figures = _figures(library, copy_id)
    assert figures == _figures(library, original) and figures["headline"]
