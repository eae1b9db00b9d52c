"""Writing many new rows of one proposal at once and learning their ids.

A many-row INSERT that returns the new ids in order made SQLAlchemy (on SQLite) send small
batches and join each batch's result to all the earlier ones, so 10,000 rows took seconds and
grew faster than linearly. Rows are inserted plainly instead, and their ids read back by their
position, which the caller gives every new row and no earlier row of the proposal has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session


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
