"""A proposal past the engine's yearly limit, for tests of how the app treats one.

The editor refuses every edit that would make one (``test_item_limits``), so it is written
straight to the library, as a library saved by an earlier Buy-In, or changed outside it, holds
it: 900,000 units at $1,000,000 with purchase prices rising 25% a year."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from desktop.models import Item, Proposal
from desktop.services.library import Library


def put_past_the_limit(library: Library, proposal_id: int, *, every_item: bool = False) -> None:
    with library.transaction() as session:
        proposal = session.get(Proposal, proposal_id)
        assert proposal is not None
        proposal.purchase_escalation_rate = Decimal("0.25")
        items = session.scalars(
            select(Item).where(Item.proposal_id == proposal_id).order_by(Item.position)
        ).all()
        for item in items if every_item else items[:1]:
            item.quantity = Decimal("900000")
            item.unit_cost = Decimal("1000000")
