"""The open editor's snapshot, patched after each edit, is always what a full read gives.

After a cell edit or a link change the editor re-reads only the edited items; after anything else
it reads the whole proposal. Either way the figures must come from exactly the proposal in the
library, so every check compares with a fresh ``proposal_input`` by ``repr`` (which tells
``Decimal("1.0")`` from ``Decimal("1.00")``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from desktop.models import Item
from desktop.services import editing
from desktop.services.editing import NotFoundError
from desktop.services.library import Library, open_library
from desktop.services.proposals import add_sample_proposal, delete_proposal
from desktop.services.snapshot import LiveSnapshot, proposal_input


def _same_as_a_full_read(live: LiveSnapshot, library: Library, proposal_id: int) -> None:
    assert repr(live.read()) == repr(proposal_input(library, proposal_id))


def test_item_edits_and_link_changes_are_read_back_without_reading_everything(
    library: Library, sample_id: int
) -> None:
    live = LiveSnapshot(library, sample_id)
    before = live.read()
    first, second = before.items[0], before.items[3]
    goal, risk, metric = before.goals[1], before.risks[0], before.metrics[2]

    editing.update_row(library, "item", first.key, {"quantity": "1234.50", "name": "Access points"})
    live.note_items_changed([first.key])
    patched = live.read()
    assert (
        patched.items[0].quantity == Decimal("1234.50") and patched.items[0].name == "Access points"
    )
    assert patched.items[1] is before.items[1]  # untouched items are the same objects
    _same_as_a_full_read(live, library, sample_id)

    editing.update_rows(
        library, "item", {first.key: {"unit_cost": "99.99"}, second.key: {"start_year": "3"}}
    )
    live.note_items_changed([first.key, second.key])
    _same_as_a_full_read(live, library, sample_id)

    editing.set_link(library, "goal", second.key, goal.key, True, "Coverage in every classroom")
    live.note_items_changed([second.key])
    _same_as_a_full_read(live, library, sample_id)
    editing.set_link(library, "risk", second.key, risk.key, risk.key not in second.risk_keys)
    editing.set_link(library, "metric", first.key, metric.key, True)
    live.note_items_changed([second.key, first.key])
    _same_as_a_full_read(live, library, sample_id)

    assert live.full_reads == 1


def test_a_read_with_nothing_noted_returns_the_same_snapshot(
    library: Library, sample_id: int
) -> None:
    live = LiveSnapshot(library, sample_id)
    first = live.read()
    assert live.read() is first
    assert live.full_reads == 1


def test_changes_it_was_not_told_precisely_about_make_a_full_read(
    library: Library, sample_id: int
) -> None:
    live = LiveSnapshot(library, sample_id)
    items = live.read().items

    # A noted item that has since been deleted: its absence needs the whole list.
    editing.delete_rows(library, "item", [items[2].key])
    live.note_items_changed([items[2].key])
    _same_as_a_full_read(live, library, sample_id)
    assert live.full_reads == 2

    # A noted item that moved in the proposal's order.
    with library.transaction() as session:
        session.execute(update(Item).where(Item.id == items[0].key).values(position=10_000))
    live.note_items_changed([items[0].key])
    moved = live.read()
    assert moved.items[-1].key == items[0].key
    _same_as_a_full_read(live, library, sample_id)
    assert live.full_reads == 3

    # Anything else: the editor invalidates, as after an added row or a proposal setting.
    new_id = editing.add_row(library, sample_id, "item", {"name": "Spare chargers"})
    editing.update_proposal(library, sample_id, {"horizon_years": "4"})
    live.invalidate()
    assert live.read().items[-1].key == new_id
    _same_as_a_full_read(live, library, sample_id)
    assert live.full_reads == 4


def test_a_deleted_proposal_says_so_and_the_next_read_starts_afresh(
    library: Library, sample_id: int
) -> None:
    live = LiveSnapshot(library, sample_id)
    key = live.read().items[0].key
    delete_proposal(library, sample_id)
    live.note_items_changed([key])
    with pytest.raises(NotFoundError):
        live.read()
    with pytest.raises(NotFoundError):
        live.read()


EDITS = st.lists(
    st.one_of(
        st.tuples(st.just("quantity"), st.integers(0, 40), st.integers(0, 500)),
        st.tuples(st.just("unit_cost"), st.integers(0, 40), st.integers(0, 10**7)),
        st.tuples(st.just("name"), st.integers(0, 40), st.text(min_size=1, max_size=20)),
        st.tuples(st.just("goal"), st.integers(0, 40), st.integers(0, 9)),
        st.tuples(st.just("risk"), st.integers(0, 40), st.integers(0, 9)),
        st.tuples(st.just("metric"), st.integers(0, 40), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.integers(0, 40), st.just(0)),
        st.tuples(st.just("add"), st.just(0), st.just(0)),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_any_sequence_of_edits_reads_back_what_the_library_holds(
    tmp_path: Path, edits: list[tuple[str, int, object]]
) -> None:
    library = open_library(tmp_path / f"live-{len(list(tmp_path.iterdir()))}.buyinlib")
    try:
        proposal_id = add_sample_proposal(library)
        live = LiveSnapshot(library, proposal_id)
        for kind, which, value in edits:
            snapshot = live.read()
            if not snapshot.items:
                break
            item = snapshot.items[which % len(snapshot.items)]
            if kind in ("quantity", "unit_cost"):
                amount = f"{int(str(value)) / 100:.2f}"
                editing.update_row(library, "item", item.key, {kind: amount})
                live.note_items_changed([item.key])
            elif kind == "name":
                try:
                    editing.update_row(library, "item", item.key, {"name": str(value)})
                except editing.FieldError:
                    continue  # refused text changes nothing, so there is nothing to note
                live.note_items_changed([item.key])
            elif kind == "goal" or kind == "risk" or kind == "metric":
                targets: tuple[Any, ...] = {"goal": snapshot.goals, "risk": snapshot.risks}.get(
                    kind, snapshot.metrics
                )
                target = targets[int(str(value)) % len(targets)]
                linked = (item.key, target.key) in editing.link_state(library, proposal_id, kind)
                editing.set_link(library, kind, item.key, target.key, not linked, "why")
                live.note_items_changed([item.key])
            elif kind == "delete":
                editing.delete_rows(library, "item", [item.key])
                live.invalidate()
            else:
                editing.add_row(library, proposal_id, "item", {"name": "Added"})
                live.invalidate()
            _same_as_a_full_read(live, library, proposal_id)
    finally:
        library.close()
