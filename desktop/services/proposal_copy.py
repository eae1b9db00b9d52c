"""Copying a whole proposal inside the library, row for row, in SQL.

Duplicate once wrote the proposal out as a "buyin-proposal" document and imported it again: the
document was checked against the JSON schema and every value parsed anew, though the app had
just written it itself, and a 10,000-item proposal took 8 seconds (and 90 MB) to copy. Here
each table is copied with one INSERT … SELECT, the stored values going from row to row as they
are (money as its cents, decimals as their text, the logo as its bytes), so the copy holds
exactly what the original holds. Only the links between rows need the new rows' ids: they are
matched to the old ones by position, which the copy numbers 1, 2, 3… in the original's order,
as an import numbers them.

The columns are read from the tables themselves, so a column added to the schema is copied
without a word here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import Session

from desktop.models import PROPOSAL_LINKS, PROPOSAL_ROWS, Proposal
from desktop.services.bulk import stored_table
from desktop.vocabulary import ProposalStatus

# The proposal's own columns the copy does not take from the original: its name, its status
# (a copy is a draft), and when it was made and last changed (now).
_NOT_COPIED = ("id", "name", "status", "created_at", "updated_at")

# Each copied row's id with its original's, for the links to point at the copies: a table of
# the connection's own (temporary), made and dropped within the copy's transaction.
_IDS = Table(
    "proposal_copy_ids",
    MetaData(),
    Column("kind", String(40), primary_key=True),
    Column("old_id", Integer, primary_key=True),
    Column("new_id", Integer, nullable=False),
    prefixes=["TEMPORARY"],
)


def copy_proposal(session: Session, proposal_id: int, name: str, now: datetime) -> int | None:
    """Copy proposal ``proposal_id`` and everything in it as a draft named ``name`` (free, and
    already checked), made at ``now``; the copy's id, or None when there is no such proposal.
    Runs in the caller's transaction: all or nothing."""
    proposal = Proposal.__table__
    plain = stored_table(Proposal)
    copied = [key for key in proposal.columns.keys() if key not in _NOT_COPIED]
    session.execute(
        insert(plain).from_select(
            [*copied, *_NOT_COPIED[1:]],
            select(
                *(plain.c[key] for key in copied),
                literal(name, proposal.c.name.type),
                literal(ProposalStatus.DRAFT, proposal.c.status.type),
                literal(now, proposal.c.created_at.type),
                literal(now, proposal.c.updated_at.type),
            ).where(plain.c.id == proposal_id),
        )
    )
    made = session.scalar(select(Proposal.id).where(Proposal.name == name))  # names are unique
    if made is None:  # no such proposal to copy from
        return None
    copy_id = int(made)
    # Made in the copy's transaction: a copy that fails is rolled back with it.
    _IDS.create(session.connection())
    for model in PROPOSAL_ROWS:
        pairs = _copy_rows(session, model, proposal_id, copy_id)
        if pairs:
            session.execute(
                insert(_IDS),
                [{"kind": model.__tablename__, "old_id": old, "new_id": new} for old, new in pairs],
            )
    for model, id_columns in PROPOSAL_LINKS:
        _copy_links(session, model, id_columns)
    _IDS.drop(session.connection())
    return copy_id


def _copy_rows(
    session: Session, model: type[Any], proposal_id: int, copy_id: int
) -> list[tuple[int, int]]:
    """Copy one kind of the proposal's rows to the copy, numbered 1, 2, 3… in their order;
    returns each original row's id with its copy's."""
    plain = stored_table(model)
    data = [key for key in plain.c.keys() if key not in ("id", "proposal_id", "position")]
    in_order = (plain.c.position, plain.c.id)
    session.execute(
        insert(plain).from_select(
            ["proposal_id", "position", *data],
            select(
                literal(copy_id),
                func.row_number().over(order_by=in_order),
                *(plain.c[key] for key in data),
            ).where(plain.c.proposal_id == proposal_id),
        )
    )
    old = session.scalars(
        select(plain.c.id).where(plain.c.proposal_id == proposal_id).order_by(*in_order)
    ).all()
    new = session.scalars(
        select(plain.c.id).where(plain.c.proposal_id == copy_id).order_by(plain.c.position)
    ).all()
    return list(zip(old, new, strict=True))


def _copy_links(
    session: Session, model: type[Any], id_columns: tuple[tuple[str, type[Any]], ...]
) -> None:
    """Copy the links among the original's rows (one INSERT … SELECT), each pointing at the
    copies of its rows. The copied parents (an item, a funding source, a scenario) lead, and
    each other id is looked up by itself: joined like the first, SQLite paired every item with
    every risk first and took 0.3 seconds a table at 10,000 items."""
    plain = stored_table(model)
    (parent_key, parent), *others = id_columns
    parents = _IDS.alias("parents")
    new_ids: dict[str, Any] = {parent_key: parents.c.new_id}
    for key, target in others:
        ids = _IDS.alias(f"new_{key}")
        new_ids[key] = (
            select(ids.c.new_id)
            .where(ids.c.kind == target.__tablename__, ids.c.old_id == plain.c[key])
            .scalar_subquery()
        )
    keys = list(plain.c.keys())
    session.execute(
        insert(plain).from_select(
            keys,
            select(*(new_ids.get(key, plain.c[key]) for key in keys))
            .select_from(parents.join(plain, plain.c[parent_key] == parents.c.old_id))
            .where(parents.c.kind == parent.__tablename__),
        )
    )
