"""Figures sized to a headcount follow it when the director says so: typed as the count, or
added from the 1:1 template, which sizes its items to the students by its own ratios."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from desktop.services.editing import add_rows
from desktop.services.headcounts import SizedFigure, sized_to_headcounts
from desktop.services.library import Library
from desktop.services.proposals import create_proposal, template_items
from desktop.services.template_sizing import template_item_sizes


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
    from desktop.services.grid_edits import set_funding_amount
    from desktop.services.proposals import create_from_template

    proposal_id = create_from_template(library)
    staff = {"teachers": 260, "staff": 180}

    def follow(before: int, after: int) -> int:
        figures = sized_to_headcounts(
            library, proposal_id, {"students": before, **staff}, {"students": after, **staff}
        )
        for figure in figures:
            if figure.year is not None:  # the E-Rate on the access points and switches
                set_funding_amount(library, figure.row_id, figure.year, figure.new)
            else:
                update_row(library, figure.entity, figure.row_id, {figure.field: figure.new})
        return len(figures)

    assert follow(4000, 2410) > 10
    assert follow(2410, 3000) > 10
    quantities = {row["name"]: row["quantity"] for row in list_rows(library, proposal_id, "item")}
    licences = next(name for name in quantities if name.startswith("Device management"))
    assert quantities[licences] == 3120  # the template's 4,160 for 4,000, in proportion
    # Every item the template sizes to the students is where 3,000 students put it; those
    # that count everyone where 3,440 people put them; the rest stay where they were.
    people = {"students": (3000, 4000), "everyone": (3440, 4440)}
    for own, size in zip(template_items(), template_item_sizes(), strict=True):
        quantity = Decimal(str(own["quantity"]))
        now, then = people.get(size.sized_by.value, (1, 1))
        wanted = max((quantity * now / then).quantize(Decimal(1), ROUND_HALF_UP), 1)
        assert quantities[own["name"]] == wanted, own["name"]


TEMPLATE_STAFF = {"teachers": 260, "staff": 180}


def _moved(figures: list[SizedFigure]) -> dict[str, tuple[Decimal, Decimal, str]]:
    return {f.name: (f.old, f.new, f.counts) for f in figures if f.entity == "item"}


def test_each_template_item_follows_only_what_it_counts(library: Library) -> None:
    """A district of 6,200 students and 410 teachers: more students moved the teachers'
    learning days 260 → 403, the staff's training 440 → 682 and one building's core network
    for nine buildings to 14; changing the teachers then found the learning days at no count
    of theirs and left them out."""
    from desktop.services.editing import list_rows, update_row
    from desktop.services.proposals import create_from_template

    proposal_id = create_from_template(library)
    before = {"students": 4000, **TEMPLATE_STAFF}
    students = {**before, "students": 6200}
    figures = sized_to_headcounts(library, proposal_id, before, students)
    moved = _moved(figures)
    assert moved["Student Chromebook-class devices"] == (4000, 6200, "students")
    assert moved["Single sign-on and multi-factor authentication"] == (4440, 6640, "everyone")
    assert moved["Wi-Fi access points"][:2] == (300, 465)
    for name in (
        "Professional learning days for teachers",
        "Instructional technology coaches",
        "Cybersecurity awareness training for staff",
        "Core network redundancy and battery backup",
        "Internet access upgrade to 10 Gbps",
    ):
        assert name not in moved, name
    risks = {f.name: (f.old, f.new) for f in figures if f.entity == "risk"}
    assert "Network outage during the state testing window" not in risks  # nine buildings
    for figure in figures:
        if figure.entity in ("item", "risk"):
            update_row(library, figure.entity, figure.row_id, {figure.field: figure.new})

    teachers = {**students, "teachers": 410}
    moved = _moved(sized_to_headcounts(library, proposal_id, students, teachers))
    assert moved == {
        "Professional learning days for teachers": (260, 410, "teachers"),
        "Instructional technology coaches": (
            2, 3, "in proportion to teachers, as the 1:1 template sizes it"
        ),
        "Cybersecurity awareness training for staff": (440, 590, "all staff"),
        "Single sign-on and multi-factor authentication": (6640, 6790, "everyone"),
    }  # fmt: skip
    quantities = {row["name"]: row["quantity"] for row in list_rows(library, proposal_id, "item")}
    assert quantities["Core network redundancy and battery backup"] == 9


def test_learning_days_added_before_the_teachers_were_entered_follow_them(
    library: Library,
) -> None:
    """A blank proposal gets its typical items before Basics is filled in: the learning days
    were sized from the students (65 for 1,000), and entering 70 teachers offered nothing."""
    proposal_id = create_proposal(library, "Maple Grove", students=1000)
    add_rows(library, proposal_id, "item", template_items(1000))
    before = {"students": 1000, "teachers": 0, "staff": 0}
    moved = _moved(sized_to_headcounts(library, proposal_id, before, {**before, "teachers": 70}))
    assert moved["Professional learning days for teachers"] == (65, 70, "teachers")
    assert "Student Chromebook-class devices" not in moved  # the students did not change
    assert "Core network redundancy and battery backup" not in moved


def test_the_e_rate_on_the_network_follows_the_access_points_in_the_same_question(
    library: Library,
) -> None:
    """More students moved the access points and switches, and the E-Rate on them stayed at
    the old $309,600 under "60% discount on the year-1 Wi-Fi and switching purchases"."""
    from desktop.finance.e_rate import e_rate_check
    from desktop.services.editing import update_row
    from desktop.services.grid_edits import change_funding_amounts
    from desktop.services.proposals import create_from_template
    from desktop.services.snapshot import proposal_input

    proposal_id = create_from_template(library)
    before = {"students": 4000, **TEMPLATE_STAFF}
    figures = sized_to_headcounts(library, proposal_id, before, {**before, "students": 6200})
    e_rate = {(f.name, f.year): (f.old, f.new) for f in figures if f.entity == "funding_amount"}
    # 60% of 465 access points at $950 and 85 switches at $4,200.
    assert e_rate[("E-Rate Category 2 (network purchases)", 1)] == (309600, 479250)
    # And of their yearly support, with the internet circuit's.
    assert e_rate[("E-Rate (internet access and support licenses)", 1)] == (70920, 86130)
    assert {year for _name, year in e_rate} == {1, 2, 3, 4, 5}
    assert all(f.counts == "60% of the eligible items' cost, as its notes state" for f in figures
               if f.entity == "funding_amount")  # fmt: skip
    for figure in figures:
        if figure.year is not None:  # as "Change them" writes it: the notes stating 60% kept
            change_funding_amounts(library, {(figure.row_id, figure.year): figure.new}, notes={})
        else:
            update_row(library, figure.entity, figure.row_id, {figure.field: figure.new})
    check = e_rate_check(proposal_input(library, proposal_id))
    assert check is not None and check.years_off() == []


def test_e_rate_of_the_districts_own_is_not_moved(library: Library) -> None:
    """An E-Rate amount typed from the award letter is not the share of the items' cost: it
    is left as it is (the Funding step says it no longer matches the share its note states).
    Typed over the template's amount, it takes the template's "Illustrative: 60% …" note with
    it, so the note here is the director's own."""
    from desktop.services.editing import update_row
    from desktop.services.grid_edits import set_funding_amount
    from desktop.services.proposals import create_from_template
    from desktop.services.snapshot import proposal_input

    proposal_id = create_from_template(library)
    award = next(s for s in proposal_input(library, proposal_id).funding if "purchases" in s.name)
    own_note = "Award letter: a 60% discount on the year-1 Wi-Fi and switching purchases."
    update_row(library, "funding_source", award.key, {"notes": own_note})
    set_funding_amount(library, award.key, 1, "250000")
    assert (
        next(s for s in proposal_input(library, proposal_id).funding if s.key == award.key).notes
        == own_note
    )
    before = {"students": 4000, **TEMPLATE_STAFF}
    figures = sized_to_headcounts(library, proposal_id, before, {**before, "students": 6200})
    assert _moved(figures)["Wi-Fi access points"][:2] == (300, 465)
    assert not [f for f in figures if f.entity == "funding_amount"]
    # The Funding step says the E-Rate is not what its notes say, before anything moves.
    from desktop.finance import compute
    from desktop.services.wizard import step_statuses

    data = proposal_input(library, proposal_id)
    (funding,) = [s for s in step_statuses(data, compute(data)) if s.key == "funding"]
    assert any(w.startswith("E-Rate brings $320,920.00 in 2027–28, not the 60% its notes state")
               for w in funding.warnings)  # fmt: skip
