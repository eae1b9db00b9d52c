"""Figures sized to a headcount follow it when the director says so: typed as the count, or
added from the 1:1 template, which sizes its items to the students by its own ratios."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

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
    assert len(moved) > 10  # every item the template sizes to the students, not four
    named = {name.split(" ")[0]: change for name, change in moved.items()}
    assert moved[next(n for n in moved if n.startswith("Device management"))] == (1040, 2496)
    assert named["Wi-Fi"] == (75, 180) and named["Spare-device"] == (40, 96)
    assert "Internet access upgrade to 10 Gbps" not in moved  # counted once: stays one
    # What is said of each: the ones typed as the count, and the template's ratios.
    said = {figure.counts for figure in figures}
    assert said == {"students", "in proportion to students, as the 1:1 template sizes it"}


def test_a_few_more_students_do_not_add_a_technician(library: Library) -> None:
    """From 4,000 students to 4,001, the template proposal was offered a fourth help desk
    technician, a third coach and a tenth site's backup: +$914,084 for one student, rounded up
    item by item. In proportion and rounded to the nearest unit, only the figures sized one to
    one follow."""
    from desktop.services.proposals import create_from_template

    proposal_id = create_from_template(library)
    figures = sized_to_headcounts(library, proposal_id, {"students": 4000}, {"students": 4001})
    assert figures and all(figure.new - figure.old == 1 for figure in figures)
    assert not any("technician" in figure.name or "coach" in figure.name for figure in figures)


def test_a_template_item_whose_quantity_was_changed_by_hand_is_left_alone(
    library: Library,
) -> None:
    proposal_id = create_proposal(library, "Maple Grove", students=1000)
    rows = template_items(1000)
    licences = next(row for row in rows if row["name"].startswith("Device management"))
    licences["quantity"] = "1100"  # the district's own count
    add_rows(library, proposal_id, "item", [licences])
    assert sized_to_headcounts(library, proposal_id, {"students": 1000}, {"students": 2400}) == []


def test_template_items_follow_a_second_change_of_enrollment(library: Library) -> None:
    """Moved once (4,000 → 2,410, to the nearest unit), the items no longer matched the
    rounded-up sizes the question looked for: a second change (→ 3,000) moved 7 of 17."""
    from desktop.services.editing import list_rows, update_row
    from desktop.services.proposals import create_from_template

    proposal_id = create_from_template(library)

    def follow(before: int, after: int) -> int:
        figures = sized_to_headcounts(
            library, proposal_id, {"students": before}, {"students": after}
        )
        for figure in figures:
            update_row(library, figure.entity, figure.row_id, {figure.field: figure.new})
        return len(figures)

    assert follow(4000, 2410) > 10
    assert follow(2410, 3000) > 10
    quantities = {row["name"]: row["quantity"] for row in list_rows(library, proposal_id, "item")}
    licences = next(name for name in quantities if name.startswith("Device management"))
    assert quantities[licences] == 3120  # the template's 4,160 for 4,000, in proportion
    # Every item the template sizes to the students is where 3,000 students put it.
    for own in template_items():
        quantity = Decimal(str(own["quantity"]))
        if quantity > 1:
            wanted = max((quantity * 3000 / 4000).quantize(Decimal(1), ROUND_HALF_UP), 1)
            assert quantities[own["name"]] == wanted, own["name"]
