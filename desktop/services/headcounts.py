"""Quantities and exposures sized to the district's headcounts.

A filter licence for every student, training for every teacher and staff member, a risk that
touches every device: such figures were typed as the headcount of the day. When the headcount
changes on Basics they stayed as they were, and the cost per student fell as if the district
had bought for more students at no cost. ``sized_to_headcounts`` finds the items and risks whose
figure is exactly an old headcount (or a sum of them: everyone, or all staff) that changed, so
the director can be asked whether they follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from desktop.services.editing import list_rows
from desktop.services.library import Library

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

    entity: str  # "item" or "risk"
    row_id: int
    name: str
    field: str  # "quantity" or "exposure"
    old: Decimal
    new: Decimal
    counts: str  # what it counts: "students", "all staff", "everyone"...


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
    if not changed:
        return []
    found = []
    for entity, field, label in (("item", "quantity", "name"), ("risk", "exposure", "title")):
        for row in list_rows(library, proposal_id, entity):
            value = row.get(field)
            if isinstance(value, Decimal) and value in changed:
                becomes, said = changed[value]
                found.append(
                    SizedFigure(
                        entity, int(row["id"]), str(row[label]), field, value, becomes, said
                    )
                )
    return found
