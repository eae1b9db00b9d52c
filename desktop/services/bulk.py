"""Writing, reading and removing many rows at once.

A many-row INSERT that returns the new ids in order made SQLAlchemy (on SQLite) send small
batches and join each batch's result to all the earlier ones, so 10,000 rows took seconds and
grew faster than linearly. Rows are inserted plainly instead, and their ids read back by their
position, which the caller gives every new row and no earlier row of the proposal has.

Removing rows through the ORM (``session.delete`` per row) loaded each row's lists of links one
query at a time, and each query first flushed the deletions pending so far: removing 1,000 items
sent about 10,000 statements. The helpers below read, delete and put back rows as plain values
with one statement per batch of ids (``PARAMETER_BATCH``, within the 999 bound parameters older
SQLite builds allow), and never hold ORM objects: what they return is kept for undo.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, TableClause, delete, insert, inspect, select, sql
from sqlalchemy.orm import Session

# Ids bound to one statement: older SQLite builds allow 999 parameters in all.
PARAMETER_BATCH = 500


def insert_positioned(
    session: Session, table: Table, proposal_id: int, rows: Sequence[dict[str, Any]]
) -> list[int]:
    """Insert ``rows`` (each with this ``proposal_id`` and a new, distinct ``position``);
    returns their ids in the order of ``rows``."""
    if not rows:
        return []
    session.execute(insert(table), list(rows))
    positions = [row["position"] for row in rows]
    found = session.execute(
        select(table.c.position, table.c.id).where(
            table.c.proposal_id == proposal_id,
            table.c.position >= min(positions),
            table.c.position <= max(positions),
        )
    )
    by_position = {position: row_id for position, row_id in found}
    if len(by_position) != len(rows):
        raise RuntimeError("New rows must have positions no other row of the proposal has.")
    return [int(by_position[position]) for position in positions]


def join_whole_scenarios(session: Session, proposal_id: int, new_item_ids: Sequence[int]) -> int:
    """New items join, at their own quantity, each scenario that held every other item of the
    proposal: such a scenario is the plan as proposed, perhaps with some quantities changed
    ("Recommended: every item at the quantities proposed"), and an item added next year was
    left out of it, its cost missing, with no word. A scenario that leaves an item out is a
    choice, and leaves the new ones out too. Returns how many scenarios the items joined."""
    from desktop.models import Item, Scenario, ScenarioItem

    if not new_item_ids:
        return 0
    new = set(new_item_ids)
    others = {
        item_id
        for item_id in session.scalars(select(Item.id).where(Item.proposal_id == proposal_id))
        if item_id not in new
    }
    held: dict[int, set[int]] = {
        scenario_id: set()
        for scenario_id in session.scalars(
            select(Scenario.id).where(Scenario.proposal_id == proposal_id)
        )
    }
    if not held:
        return 0
    entries = select(ScenarioItem.scenario_id, ScenarioItem.item_id).where(
        ScenarioItem.scenario_id.in_(held)
    )
    for scenario_id, item_id in session.execute(entries):
        held[scenario_id].add(item_id)
    whole = [scenario_id for scenario_id, items in held.items() if others <= items]
    rows = [
        {"scenario_id": scenario_id, "item_id": item_id}
        for scenario_id in whole
        for item_id in new_item_ids
        if item_id not in held[scenario_id]
    ]
    if rows:
        session.execute(insert(ScenarioItem), rows)
    return len(whole)


def stored_table(model: type[Any]) -> TableClause:
    """``model``'s table with untyped columns: values read and written through it are the
    stored ones, never converted (a damaged value is not refused halfway through a copy or a
    deletion, and nothing is rounded or reformatted on the way)."""
    mapped: Table = model.__table__
    return sql.table(mapped.name, *(sql.column(name) for name in mapped.columns.keys()))


def batches(ids: Collection[int]) -> Iterator[list[int]]:
    """The distinct ``ids`` in ascending order, ``PARAMETER_BATCH`` at a time."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), PARAMETER_BATCH):
        yield ordered[start : start + PARAMETER_BATCH]


