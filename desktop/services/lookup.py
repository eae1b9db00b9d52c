"""Finding the row an edit refers to, and marking its proposal as changed.

Shared by the row edits (``desktop.services.editing``) and the grid edits
(``desktop.services.grid_edits``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.models import Proposal
from desktop.models.types import utc_now


class NotFoundError(LookupError):
    """The row an edit refers to no longer exists (e.g. deleted in another window)."""


def touch_proposal(session: Session, proposal_id: int) -> None:
    proposal = session.get(Proposal, proposal_id)
    if proposal is not None:
        proposal.updated_at = utc_now()


def get_row(session: Session, model: type[Any], key: Any, what: str) -> Any:
    row = session.get(model, key)
    if row is None:
        raise NotFoundError(f"That {what} no longer exists.")
    return row
