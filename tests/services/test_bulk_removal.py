"""Removing many rows at once, undoing that, and deleting a whole proposal: a few statements per
table whatever the number of rows, and exactly the same rows gone and brought back as before.

Each test compares every column of every table of the library (ids, positions, links, scenario
entries, funding amounts), read straight from the file."""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event, insert, select, text

from desktop.models import (
    Base,
    FundingAmount,
    FundingSource,
    Goal,
    Item,
    ItemGoalLink,
    ItemMetricLink,
    ItemRiskLink,
    Metric,
    Proposal,
    Risk,
    Scenario,
    ScenarioItem,
)
from desktop.services import editing
from desktop.services.editing import NotFoundError
from desktop.services.library import Library
from desktop.services.proposals import delete_proposal, duplicate_proposal

MANY = 2_000

Dump = dict[str, list[tuple[Any, ...]]]


def _dump(library: Library) -> Dump:
    """Every row of every table, in primary key order; a proposal's ``updated_at`` is left out
    (every edit and every undo moves it on)."""
    dump: Dump = {}
    with library.reading() as session:
        for table in Base.metadata.sorted_tables:
            columns = [
                c for c in table.columns if (table.name, c.name) != ("proposal", "updated_at")
            ]
            statement = select(*columns).order_by(*table.primary_key.columns)
            dump[table.name] = [tuple(row) for row in session.execute(statement)]
    return dump


def _with_many_items(library: Library, proposal_id: int, count: int = MANY) -> list[int]:
    """``count`` items with every column set (some empty where that is allowed), each linked to
    goals, risks and metrics and in the proposal's scenarios, some at a quantity of their own;
    returns their ids."""
    rows = [
        {
            "name": f"Line {n}: Chromebook cart",
            "category": ["hardware", "network_infrastructure", "security", "other"][n % 4],
            "quantity": f"{n % 97 + 1}.5" if n % 3 else str(n % 40 + 1),
            "unit_cost": f"{n % 900 + 10}.{n % 100:02d}",
            "recurring_unit_cost": f"{n % 30}.25",
            "lifespan_years": "" if n % 5 == 0 else str(n % 6 + 2),
            "start_year": str(n % 3 + 1),
            "annual_savings": f"{n % 50}.10",
            "vendor": f"Vendor {n % 13}",
            "notes": f"Quoted on the cooperative contract, line {n}",
        }
        for n in range(count)
    ]
    ids = editing.add_rows(library, proposal_id, "item", rows)
    goals = [row["id"] for row in editing.list_rows(library, proposal_id, "goal")]
    risks = [row["id"] for row in editing.list_rows(library, proposal_id, "risk")]
    metrics = [row["id"] for row in editing.list_rows(library, proposal_id, "metric")]
    scenarios = [row["id"] for row in editing.list_rows(library, proposal_id, "scenario")]
    with library.transaction() as session:
        session.execute(
            insert(ItemGoalLink),
            [
                {"item_id": item_id, "goal_id": goals[(n + k) % len(goals)], "rationale": f"R{n}"}
                for n, item_id in enumerate(ids)
                for k in range(n % 2 + 1)
            ],
        )
        session.execute(
            insert(ItemRiskLink),
            [
                {"item_id": item_id, "risk_id": risks[n % len(risks)]}
                for n, item_id in enumerate(ids)
            ],
        )
        session.execute(
            insert(ItemMetricLink),
            [
                {"item_id": item_id, "metric_id": metrics[n % len(metrics)]}
                for n, item_id in enumerate(ids)
                if n % 4
            ],
        )
        session.execute(ScenarioItem.__table__.delete().where(ScenarioItem.item_id.in_(ids)))
        session.execute(
            insert(ScenarioItem),
            [
                {
                    "scenario_id": scenario_id,
                    "item_id": item_id,
                    "quantity_override": Decimal(n % 7) if n % 2 else None,
                }
                for n, item_id in enumerate(ids)
                for scenario_id in scenarios[: n % (len(scenarios) + 1)]
            ],
        )
    return ids


