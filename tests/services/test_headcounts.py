"""Figures sized to a headcount follow it when the director says so: typed as the count, or
added from the 1:1 template, which sizes its items to the students by its own ratios."""

from __future__ import annotations

from decimal import Decimal

from desktop.services.editing import add_rows
from desktop.services.headcounts import sized_to_headcounts
from desktop.services.library import Library
from desktop.services.proposals import create_proposal, template_items


def test_template_items_added_for_the_starting_enrollment_follow_the_real_one(
    library: Library,
) -> None:
    """A blank proposal starts at 1,000 students; the typical items were added before the
    director typed 2,400 on Basics, and only the four sized one to one followed: 2,400 devices
    were costed with 1,040 device-management licences."""
    proposal_id = create_proposal(library, "Maple Grove", students=1000)
    add_rows(library, proposal_id, "item", template_items(1000))

    figures = sized_to_headcounts(library, proposal_id, {"students": 1000}, {"students": 2400})
    moved = {figure.name: (figure.old, figure.new) for figure in figures}
    expected = {
        item["name"]: (Decimal(str(was["quantity"])), Decimal(str(item["quantity"])))
        for was, item in zip(template_items(1000), template_items(2400), strict=True)
        if was["quantity"] != item["quantity"]
    }
    assert moved == expected
    assert len(moved) > 10  # every item the template sizes to the students, not four
    licences = next(name for name in moved if name.startswith("Device management"))
    assert moved[licences] == (Decimal(1040), Decimal(2496))
    # What is said of each: the ones typed as the count, and the template's ratios.
    said = {figure.counts for figure in figures}
    assert said == {"students", "students, by the 1:1 template's ratio"}


def test_a_template_item_whose_quantity_was_changed_by_hand_is_left_alone(
    library: Library,
) -> None:
    proposal_id = create_proposal(library, "Maple Grove", students=1000)
    rows = template_items(1000)
    licences = next(row for row in rows if row["name"].startswith("Device management"))
    licences["quantity"] = "1100"  # the district's own count
    add_rows(library, proposal_id, "item", [licences])
    assert sized_to_headcounts(library, proposal_id, {"students": 1000}, {"students": 2400}) == []
