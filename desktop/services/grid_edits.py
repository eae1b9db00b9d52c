"""Edits of a proposal's grids: item links to goals, risks and metrics; funding amounts by year;
which items each scenario includes, and at what quantity.

Like every edit in ``desktop.services.editing``, each function validates first and writes in one
transaction, and returns what an undo needs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.finance.inputs import ItemInput
from desktop.finance.money import format_number
from desktop.finance.validation import MAX_HORIZON_YEARS, item_too_large, items_too_large
from desktop.models import (
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
from desktop.services.bulk import batches
from desktop.services.fields import (
    MAX_MONEY,
    FieldError,
    FieldSpec,
    field_spec,
    parse_field,
    parse_value,
)
from desktop.services.library import Library
from desktop.services.lookup import get_row, touch_proposal
from desktop.services.template_marks import illustrative_funding_notes
from desktop.wording import quoted

LinkKind = Literal["goal", "risk", "metric"]
LINK_MODELS: dict[str, tuple[type[ItemGoalLink | ItemRiskLink | ItemMetricLink], str]] = {
    "goal": (ItemGoalLink, "goal_id"),
    "risk": (ItemRiskLink, "risk_id"),
    "metric": (ItemMetricLink, "metric_id"),
}


RATIONALE_FIELD = FieldSpec("rationale", "Why the item serves the goal", "text", max_length=500)


def funding_amount_field(year: int) -> FieldSpec:
    return FieldSpec("amount", f"Year {year} amount", "money", Decimal(0), MAX_MONEY)


# The item fields whose product with the quantity (and the plan's price rises) the engine limits.
SIZED_ITEM_FIELDS = frozenset({"quantity", "unit_cost", "recurring_unit_cost", "annual_savings"})


# What checking an item needs beyond the item: its proposal and its largest scenario quantity
# (None: in no scenario, or at its own quantity in each), when the caller has read them.
Known = tuple[Proposal, Decimal | None]


def refuse_too_large(session: Session, item: Item, *, known: Known | None = None) -> None:
    """Raise ``FieldError`` when ``item``, as changed in ``session`` and not yet committed, would
    cost or save more in a year than the engine computes (the quantity times a cost, grown by
    the plan's price rises, or at its largest scenario quantity): saved, it would leave the
    proposal without figures and every export refused until it was fixed. ``known``: the
    proposal and the largest scenario quantity, read once for thousands of pasted rows rather
    than read again, and the scenarios searched, for each."""
    problem = _too_large(session, item, known=known)
    if problem is not None:
        field, message = problem
        raise FieldError(field_spec("item", field).label, message.rstrip("."))


def _too_large(
    session: Session, item: Item, *, known: Known | None = None
) -> tuple[str, str] | None:
    """The first of ``item``'s yearly amounts past the engine's limit, as (field, message)."""
    if known is None:
        stored = session.get(Proposal, item.proposal_id)
        if stored is None:
            return None
        known = (stored, largest_scenario_quantities(session, [item.id]).get(item.id))
    proposal, largest = known
    problems = item_too_large(
        ItemInput(
            key=item.id,
            name=item.name,
            category=item.category,
            quantity=Decimal(item.quantity),
            unit_cost=Decimal(item.unit_cost),
            recurring_unit_cost=Decimal(item.recurring_unit_cost),
            lifespan_years=item.lifespan_years,
            start_year=item.start_year,
            annual_savings=Decimal(item.annual_savings),
        ),
        horizon_years=proposal.horizon_years,
        purchase_escalation_rate=Decimal(proposal.purchase_escalation_rate),
        recurring_escalation_rate=Decimal(proposal.recurring_escalation_rate),
        currency=proposal.currency,
        largest_scenario_quantity=largest,
    )
    return problems[0] if problems else None


def largest_scenario_quantities(session: Session, item_ids: Collection[int]) -> dict[int, Decimal]:
    """Each item's largest quantity in a scenario that sets one, for the items that have one."""
    largest: dict[int, Decimal] = {}
    for batch in batches(item_ids):
        for item_id, quantity in session.execute(
            select(ScenarioItem.item_id, ScenarioItem.quantity_override).where(
                ScenarioItem.item_id.in_(batch), ScenarioItem.quantity_override.is_not(None)
            )
        ):
            if quantity is not None:
                found = Decimal(quantity)
                largest[item_id] = max(found, largest.get(item_id, found))
    return largest


# The proposal fields that scale every item's yearly amounts: the horizon and the price rises.
SCALING_PROPOSAL_FIELDS = ("horizon_years", "purchase_escalation_rate", "recurring_escalation_rate")


def items_past_limit(session: Session, proposal_id: int) -> dict[tuple[int, str], tuple[str, str]]:
    """The items' yearly amounts past what the engine computes, as the session sees the
    proposal now: (item id, field) → (item name, the engine's message)."""
    from desktop.services.snapshot import proposal_input_in

    session.flush()
    return items_too_large(proposal_input_in(session, proposal_id))


def refuse_scaling_past_limit(
    field: str,
    before: dict[tuple[int, str], tuple[str, str]],
    after: dict[tuple[int, str], tuple[str, str]],
) -> None:
    """Raise ``FieldError`` for ``field`` (a proposal field of ``SCALING_PROPOSAL_FIELDS``) when
    changing it took an item past the engine's limit that was within it before (``before`` and
    ``after`` from ``items_past_limit``). An item already past it does not block the change, so
    a director fixing a proposal can lower a rate step by step."""
    new = [after[key] for key in after if key not in before]
    if new:
        name, message = new[0]
        more = f" (and {len(new) - 1:,} more)" if len(new) > 1 else ""
        raise FieldError(
            field_spec("proposal", field).label,
            f"with it, item {quoted(name)}{more} would be past what the figures can hold: "
            f"{message.rstrip('.')}",
        )


# --- links -----------------------------------------------------------------------------------


def set_link(
    library: Library,
    kind: LinkKind,
    item_id: int,
    target_id: int,
    linked: bool,
    rationale: str = "",
) -> bool:
    """Link or unlink an item and a goal / risk / metric; returns whether it was linked before."""
    model, column = LINK_MODELS[kind]
    if kind == "goal":
        rationale = parse_value(RATIONALE_FIELD, rationale)
    with library.transaction() as session:
        item = get_row(session, Item, item_id, "item")
        target_model = {"goal": Goal, "risk": Risk, "metric": Metric}[kind]
        target = get_row(session, target_model, target_id, kind)
        if target.proposal_id != item.proposal_id:
            raise ValueError("An item can only be linked within its own proposal.")
        existing = session.get(model, (item_id, target_id))
        was_linked = existing is not None
        if linked and existing is None:
            extra = {"rationale": rationale} if kind == "goal" else {}
            session.add(model(item_id=item_id, **{column: target_id}, **extra))
        elif linked and kind == "goal" and existing is not None:
            existing.rationale = rationale  # type: ignore[attr-defined]
        elif not linked and existing is not None:
            session.delete(existing)
        touch_proposal(session, item.proposal_id)
    return was_linked


def link_state(library: Library, proposal_id: int, kind: LinkKind) -> dict[tuple[int, int], str]:
    """Every (item id, target id) link of one kind in the proposal, with its rationale ("")."""
    model, column = LINK_MODELS[kind]
    link: Any = model  # every link model has item_id; the union hides it from the checker
    with library.reading() as session:
        rows: Any = session.execute(
            select(model).join(Item, Item.id == link.item_id).where(Item.proposal_id == proposal_id)
        ).scalars()
        return {
            (link_row.item_id, getattr(link_row, column)): getattr(link_row, "rationale", "")
            for link_row in rows
        }


# --- funding amounts and scenario entries ----------------------------------------------------


def set_funding_amount(library: Library, source_id: int, year: int, amount: Any) -> Decimal:
    """Set what a funding source brings in plan ``year``; returns the previous amount."""
    return set_funding_amounts(library, {(source_id, year): amount})[(source_id, year)]


def set_funding_amounts(
    library: Library, amounts: dict[tuple[int, int], Any]
) -> dict[tuple[int, int], Decimal]:
    """Set many (source id, plan year) amounts all or none (see ``change_funding_amounts``);
    returns the previous amounts."""
    return change_funding_amounts(library, amounts).amounts


@dataclass(frozen=True)
class FundingAmountsChange:
    """What a change of funding amounts replaced, for its undo: the previous amount of each
    (source id, plan year) it set, and the previous notes of the sources whose notes it wrote."""

    amounts: dict[tuple[int, int], Decimal]
    notes: dict[int, str]


def change_funding_amounts(
    library: Library,
    amounts: dict[tuple[int, int], Any],
    *,
    notes: dict[int, str] | None = None,
) -> FundingAmountsChange:
    """Set many (source id, plan year) amounts all or none: every amount is validated first, then
    all are written in one transaction. Returns what they replaced (for undo).

    An amount of a template source replaced by the director is theirs: the template's note
    ("Illustrative: the operating budget covers…") no longer describes it, and kept, it printed
    in the PDF beside the district's own figures. The same change empties it (undo puts both
    back), as a new price clears an item's note on where its figures come from. ``notes``
    (source id → note) are written as given instead, and nothing else is cleared: the undo of
    a change that cleared some."""
    values: dict[tuple[int, int], Decimal] = {}
    for (source_id, year), amount in amounts.items():
        if not 1 <= year <= MAX_HORIZON_YEARS:
            # A year past any plan would be exported and then refused by the import.
            raise FieldError("Year", f"must be from 1 to {MAX_HORIZON_YEARS}")
        values[(source_id, year)] = parse_value(funding_amount_field(year), amount)
    previous: dict[tuple[int, int], Decimal] = {}
    previous_notes: dict[int, str] = {}
    with library.transaction() as session:
        proposal_ids: set[int] = set()
        for (source_id, year), value in values.items():
            source = get_row(session, FundingSource, source_id, "funding source")
            existing = session.get(FundingAmount, (source_id, year))
            previous[(source_id, year)] = (
                existing.amount if existing is not None else Decimal("0.00")
            )
            if existing is None:
                session.add(FundingAmount(source_id=source_id, year=year, amount=value))
            else:
                existing.amount = value
            if notes is None and value != previous[(source_id, year)]:
                _clear_illustrative_note(source, previous_notes)
            proposal_ids.add(source.proposal_id)
        for source_id, note in (notes or {}).items():
            source = get_row(session, FundingSource, source_id, "funding source")
            previous_notes[source_id] = source.notes
            source.notes = note
            proposal_ids.add(source.proposal_id)
        for proposal_id in proposal_ids:
            touch_proposal(session, proposal_id)
    return FundingAmountsChange(previous, previous_notes)


def _clear_illustrative_note(source: FundingSource, previous_notes: dict[int, str]) -> None:
    """Empty the source's note when it is the template's (or the sample's) word that its
    amounts are illustrative, keeping what it said in ``previous_notes``; a note the director
    wrote stays."""
    if source.notes in illustrative_funding_notes():
        previous_notes[source.id] = source.notes
        source.notes = ""


def funding_amounts(library: Library, proposal_id: int) -> dict[tuple[int, int], Decimal]:
    """(source id, year) → amount for every funding source of the proposal."""
    with library.reading() as session:
        rows: Any = session.execute(
            select(FundingAmount.source_id, FundingAmount.year, FundingAmount.amount)
            .join(FundingSource)
            .where(FundingSource.proposal_id == proposal_id)
        )
        return {(source_id, year): amount for source_id, year, amount in rows}


def set_scenario_entry(
    library: Library, scenario_id: int, item_id: int, included: bool, quantity: Any = None
) -> tuple[bool, Decimal | None]:
    """Include an item in a scenario (optionally at another quantity) or leave it out.

    Returns the previous (included, quantity override), for undo."""
    return set_scenario_entries(library, scenario_id, {item_id: (included, quantity)})[item_id]


def set_scenario_entries(
    library: Library, scenario_id: int, entries: dict[int, tuple[bool, Any]]
) -> dict[int, tuple[bool, Decimal | None]]:
    """Include items in a scenario or leave them out, all or none in one transaction: item id →
    (included, quantity override or None for the item's own). Returns each item's previous
    (included, override), which undoes the change when given back."""
    overrides = {
        item_id: parse_field("item", "quantity", quantity)
        if included and quantity not in (None, "")
        else None
        for item_id, (included, quantity) in entries.items()
    }
    previous: dict[int, tuple[bool, Decimal | None]] = {}
    with library.transaction() as session:
        scenario = get_row(session, Scenario, scenario_id, "scenario")
        sized: list[Item] = []
        for item_id, (included, _quantity) in entries.items():
            item = get_row(session, Item, item_id, "item")
            if item.proposal_id != scenario.proposal_id:
                raise ValueError("An item can only be put in a scenario of its own proposal.")
            override = overrides[item_id]
            entry = session.get(ScenarioItem, (scenario_id, item_id))
            previous[item_id] = (
                entry is not None,
                entry.quantity_override if entry is not None else None,
            )
            if included and entry is None:
                session.add(
                    ScenarioItem(
                        scenario_id=scenario_id, item_id=item_id, quantity_override=override
                    )
                )
            elif included and entry is not None:
                entry.quantity_override = override
            elif not included and entry is not None:
                session.delete(entry)
            if override is not None:
                sized.append(item)
        if sized:
            session.flush()
            for item in sized:  # the scenario's quantity counts in the check
                problem = _too_large(session, item)
                if problem is not None:
                    # The quantity typed is what to change: named by the cost it multiplies
                    # ("One-time cost per unit: …"), it sent the director looking for a price.
                    _field, message = problem
                    why = message.removesuffix(" Check both figures.").rstrip(".")
                    raise FieldError(
                        field_spec("item", "quantity").label,
                        f"{format_number(overrides[item.id] or Decimal(0))} of "
                        f"{quoted(item.name)} in the scenario {quoted(scenario.name)} is more "
                        f"than the figures can hold: {why[:1].lower()}{why[1:]}",
                    )
        touch_proposal(session, scenario.proposal_id)
    return previous


def scenario_entries(library: Library, proposal_id: int) -> dict[tuple[int, int], Decimal | None]:
    """(scenario id, item id) → quantity override (None: the item's own) for included items."""
    with library.reading() as session:
        rows: Any = session.execute(
            select(ScenarioItem.scenario_id, ScenarioItem.item_id, ScenarioItem.quantity_override)
            .join(Scenario)
            .where(Scenario.proposal_id == proposal_id)
        )
        return {(scenario_id, item_id): override for scenario_id, item_id, override in rows}


@dataclass(frozen=True)
class LeftOut:
    """The scenarios that leave out some of a set of items (those just added), so that the
    director hears of it: a new item joins only the scenarios that held every other item, and
    an item added to the plan was missing from "Lean" with no word."""

    items: int  # how many items were asked about
    first_name: str  # the first one's name
    # Each scenario leaving out any of them, in the scenarios' order: (name, how many it leaves
    # out).
    scenarios: tuple[tuple[str, int], ...]


def scenarios_leaving_out(library: Library, item_ids: list[int]) -> LeftOut:
    """Which scenarios of the items' proposal leave out any of ``item_ids`` (of one proposal)."""
    if not item_ids:
        return LeftOut(0, "", ())
    with library.reading() as session:
        first = get_row(session, Item, item_ids[0], "item")
        held: dict[int, int] = {}
        for batch in batches(item_ids):
            counted: Any = session.execute(
                select(ScenarioItem.scenario_id, func.count())
                .where(ScenarioItem.item_id.in_(batch))
                .group_by(ScenarioItem.scenario_id)
            )
            for scenario_id, count in counted:
                held[scenario_id] = held.get(scenario_id, 0) + int(count)
        scenarios: Any = session.execute(
            select(Scenario.id, Scenario.name)
            .where(Scenario.proposal_id == first.proposal_id)
            .order_by(Scenario.position, Scenario.id)
        )
        total = len(set(item_ids))
        left = tuple(
            (str(name), total - held.get(scenario_id, 0))
            for scenario_id, name in scenarios
            if held.get(scenario_id, 0) < total
        )
        return LeftOut(total, str(first.name), left)