@pytest.fixture
def statements(library: Library) -> Iterator[list[str]]:
    """The SQL statements sent to the library file while the test runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(library.engine, "before_cursor_execute", record)
    yield seen
    event.remove(library.engine, "before_cursor_execute", record)


def test_removing_2000_items_takes_a_few_statements(
    library: Library, sample_id: int, statements: list[str]
) -> None:
    ids = _with_many_items(library, sample_id)
    before = _dump(library)
    statements.clear()
    deleted = editing.delete_rows(library, "item", ids)
    assert len(statements) < 100  # one ORM delete per row sent about 19,000
    after = _dump(library)
    assert not {row[0] for row in after["item"]} & set(ids)
    for table in ("item_goal", "item_risk", "item_metric"):
        assert not {row[0] for row in after[table]} & set(ids)
    assert not {row[1] for row in after["scenario_item"]} & set(ids)
    links = ("item_goal", "item_risk", "item_metric")
    assert deleted.links == sum(len(before[t]) - len(after[t]) for t in links)


def test_undoing_a_removal_of_2000_items_takes_a_few_statements_and_restores_every_column(
    library: Library, sample_id: int, statements: list[str]
) -> None:
    ids = _with_many_items(library, sample_id)
    before = _dump(library)
    deleted = editing.delete_rows(library, "item", ids)
    statements.clear()
    editing.restore_rows(library, deleted)
    assert len(statements) < 100  # one per row and two or three per link sent about 38,000
    assert _dump(library) == before


def test_the_undo_copy_holds_every_column_as_plain_values(library: Library, sample_id: int) -> None:
    """What undo keeps is what the rows held, column for column, and no ORM object: the rows
    in the order they were chosen, then each kind of dependent row."""
    ids = _with_many_items(library, sample_id, 300)
    chosen = ids[::-1]
    with library.reading() as session:
        expected_rows = tuple(editing.column_values(session.get(Item, row_id)) for row_id in chosen)
        expected_dependents = [
            (model, editing.column_values(row))
            for model in (ItemGoalLink, ItemRiskLink, ItemMetricLink, ScenarioItem)
            for row in session.scalars(select(model).where(model.item_id.in_(ids)))
        ]
    deleted = editing.delete_rows(library, "item", chosen)
    assert deleted.rows == expected_rows
    assert [model for model, _values in deleted.dependents] == [
        model for model, _values in expected_dependents
    ]
    key = repr
    assert sorted(deleted.dependents, key=key) == sorted(expected_dependents, key=key)
    values = [v for row in deleted.rows for v in row.values()] + [
        v for _model, row in deleted.dependents for v in row.values()
    ]
    assert not any(isinstance(value, Base) for value in values)


def test_the_undo_copy_of_many_items_holds_their_values_compactly(
    library: Library, sample_id: int
) -> None:
    """Undo keeps what a removal took for as long as it can be undone: a dictionary for each
    row and each of its links held about 2.8 KB an item, so removing 10,000 items raised the
    app's memory by some 28 MB until the step left the stack."""
    ids = _with_many_items(library, sample_id)
    editing.delete_rows(library, "item", ids[:1])  # statements prepared: not what is kept
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        deleted = editing.delete_rows(library, "item", ids[1:])
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(deleted.rows) == len(ids) - 1 and deleted.links > len(ids)
    assert held / (len(ids) - 1) < 2_000


def test_undo_leaves_out_the_links_whose_other_end_went_meanwhile(
    library: Library, sample_id: int
) -> None:
    ids = _with_many_items(library, sample_id, 300)
    before = _dump(library)
    deleted = editing.delete_rows(library, "item", ids)
    goal = editing.list_rows(library, sample_id, "goal")[0]["id"]
    scenario = editing.list_rows(library, sample_id, "scenario")[-1]["id"]
    editing.delete_rows(library, "goal", [goal])
    editing.delete_rows(library, "scenario", [scenario])
    editing.restore_rows(library, deleted)
    after = _dump(library)
    expected = {
        **before,
        "goal": [row for row in before["goal"] if row[0] != goal],
        "scenario": [row for row in before["scenario"] if row[0] != scenario],
        "item_goal": [row for row in before["item_goal"] if row[1] != goal],
        "scenario_item": [row for row in before["scenario_item"] if row[0] != scenario],
    }
    assert len(expected["item_goal"]) < len(before["item_goal"])
    assert len(expected["scenario_item"]) < len(before["scenario_item"])
    assert after == expected
    assert any(row[1] in ids for row in after["scenario_item"])