def _columns(model: type[Any]) -> list[tuple[str, Any]]:
    """A mapped class's columns as ``(attribute name, column attribute)``, in mapper order."""
    return [(attr.key, getattr(model, attr.key)) for attr in inspect(model).mapper.column_attrs]


@dataclass(frozen=True)
class StoredRows:
    """Rows of one table as plain values: the column names once, then each row's values in
    their order. Undo keeps what a deletion took away for as long as the step can be undone:
    as a dictionary for each row and each link, 10,000 items with their links took about
    28 MB; held this way, about 17 MB."""

    model: type[Any]
    columns: tuple[str, ...]
    values: tuple[tuple[Any, ...], ...]

    def __len__(self) -> int:
        return len(self.values)

    def as_dicts(self) -> list[dict[str, Any]]:
        """Each row as a dictionary of its columns (as ``editing.column_values`` gives them)."""
        columns = self.columns
        return [dict(zip(columns, row, strict=True)) for row in self.values]

    def column(self, name: str) -> list[Any]:
        """One column's values, row by row."""
        number = self.columns.index(name)
        return [row[number] for row in self.values]


def rows_where_in(
    session: Session, model: type[Any], column: str, ids: Collection[int]
) -> StoredRows:
    """Every row of ``model`` whose ``column`` is one of ``ids``, every column of it, ordered by
    ``column`` then by the primary key. No ORM object is made."""
    columns = _columns(model)
    order = [getattr(model, column)] + [
        getattr(model, key.key) for key in inspect(model).mapper.primary_key if key.key != column
    ]
    found: list[tuple[Any, ...]] = []
    for batch in batches(ids):
        statement = (
            select(*(attribute for _name, attribute in columns))
            .where(getattr(model, column).in_(batch))
            .order_by(*order)
        )
        found.extend(tuple(row) for row in session.execute(statement))
    return StoredRows(model, tuple(name for name, _attribute in columns), tuple(found))


def existing_ids(session: Session, model: type[Any], ids: Collection[int]) -> set[int]:
    """Which of ``ids`` are rows of ``model`` (by its ``id``)."""
    found: set[int] = set()
    for batch in batches(ids):
        found.update(session.scalars(select(model.id).where(model.id.in_(batch))))
    return found


def delete_where_in(session: Session, model: type[Any], column: str, ids: Collection[int]) -> None:
    """Delete every row of ``model`` whose ``column`` is one of ``ids``."""
    for batch in batches(ids):
        session.execute(
            delete(model)
            .where(getattr(model, column).in_(batch))
            .execution_options(synchronize_session=False)
        )


def insert_values(session: Session, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows given as plain dictionaries of every column (their ids included), in one
    many-row statement; a NULL is written as such, so rows with and without one go together."""
    if rows:
        session.execute(insert(model).execution_options(render_nulls=True), list(rows))


def delete_proposal_rows(session: Session, proposal_id: int) -> bool:
    """Delete a proposal and every row that belongs to it, in a fixed handful of statements
    whatever its size; returns whether it was there. The links go first, on either of their
    ends (as the database's ``ON DELETE CASCADE`` and the ORM's ``delete-orphan`` would take
    them), then the rows that belong to the proposal, then the proposal."""
    from desktop.models import PROPOSAL_LINKS, PROPOSAL_ROWS, Proposal

    if session.scalar(select(Proposal.id).where(Proposal.id == proposal_id)) is None:
        return False

    def of_proposal(model: type[Any]) -> Any:
        return select(model.id).where(model.proposal_id == proposal_id)

    no_sync = {"synchronize_session": False}
    for model, ends in PROPOSAL_LINKS:
        for column, owner in ends:
            statement = delete(model).where(getattr(model, column).in_(of_proposal(owner)))
            session.execute(statement.execution_options(**no_sync))
    for model in PROPOSAL_ROWS:  # none left that a link points at
        statement = delete(model).where(model.proposal_id == proposal_id)
        session.execute(statement.execution_options(**no_sync))
    session.execute(delete(Proposal).where(Proposal.id == proposal_id).execution_options(**no_sync))
    return True
