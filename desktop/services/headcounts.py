"""Quantities and exposures sized to the district's headcounts.

A filter licence for every student, training for every teacher and staff member, a risk that
touches every device: such figures were typed as the headcount of the day. When the headcount
changes on Basics they stayed as they were, and the cost per student fell as if the district
had bought for more students at no cost. ``sized_to_headcounts`` finds the items and risks whose
figure is exactly an old headcount (or a sum of them: everyone, or all staff) that changed, so
the director can be asked whether they follow. Items added from the 1:1 template are sized by
the template's own ratios to what each counts (1,040 device licences for 1,000 students, two
coaches for 260 teachers; see ``template_sizing``): one still at the template's quantity for the
old headcounts follows what it counts the same way, and nothing else.

E-Rate typed as the share of the eligible items' cost its note states comes along: the access
points and switches that follow the students take their E-Rate discount with them, in the same
question (see ``desktop.finance.e_rate``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from desktop.finance.money import format_percent
from desktop.models import FundingSource, Item, Scenario, ScenarioItem
from desktop.services.editing import ROW_MODELS
from desktop.services.library import Library
from desktop.vocabulary import FundingKind, SizedBy
from desktop.wording import name_key

HEADCOUNTS = ("students", "teachers", "staff")
# The counts a figure may be sized to, and how each is said.
_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("students",), "students"),
    (("teachers",), "teachers"),
    (("staff",), "other staff"),
    (("teachers", "staff"), "all staff"),
    (("students", "teachers"), "students and teachers"),
    (("students", "teachers", "staff"), "everyone"),
)


@dataclass(frozen=True)
class SizedFigure:
    """An item's quantity or a risk's exposure equal to a headcount that changed."""

    # "item", "risk", "scenario_entry" (an item's quantity in a scenario), or "funding_amount"
    # (an E-Rate source's amount in one plan year, following the items it discounts)
    entity: str
    row_id: int  # the item's or risk's id; the scenario's for a scenario entry; the source's
    name: str  # for a scenario entry, the item's name; for a funding amount, the source's
    field: str  # "quantity", "exposure" or "amount"
    old: Decimal
    new: Decimal
    counts: str  # what it counts: "students", "all staff", "everyone"...
    item_id: int | None = None  # a scenario entry's item
    scenario: str = ""  # a scenario entry's scenario name
    year: int | None = None  # a funding amount's plan year


E_RATE = "funding_amount"  # the entity of an E-Rate amount that follows the items it discounts


def sized_to_headcounts(
    library: Library,
    proposal_id: int,
    before: Mapping[str, int | None],
    after: Mapping[str, int | None],
) -> list[SizedFigure]:
    """The items and risks whose quantity or exposure is a headcount (or a sum of them) that
    ``before`` and ``after`` differ in, with the figure it becomes. A figure that also equals a
    count that did not change is left alone: which one it counts cannot be told."""

    def total(counts: Mapping[str, int | None], names: tuple[str, ...]) -> int:
        return sum(int(counts.get(name) or 0) for name in names)

    changed: dict[Decimal, tuple[Decimal, str]] = {}
    unchanged: set[Decimal] = set()
    for names, said in _GROUPS:
        old, new = total(before, names), total(after, names)
        if old <= 0 or new <= 0:
            continue  # a count of none is no size to move a figure to
        if old == new:
            unchanged.add(Decimal(old))
        else:
            changed.setdefault(Decimal(old), (Decimal(new), said))
    for figure in unchanged:
        changed.pop(figure, None)
    templated = _template_quantities(before, after)
    if not changed and not any(templated.values()):
        return []
    found = []
    for entity, field, label in (("item", "quantity", "name"), ("risk", "exposure", "title")):
        for row_id, name, value in _figures(library, proposal_id, entity, field, label):
            if not isinstance(value, Decimal):
                continue
            key = (name_key(name).casefold(), value)
            # A template item as the template sized it follows what it counts, and only that:
            # a quantity that happens to equal a headcount says less of what it counts.
            move = templated[key] if entity == "item" and key in templated else changed.get(value)
            if move is not None:
                becomes, said = move
                found.append(SizedFigure(entity, row_id, name, field, value, becomes, said))
    found.extend(_e_rate_following(library, proposal_id, found))
    # A scenario's own quantity for an item ("one learning day per teacher" in a lean
    # scenario) counts the same heads: left at the old count, the scenario compared a plan
    # for last year's staff with this year's proposal.
    for scenario_id, scenario, item_id, name, value in _scenario_quantities(library, proposal_id):
        move = changed.get(value)
        if move is not None:
            becomes, said = move
            found.append(
                SizedFigure(
                    "scenario_entry", scenario_id, name, "quantity", value, becomes, said,
                    item_id=item_id, scenario=scenario,
                )
            )  # fmt: skip
    return found


def _e_rate_following(
    library: Library, proposal_id: int, found: list[SizedFigure]
) -> list[SizedFigure]:
    """The E-Rate amounts that keep the share their notes state of the eligible items' cost
    once the items ``found`` move (see ``desktop.finance.e_rate``), in the sources' order and
    year by year: left behind, the case kept "60% of the Wi-Fi and switching purchases" beside
    the old purchases' discount."""
    quantities = {f.row_id: f.new for f in found if f.entity == "item"}
    if not quantities:
        return []
    from desktop.finance.e_rate import e_rate_check, e_rate_following, says_eligible
    from desktop.services.snapshot import proposal_input

    # The whole proposal is read only when E-Rate may follow: an eligible item moved, and the
    # proposal has E-Rate (a headcount change on 10,000 items stays quick).
    with library.reading() as session:
        has_e_rate = session.scalar(
            select(FundingSource.id).where(
                FundingSource.proposal_id == proposal_id,
                FundingSource.kind == FundingKind.E_RATE,
            )
        )
        noted = session.execute(
            select(Item.id, Item.notes).where(
                Item.proposal_id == proposal_id, Item.notes.like("%rate%eligible%")
            )
        )
        moved = {row_id for row_id, note in noted if row_id in quantities and says_eligible(note)}
        if has_e_rate is None or not moved:
            return []

    data = proposal_input(library, proposal_id)
    following = e_rate_following(data, quantities)
    check = e_rate_check(data)
    if not following or check is None:
        return []
    said = f"{format_percent(check.share, 0)} of the eligible items' cost, as its notes state"
    figures = []
    for source in data.funding:
        for year in range(1, data.horizon_years + 1):
            move = following.get((source.key, year))
            if move is not None:
                was, becomes = move
                figures.append(
                    SizedFigure(
                        E_RATE, source.key, source.name, "amount", was, becomes, said, year=year
                    )
                )
    return figures