def test_removing_rows_one_of_which_is_gone_removes_none(library: Library, sample_id: int) -> None:
    items = [row["id"] for row in editing.list_rows(library, sample_id, "item")]
    editing.delete_rows(library, "item", [items[3]])  # in another window meanwhile
    before = _dump(library)
    with pytest.raises(NotFoundError, match="That item no longer exists"):
        editing.delete_rows(library, "item", items)
    assert _dump(library) == before


@pytest.mark.parametrize(
    ("entity", "model"),
    [
        ("goal", Goal),
        ("risk", Risk),
        ("metric", Metric),
        ("funding_source", FundingSource),
        ("scenario", Scenario),
    ],
)
def test_every_kind_of_row_goes_with_its_dependents_and_comes_back_exactly(
    library: Library, sample_id: int, entity: str, model: type[Base]
) -> None:
    _with_many_items(library, sample_id, 300)
    before = _dump(library)
    ids = [row["id"] for row in editing.list_rows(library, sample_id, entity)]
    deleted = editing.delete_rows(library, entity, ids)
    assert editing.list_rows(library, sample_id, entity) == []
    gone = _dump(library)
    dependents = {"goal": "item_goal", "risk": "item_risk", "metric": "item_metric"}
    if entity in dependents:
        assert gone[dependents[entity]] == []
    if entity == "funding_source":
        assert gone["funding_amount"] == []
    if entity == "scenario":
        assert gone["scenario_item"] == []
    editing.restore_rows(library, deleted)
    assert _dump(library) == before


def _rows_of(dump: Dump, library: Library, proposal_id: int) -> Dump:
    """The rows of ``dump`` that belong to ``proposal_id`` (its own, and their links)."""
    with library.reading() as session:
        owned = {
            model.__tablename__: set(
                session.scalars(select(model.id).where(model.proposal_id == proposal_id))
            )
            for model in (Goal, Risk, Metric, Item, FundingSource, Scenario)
        }
    ends = {
        "item_goal": (("item", 0), ("goal", 1)),
        "item_risk": (("item", 0), ("risk", 1)),
        "item_metric": (("item", 0), ("metric", 1)),
        "scenario_item": (("scenario", 0), ("item", 1)),
        "funding_amount": (("funding_source", 0),),
    }
    mine: Dump = {}
    for table, rows in dump.items():
        if table == "proposal":
            mine[table] = [row for row in rows if row[0] == proposal_id]
        elif table in owned:
            mine[table] = [row for row in rows if row[0] in owned[table]]
        elif table in ends:
            mine[table] = [
                row for row in rows if any(row[i] in owned[end] for end, i in ends[table])
            ]
        else:
            mine[table] = []
    return mine


def test_deleting_a_proposal_takes_everything_of_it_and_nothing_else(
    library: Library, sample_id: int, statements: list[str]
) -> None:
    _with_many_items(library, sample_id)
    copy_id = duplicate_proposal(library, sample_id)
    before = _dump(library)
    doomed = _rows_of(before, library, copy_id)
    assert doomed["item"] and doomed["item_goal"] and doomed["scenario_item"]
    assert doomed["funding_amount"]
    statements.clear()
    delete_proposal(library, copy_id)
    assert len(statements) < 100  # the ORM's cascade read each row's links, one by one
    after = _dump(library)
    assert after == {
        table: [row for row in rows if row not in doomed[table]] for table, rows in before.items()
    }
    assert _rows_of(after, library, sample_id) == _rows_of(before, library, sample_id)
    with library.reading() as session:
        assert session.get(Proposal, copy_id) is None
        problems = session.execute(text("PRAGMA foreign_key_check")).all()
    assert problems == []


def test_deleting_a_proposal_twice_is_harmless(library: Library, sample_id: int) -> None:
    copy_id = duplicate_proposal(library, sample_id)
    deleted = delete_proposal(library, copy_id)
    assert deleted.name
    before = _dump(library)
    with pytest.raises(NotFoundError):
        delete_proposal(library, copy_id)
    assert _dump(library) == before


def test_a_funding_source_removed_in_bulk_keeps_its_amounts_for_undo(
    library: Library, sample_id: int
) -> None:
    sources = editing.list_rows(library, sample_id, "funding_source")
    before = _dump(library)
    deleted = editing.delete_rows(library, "funding_source", [row["id"] for row in sources])
    assert {model for model, _values in deleted.dependents} == {FundingAmount}
    assert len(deleted.dependents) == len(before["funding_amount"])
    assert deleted.links == 0
    editing.restore_rows(library, deleted)
    assert _dump(library) == before
