"""Deleting a whole proposal, and putting it back exactly when the deletion is undone.

Home's Delete once wrote the proposal out as a "buyin-proposal" document for its undo, checked
that document against the file format, then deleted the rows in a second transaction: six
seconds at 10,000 items, and an edit saved between the two (from the command line, say) was
missing from what Undo brought back. Here the rows are read and deleted in the caller's one
transaction, as their stored values (money as its cents, decimals as their text, the logo as
its bytes, each time as it was written), and put back under their own ids: the proposal returns
as it was, under its own number, with its last-edited time, so Home lists it where it was.

The columns are read from the tables themselves (as ``proposal_copy`` does), so a column added
to the schema comes back without a word here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import TableClause, insert, or_, select
from sqlalchemy.orm import Session

from desktop.models import PROPOSAL_LINKS, PROPOSAL_ROWS, Proposal
from desktop.services.bulk import delete_proposal_rows, existing_ids, stored_table

# The columns of a link (or an amount) naming the rows it hangs off, with those rows' kinds.
Ends = tuple[tuple[str, type[Any]], ...]


@dataclass(frozen=True)
class DeletedProposal:
    """A deleted proposal's stored rows, by table: its own row (``proposal``), the rows it
    holds, and the links and amounts hanging off those, each as a plain dictionary of its
    columns as stored."""

    rows: Mapping[str, tuple[dict[str, Any], ...]]

    @property
    def proposal(self) -> dict[str, Any]:
        """The proposal's own row: its basics, its logo, when it was made and last edited."""
        return self.rows[Proposal.__tablename__][0]

    @property
    def proposal_id(self) -> int:
        return int(self.proposal["id"])

    @property
    def name(self) -> str:
        name = self.proposal["name"]
        # A name stored as bytes (a library changed outside Buy-In) is shown as best it can be.
        return name.decode(errors="replace") if isinstance(name, bytes) else str(name)


def take_proposal(session: Session, proposal_id: int) -> DeletedProposal | None:
    """Read proposal ``proposal_id`` and everything of it, then delete it all, in the caller's
    transaction; what ``put_back`` needs, or None when there is no such proposal."""
    own = _stored(session, Proposal, lambda plain: plain.c.id == proposal_id)
    if not own:
        return None
    rows = {Proposal.__tablename__: own}
    for model in PROPOSAL_ROWS:
        rows[model.__tablename__] = _stored(
            session, model, lambda plain: plain.c.proposal_id == proposal_id
        )
    for model, ends in PROPOSAL_LINKS:
        # On either end, as ``delete_proposal_rows`` deletes them: what goes comes back.
        def on_either_end(plain: TableClause, ends: Ends = ends) -> Any:
            return or_(
                *(
                    plain.c[key].in_(select(owner.id).where(owner.proposal_id == proposal_id))
                    for key, owner in ends
                )
            )

        rows[model.__tablename__] = _stored(session, model, on_either_end)
    delete_proposal_rows(session, proposal_id)
    return DeletedProposal(rows)


def _stored(
    session: Session, model: type[Any], where: Callable[[TableClause], Any]
) -> tuple[dict[str, Any], ...]:
    """The rows of ``model`` that ``where`` picks (given the table), as stored, in the order of
    their keys."""
    plain = stored_table(model)
    keys = [plain.c[key.name] for key in model.__table__.primary_key.columns]
    found = session.execute(select(plain).where(where(plain)).order_by(*keys)).mappings()
    return tuple(dict(row) for row in found)


def put_back(session: Session, deleted: DeletedProposal, name: Any) -> int:
    """Insert the rows ``take_proposal`` read, in the caller's transaction, the proposal named
    ``name`` (its own, or a free one when another proposal has taken its name meanwhile);
    returns the proposal's id.

    Every row keeps its id: ids are never handed out twice (the tables are AUTOINCREMENT), so
    none can have been taken since. Should a table's ids be taken all the same (a library
    changed outside Buy-In), that table's rows come back under new ids, the links following
    them, rather than not at all."""
    proposal = dict(deleted.proposal, name=name)
    proposal_id = deleted.proposal_id
    if existing_ids(session, Proposal, [proposal_id]):
        del proposal["id"]
        session.execute(insert(stored_table(Proposal)), [proposal])
        proposal_id = int(session.scalar(select(Proposal.id).where(Proposal.name == name)) or 0)
    else:
        session.execute(insert(stored_table(Proposal)), [proposal])
    # Each kind of row's ids as they are now, by the ids they had.
    now: dict[type[Any], dict[int, int]] = {}
    for model in PROPOSAL_ROWS:
        rows = [dict(row, proposal_id=proposal_id) for row in deleted.rows[model.__tablename__]]
        now[model] = _insert_rows(session, model, proposal_id, rows)
    for model, ends in PROPOSAL_LINKS:
        links = [dict(row) for row in deleted.rows[model.__tablename__]]
        for key, owner in ends:
            ids = now[owner]
            for link in links:
                link[key] = ids.get(link[key], link[key])
            # A link to another proposal's row (only a library changed outside Buy-In has one)
            # comes back while that row is there: a link to no row cannot be stored.
            others = {link[key] for link in links} - set(ids.values())
            if others:
                there = existing_ids(session, owner, others)
                links = [link for link in links if link[key] not in others or link[key] in there]
        if links:
            session.execute(insert(stored_table(model)), links)
    return proposal_id


def _insert_rows(
    session: Session, model: type[Any], proposal_id: int, rows: list[dict[str, Any]]
) -> dict[int, int]:
    """Insert the proposal's rows of one kind; returns each row's id now by the id it had (the
    same, unless one of them was taken)."""
    if not rows:
        return {}
    plain = stored_table(model)
    old = [row["id"] for row in rows]
    if not existing_ids(session, model, old):
        session.execute(insert(plain), rows)
        return dict(zip(old, old, strict=True))
    # Inserted in the order of their old ids, each new id larger than the last: matched so.
    session.execute(insert(plain), [{k: v for k, v in row.items() if k != "id"} for row in rows])
    new = session.scalars(
        select(model.id).where(model.proposal_id == proposal_id).order_by(model.id)
    ).all()
    return dict(zip(old, new, strict=True))