def _scenario_quantities(
    library: Library, proposal_id: int
) -> list[tuple[int, str, int, str, Decimal]]:
    """(scenario id, scenario name, item id, item name, quantity) of each item a scenario buys
    at a quantity of its own, in the scenarios' and the items' order."""
    with library.reading() as session:
        rows = session.execute(
            select(Scenario.id, Scenario.name, Item.id, Item.name, ScenarioItem.quantity_override)
            .join(ScenarioItem, ScenarioItem.scenario_id == Scenario.id)
            .join(Item, Item.id == ScenarioItem.item_id)
            .where(Scenario.proposal_id == proposal_id)
            .where(ScenarioItem.quantity_override.is_not(None))
            .order_by(Scenario.position, Scenario.id, Item.position, Item.id)
        )
        return [
            (int(scenario_id), str(scenario), int(item_id), str(name), value)
            for scenario_id, scenario, item_id, name, value in rows
            if isinstance(value, Decimal)
        ]


def _figures(
    library: Library, proposal_id: int, entity: str, field: str, label: str
) -> list[tuple[int, str, Decimal | None]]:
    """(id, name, figure) of each of the proposal's rows of ``entity``, in order: the three
    columns, not whole rows (10,000 items took half a second as rows, after every headcount
    change)."""
    model = ROW_MODELS[entity]
    with library.reading() as session:
        rows = session.execute(
            select(model.id, getattr(model, label), getattr(model, field))
            .where(model.proposal_id == proposal_id)
            .order_by(model.position, model.id)
        )
        return [(int(row_id), str(name), value) for row_id, name, value in rows]


def _template_quantities(
    before: Mapping[str, int | None], after: Mapping[str, int | None]
) -> dict[tuple[str, Decimal], tuple[Decimal, str] | None]:
    """(template item's name, its quantity for the ``before`` headcounts) → (its quantity for
    ``after``, what it counts), or None when what it counts did not change: the template's
    items as a proposal holds them, each following only what it counts. Sized by the students
    alone, a change of students moved the teachers' learning days and the buildings' core
    network, and a change of teachers then found the learning days at no count of theirs.

    The new quantity is the template's own in proportion to ``after``, rounded to the nearest
    whole unit: rounded up, as the Typical items dialog sizes them, 4,000 students becoming
    4,001 offered a fourth help desk technician and a third coach."""
    from desktop.services.template_sizing import (
        basis_count,
        counts_in_use,
        estimated,
        sized_quantity,
        template_item_sizes,
    )

    was_counts, now_counts = counts_in_use(before), counts_in_use(after)
    guessed = set(estimated(after))
    known: dict[tuple[str, Decimal], tuple[Decimal, str] | None] = {}
    for size in template_item_sizes():
        name = name_key(size.name).casefold()
        becomes = sized_quantity(size, now_counts, ROUND_HALF_UP)
        # Teachers or staff not entered are taken from the students: an item counting them
        # moves in proportion to the students, and is said so.
        counted = size.sized_by.headcounts
        basis = SizedBy.STUDENTS if set(counted) - {"students"} <= guessed else size.sized_by
        said = f"in proportion to {basis.label}, as the 1:1 template sizes it"
        if basis is size.sized_by and becomes == basis_count(basis, now_counts):
            said = basis.label  # one for each: the count itself, as a count typed is said
        # Sized for ``before`` as the Typical items dialog adds it (rounded up), or as an
        # earlier change of headcount moved it (to the nearest): a second change found only
        # the first, and left ten items at the old enrollment.
        for was in {
            sized_quantity(size, was_counts),
            sized_quantity(size, was_counts, ROUND_HALF_UP),
        }:
            known[(name, was)] = None if becomes == was else (becomes, said)
    return known
