"""The proposals of a library: create (blank, from the template, from the sample), find, list
with key figures, rename, duplicate and delete.

Each function is one transaction. Names are unique within a library, so ``--proposal NAME`` on the
command line always means one proposal; a clash on create, duplicate or import gets a new name
("… (2)") rather than an error or an overwrite.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import Item, Proposal
from desktop.models.types import utc_now
from desktop.paths import SAMPLE_FILE, TEMPLATE_FILE, resource
from desktop.services.editing import NotFoundError, validate_changes
from desktop.services.library import Library
from desktop.services.proposal_removal import DeletedProposal, put_back, take_proposal
from desktop.services.snapshot import UNREADABLE
from desktop.services.template_sizing import (
    Headcounts,
    counts_in_use,
    sized_quantity,
    template_document,
    template_headcounts,
    template_item_sizes,
)
from desktop.vocabulary import InitiativeKind
from desktop.wording import UNKNOWN_MOMENT, name_key


@dataclass(frozen=True)
class ProposalListing:
    """A proposal as the home screen and ``buyin list`` show it."""

    id: int
    name: str
    district: str
    initiative: InitiativeKind
    horizon_years: int
    item_count: int
    updated_at: datetime
    currency: str
    total_cost: Decimal | None = None
    npv: Decimal | None = None
    payback_year: int | None = None
    problem: str = ""  # why the figures are missing, when the proposal cannot be computed


MAX_NAME_LENGTH = 200


def unique_proposal_name(session: Session, wanted: str, *, skip_id: int | None = None) -> str:
    wanted = wanted.strip() or "Untitled proposal"
    taken = {
        name_key(name)
        for name in session.scalars(select(Proposal.name).where(Proposal.id != (skip_id or -1)))
    }
    name, number = wanted, 2
    while name_key(name) in taken:
        suffix = f" ({number})"
        name, number = wanted[: MAX_NAME_LENGTH - len(suffix)] + suffix, number + 1
    return name


def create_proposal(library: Library, name: str, **basics: Any) -> int:
    """A blank proposal with sensible basics (the next fiscal year to start, five years)."""
    values = validate_changes("proposal", {"name": name, **basics})
    if "fiscal_year_start" not in values:
        values["fiscal_year_start"] = next_fiscal_year(values.get("fiscal_year_start_month", 7))
    with library.transaction() as session:
        values["name"] = unique_proposal_name(session, values["name"])
        proposal = Proposal(**values)
        session.add(proposal)
        session.flush()
        return int(proposal.id)


def next_fiscal_year(start_month: int) -> int:
    """The calendar year the next fiscal year to begin starts in: a case written in November
    asks for next July's budget. The year under way (begun in July) is half spent; a blank
    proposal started there had a plan year 1 five months old, with no word of it."""
    today = utc_now()
    return today.year + (1 if today.month >= start_month else 0)


def create_from_template(library: Library, name: str | None = None) -> int:
    """A new proposal from the 1:1 template, with its illustrative items, risks and metrics."""
    from desktop.services.proposal_format import import_file

    return import_file(library, resource(*TEMPLATE_FILE), name=name)


def template_items(headcounts: Headcounts = None) -> list[dict[str, Any]]:
    """The 1:1 template's typical items, each as the values of a new item row (its
    illustrative figures and where they come from; not its links, which name the template's
    own goals, risks and metrics): what a proposal started blank can add from, in the order the
    template lists them.

    With ``headcounts`` (the proposal's students, teachers and other staff; a number alone is
    its students), each quantity is sized to them by what the template says it counts (a
    device per student, a learning day per teacher, a licence for everyone), rounded up to
    whole units: a district of 900 got 4,000 filter licences and three technicians, and a
    total four times its own. An item counted per building or once (the internet upgrade, the
    repair depot) keeps the template's quantity. See ``template_sizing``."""
    from desktop.services.fields import ITEM_FIELDS

    names = [spec.name for spec in ITEM_FIELDS]
    document = template_document()
    items = [{name: item[name] for name in names if name in item} for item in document["items"]]
    if headcounts is None:
        return items
    counts = counts_in_use(headcounts)
    for item, size in zip(items, template_item_sizes(), strict=True):
        quantity = sized_quantity(size, counts)
        if quantity != size.quantity:
            item["quantity"] = str(quantity)
    return items


def template_students() -> int:
    """The enrolment the template's quantities are sized for."""
    return template_headcounts()["students"]


def add_sample_proposal(library: Library) -> int:
    """The complete sample proposal (a fictional district), shown on a first start."""
    from desktop.services.proposal_format import import_file

    return import_file(library, resource(*SAMPLE_FILE))


def ensure_sample_if_empty(library: Library) -> int | None:
    """Give a first-time user something to look at: add the sample when the library is empty.

    Only the GUI calls this; headless commands never add proposals on their own."""
    if proposal_count(library) == 0:
        return add_sample_proposal(library)
    return None


def proposal_count(library: Library) -> int:
    with library.reading() as session:
        return int(session.scalar(select(func.count(Proposal.id))) or 0)


