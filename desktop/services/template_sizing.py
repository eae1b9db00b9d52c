"""The 1:1 template's typical items sized to a district's own headcounts.

Each item of the template says what its quantity counts (``sized_by``): a device per student, a
learning day per teacher, a training seat for every member of staff, a sign-in licence for
everyone, a core switch per building, one internet upgrade. Sized by the students alone, a
district of 6,200 students and 410 teachers was offered 403 learning days and 14 buildings' core
network while it had nine buildings.

A headcount the proposal does not have yet (teachers and other staff stay 0 until they are
entered on Basics) is taken from the students at the template's own ratio, so that a proposal
started blank still gets learning days and training seats; they follow the real count once it
is entered. Buildings are not a headcount the proposal keeps: an item counted per building keeps
the template's quantity, for the director to replace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

from desktop.vocabulary import SizedBy

HEADCOUNTS = ("students", "teachers", "staff")
WHOLE = Decimal(1)

# How a count of people is given: a mapping of the proposal's headcounts (a missing, empty or
# zero one is not entered yet), or the students alone.
Headcounts = Mapping[str, int | None] | int | None


@dataclass(frozen=True)
class TemplateItemSize:
    """A template item's name, its quantity in the template and what that quantity counts."""

    name: str
    quantity: Decimal
    sized_by: SizedBy


@cache
def template_document() -> dict[str, Any]:
    """The template file, read and checked once (the Typical items dialog asks for its items
    and its headcounts each time it opens). Callers copy what they change."""
    from desktop.paths import TEMPLATE_FILE, resource
    from desktop.services.proposal_format import read_document

    return read_document(resource(*TEMPLATE_FILE))


def template_headcounts() -> dict[str, int]:
    """The students, teachers and other staff the template's quantities are sized for."""
    basics = template_document()["proposal"]
    return {name: int(basics[name]) for name in HEADCOUNTS}


def template_item_sizes() -> list[TemplateItemSize]:
    """Each template item's size, in the template's order. An item that does not say what it
    counts keeps its quantity."""
    return [
        TemplateItemSize(
            str(item["name"]),
            Decimal(str(item["quantity"])),
            SizedBy(item.get("sized_by", SizedBy.FIXED)),
        )
        for item in template_document()["items"]
    ]


def entered(headcounts: Headcounts) -> dict[str, int]:
    """The headcounts given and above zero, by name (a number alone is the students)."""
    if headcounts is None:
        return {}
    if isinstance(headcounts, int):
        headcounts = {"students": headcounts}
    return {name: int(value) for name in HEADCOUNTS if (value := headcounts.get(name) or 0) > 0}


def counts_in_use(headcounts: Headcounts) -> dict[str, Decimal]:
    """The headcounts the items are sized to: those entered, and the others taken from the
    students at the template's ratio (the template's own when no students are given)."""
    template = template_headcounts()
    given = entered(headcounts)
    students = Decimal(given.get("students", template["students"]))
    return {
        name: Decimal(given[name])
        if name in given
        else students * template[name] / template["students"]
        for name in HEADCOUNTS
    }


def estimated(headcounts: Headcounts) -> tuple[str, ...]:
    """The headcounts taken from the students because they are not entered, in order."""
    given = entered(headcounts)
    return tuple(name for name in HEADCOUNTS if name not in given) if given else ()


def basis_count(sized_by: SizedBy, counts: Mapping[str, Decimal]) -> Decimal | None:
    """How many of what ``sized_by`` counts there are; None for what no headcount gives."""
    names = sized_by.headcounts
    return sum((counts[name] for name in names), Decimal(0)) if names else None


def sized_quantity(
    size: TemplateItemSize, counts: Mapping[str, Decimal], rounding: str = ROUND_CEILING
) -> Decimal:
    """``size``'s quantity for ``counts`` (see ``counts_in_use``): in proportion to what it
    counts, to a whole unit by ``rounding`` and never below one; as the template has it when
    it is counted per building or once."""
    template = counts_in_use(template_headcounts())
    have, had = basis_count(size.sized_by, counts), basis_count(size.sized_by, template)
    if have is None or had is None or not had or have == had:
        return size.quantity
    scaled = (size.quantity * have / had).quantize(WHOLE, rounding)
    return max(scaled, WHOLE) if size.quantity >= WHOLE else scaled