def find_proposal(library: Library, id_or_name: str | int) -> int:
    """Resolve what a user typed after ``--proposal``: an exact name first, then an id."""
    text = str(id_or_name).strip()
    with library.reading() as session:
        by_name = session.scalar(select(Proposal.id).where(Proposal.name == str(id_or_name)))
        if by_name is None:  # as typed, or as a reader sees it (composed alike, nothing unseen)
            wanted = name_key(str(id_or_name))
            rows = session.execute(select(Proposal.id, Proposal.name)).all()
            # A name stored as bytes (a library changed outside Buy-In) is no one's name.
            alike = [
                row.id for row in rows if isinstance(row.name, str) and name_key(row.name) == wanted
            ]
            if len(alike) > 1:  # saved before names were compared so: not one to pick blindly
                raise NotFoundError(
                    f"{len(alike)} proposals are called {id_or_name!r} as far as the eye can "
                    f"tell (numbers {', '.join(map(str, sorted(alike)))}); give the number."
                )
            by_name = alike[0] if alike else None
        by_id = None
        if re.fullmatch(r"[0-9]{1,18}", text):
            by_id = session.scalar(select(Proposal.id).where(Proposal.id == int(text)))
    if by_name is not None and by_id is not None and by_name != by_id:
        raise NotFoundError(
            f"{id_or_name!r} is both the name of proposal {by_name} and the number of another "
            "proposal; rename one of them, or give the other's full name."
        )
    found = by_name if by_name is not None else by_id
    if found is None:
        raise NotFoundError(f"No proposal is called or numbered {id_or_name!r}.")
    return int(found)


def proposal_name(library: Library, proposal_id: int) -> str:
    with library.reading() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("That proposal no longer exists.")
        return proposal.name


def proposal_basics(library: Library, proposal_id: int) -> dict[str, Any]:
    """The proposal's own fields (not its rows), as plain values."""
    from desktop.services.editing import column_values

    with library.reading() as session:
        proposal = session.get(Proposal, proposal_id)
        if proposal is None:
            raise NotFoundError("That proposal no longer exists.")
        return column_values(proposal)


def item_counts(library: Library) -> dict[int, int]:
    """How many items each proposal holds (a proposal without items is left out)."""
    with library.reading() as session:
        return {
            int(proposal_id): int(count)
            for proposal_id, count in session.execute(
                select(Item.proposal_id, func.count(Item.id)).group_by(Item.proposal_id)
            )
        }


def list_proposals(library: Library, *, with_figures: bool = True) -> list[ProposalListing]:
    """Every proposal, most recently edited first, with TCO, NPV and payback when computable."""
    with library.reading() as session:
        counts: dict[int, int] = {
            proposal_id: count
            for proposal_id, count in session.execute(
                select(Item.proposal_id, func.count(Item.id)).group_by(Item.proposal_id)
            )
        }
        try:
            rows = session.execute(
                select(Proposal.id, *_LISTED).order_by(Proposal.updated_at.desc(), Proposal.id)
            ).all()
            listings = [_listing(row[0], row[1:], counts) for row in rows]
        except UNREADABLE:
            # A value no Buy-In wrote (a library changed outside it) stopped the whole list, and
            # every proposal went out of view: each is read alone, the damaged one said so.
            ids = session.scalars(select(Proposal.id).order_by(Proposal.id)).all()
            listings = [_listing_alone(session, proposal_id, counts) for proposal_id in ids]
            listings.sort(key=lambda listing: listing.updated_at, reverse=True)
    if not with_figures:
        return listings
    return [listing_with_figures(library, listing) for listing in listings]


# What a listing shows of a proposal, in the order ``_listing`` takes it.
_LISTED = (
    Proposal.name,
    Proposal.district,
    Proposal.initiative,
    Proposal.horizon_years,
    Proposal.updated_at,
    Proposal.currency,
)


# What each listed column must hold, and what a listing shows when it cannot be read.
_KINDS = (str, str, InitiativeKind, int, datetime, str)
_FALLBACKS: tuple[Any, ...] = ("", "", InitiativeKind.ONE_TO_ONE, 0, UNKNOWN_MOMENT, "")
_WORDS = ("name", "district", "initiative", "plan length", "last edit", "currency")


def _listing(proposal_id: int, values: Sequence[Any], counts: dict[int, int]) -> ProposalListing:
    """A listing of the values read; ``ValueError`` naming the first not of its kind."""
    for value, kind, words in zip(values, _KINDS, _WORDS, strict=True):
        if not isinstance(value, kind):
            raise ValueError(f"its {words} is not of its kind")
    name, district, initiative, horizon, updated, currency = values
    return ProposalListing(
        id=proposal_id,
        name=name,
        district=district,
        initiative=initiative,
        horizon_years=horizon,
        item_count=int(counts.get(proposal_id, 0)),
        updated_at=updated,
        currency=currency,
    )


def _listing_alone(session: Session, proposal_id: int, counts: dict[int, int]) -> ProposalListing:
    """One proposal's listing, read by itself and column by column: what can be read is shown
    (its name above all), with the reason the rest cannot, so that it can be found, deleted or
    the library restored; its figures are not worked out."""
    from desktop.services.snapshot import damaged

    values: list[Any] = []
    problem = ""
    for column, kind, fallback, words in zip(_LISTED, _KINDS, _FALLBACKS, _WORDS, strict=True):
        try:
            value = session.execute(select(column).where(Proposal.id == proposal_id)).scalar()
            if not isinstance(value, kind):
                raise ValueError(f"its {words} is not of its kind")
        except UNREADABLE as error:
            value = fallback
            problem = problem or str(damaged(proposal_id, error))
        values.append(value)
    listing = _listing(proposal_id, values, counts)
    if not listing.name:
        listing = replace(listing, name=f"Proposal {proposal_id}")
    return replace(listing, problem=problem)


def listing_with_figures(library: Library, listing: ProposalListing) -> ProposalListing:
    """``listing`` with its proposal's figures, or with why they cannot be worked out: for
    ``buyin list`` and for Home's worker alike."""
    if listing.problem:  # its own values could not be read: nor can its figures
        return listing

    from desktop.finance import ValidationError, compute
    from desktop.services.snapshot import DamagedProposalError, proposal_input

    try:
        result = compute(proposal_input(library, listing.id))
    except (ValidationError, DamagedProposalError) as error:
        return replace(listing, problem=str(error).splitlines()[0])
    return replace(
        listing, total_cost=result.tco_total, npv=result.npv, payback_year=result.payback_year
    )


def left_outside_plan(library: Library, proposal_id: int, horizon: int) -> tuple[Decimal, int]:
    """The funding entered for plan years after ``horizon``, and how many items start after it:
    kept in the library, but in none of the plan's figures."""
    from desktop.models import FundingAmount, FundingSource

    with library.reading() as session:
        amounts = session.scalars(
            select(FundingAmount.amount)
            .join(FundingSource, FundingSource.id == FundingAmount.source_id)
            .where(FundingSource.proposal_id == proposal_id, FundingAmount.year > horizon)
        ).all()
        items = session.scalar(
            select(func.count(Item.id)).where(
                Item.proposal_id == proposal_id, Item.start_year > horizon
            )
        )
    return sum(amounts, Decimal(0)), int(items or 0)


def rename_proposal(library: Library, proposal_id: int, new_name: str) -> str:
    """Rename; returns the old name. Refuses a name another proposal already has."""
    from desktop.services.editing import update_proposal

    return str(update_proposal(library, proposal_id, {"name": new_name})["name"])


def duplicate_proposal(library: Library, proposal_id: int, new_name: str | None = None) -> int:
    """An exact copy (rows, links, funding, scenarios, logo) under a new name, as a draft: a
    copy of a final case is next year's version or a variant, which nobody has approved.

    One transaction copies the stored rows as they are (see ``proposal_copy``): a 10,000-item
    proposal took 8 seconds when it went out as a document and was imported again."""
    from desktop.services.fields import parse_field
    from desktop.services.proposal_copy import copy_proposal

    # A name given is checked as any name is (an empty one is refused, not quietly replaced),
    # before anything is written.
    given = None if new_name is None else parse_field("proposal", "name", new_name)
    with library.transaction() as session:
        original = session.scalar(select(Proposal.name).where(Proposal.id == proposal_id))
        if original is None:
            raise NotFoundError("That proposal no longer exists.")
        # None: the usual "Copy of …", within the longest a name may be.
        name = given or parse_field("proposal", "name", f"Copy of {original}"[:MAX_NAME_LENGTH])
        copy_id = copy_proposal(
            session, proposal_id, unique_proposal_name(session, name), utc_now()
        )
        if copy_id is None:
            raise NotFoundError("That proposal no longer exists.")
        return copy_id


def delete_proposal(library: Library, proposal_id: int) -> DeletedProposal:
    """Delete a proposal and everything in it; returns its rows as they were, for
    ``restore_proposal`` to put back.

    The rows are read and deleted in one transaction (see ``proposal_removal``): nothing saved
    meanwhile can be missing from what an undo brings back."""
    with library.transaction() as session:
        deleted = take_proposal(session, proposal_id)
        if deleted is None:
            raise NotFoundError("That proposal no longer exists.")
        return deleted


def restore_proposal(library: Library, deleted: DeletedProposal) -> int:
    """Undo ``delete_proposal``: the proposal comes back as it was, under its own id, with its
    rows, links, funding, scenarios, logo and last-edited time; returns its id. Its name too,
    unless another proposal has taken it meanwhile: then it gets "… (2)", as an import would."""
    with library.transaction() as session:
        return put_back(session, deleted, _free_name(session, deleted.proposal["name"]))


def _free_name(session: Session, name: Any) -> Any:
    """``name`` as it is stored, or a new one when another proposal has it (as a reader sees
    it: composed alike, nothing unseen)."""
    if not isinstance(name, str):  # stored so outside Buy-In: no other's name
        return name
    wanted = name_key(name)
    taken = (other for other in session.scalars(select(Proposal.name)) if isinstance(other, str))
    if any(name_key(other) == wanted for other in taken):
        return unique_proposal_name(session, name)
    return name
