"""Funding sources as the director makes them their own: a template source's illustrative note
goes with the template's amounts, and a new source is not counted as money in hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop.services import editing
from desktop.services.library import Library
from desktop.services.proposals import create_from_template
from desktop.services.snapshot import proposal_input


def _sources(library: Library, proposal_id: int) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in editing.list_rows(library, proposal_id, "funding_source")}


def test_replacing_a_template_sources_amount_clears_its_illustrative_note(
    library: Library,
) -> None:
    """The director typed the award letter's figure over the template's start-up grant, and the
    PDF still printed "Illustrative temporary grant; replace with your award letter." beside
    it."""
    proposal = create_from_template(library, "Hillcrest 1:1")
    grant = _sources(library, proposal)["Start-up grant"]
    bond = _sources(library, proposal)["Technology bond (year 1 issue)"]
    template_note = grant["notes"]
    assert template_note.startswith("Illustrative")

    # The same amount saved again (a pasted block holding it) is still the template's.
    unchanged = editing.change_funding_amounts(library, {(grant["id"], 1): "150000"})
    assert unchanged.notes == {}
    assert _sources(library, proposal)["Start-up grant"]["notes"] == template_note

    # Any year's amount replaced makes the figures the director's: the note goes with it.
    change = editing.change_funding_amounts(
        library, {(grant["id"], 2): "80000", (bond["id"], 1): "1300000"}
    )
    assert _sources(library, proposal)["Start-up grant"]["notes"] == ""
    assert change.notes == {grant["id"]: template_note}
    assert change.amounts == {
        (grant["id"], 2): Decimal("100000.00"),
        (bond["id"], 1): Decimal("1300000.00"),
    }
    # The bond's amount did not move: its note stays.
    assert _sources(library, proposal)["Technology bond (year 1 issue)"]["notes"] == bond["notes"]
    printed = {source.name: source.notes for source in proposal_input(library, proposal).funding}
    assert printed["Start-up grant"] == ""

    # Undone, both come back.
    editing.change_funding_amounts(library, change.amounts, notes=change.notes)
    after_undo = _sources(library, proposal)["Start-up grant"]
    assert after_undo["notes"] == template_note
    assert editing.funding_amounts(library, proposal)[(grant["id"], 2)] == Decimal("100000.00")

    # The plain setter clears it too: every way of writing an amount agrees.
    editing.set_funding_amount(library, grant["id"], 1, "0")
    assert _sources(library, proposal)["Start-up grant"]["notes"] == ""


def test_a_note_the_director_wrote_stays_when_the_amounts_change(library: Library) -> None:
    proposal = create_from_template(library, "Hillcrest 1:1")
    grant = _sources(library, proposal)["Start-up grant"]
    own = "State award letter of 12 May 2027, two years."
    editing.update_row(library, "funding_source", grant["id"], {"notes": own})
    change = editing.change_funding_amounts(library, {(grant["id"], 1): "175000"})
    assert change.notes == {}
    assert _sources(library, proposal)["Start-up grant"]["notes"] == own


def test_the_samples_illustrative_notes_go_and_its_own_description_stays(
    library: Library, sample_id: int
) -> None:
    """A case built from the sample carries its "… Illustrative amount." notes; the operating
    budget's note says nothing of its amounts being illustrative and is kept."""
    sources = _sources(library, sample_id)
    grant = sources["State digital learning start-up grant"]
    general = sources["General fund (maintenance and operations)"]
    assert grant["notes"].endswith("Illustrative amount.")
    assert "llustrative" not in general["notes"]
    editing.set_funding_amounts(library, {(grant["id"], 1): "65000", (general["id"], 1): "1"})
    after = _sources(library, sample_id)
    assert after["State digital learning start-up grant"]["notes"] == ""
    assert after["General fund (maintenance and operations)"]["notes"] == general["notes"]


def test_a_new_funding_source_starts_not_secured(library: Library, sample_id: int) -> None:
    """ "Connectivity grant (applied for)", added and given its amount, counted as secured
    money: the plan read as fully funded by a grant not yet awarded."""
    added = editing.add_row(library, sample_id, "funding_source")
    pasted = editing.add_rows(
        library, sample_id, "funding_source",
        [{"name": "Connectivity grant (applied for)", "kind": "Grant"},
         {"name": "Bond (voted)", "kind": "Bond", "secured": "Yes"}],
    )  # fmt: skip
    secured = {
        row["id"]: row["secured"] for row in editing.list_rows(library, sample_id, "funding_source")
    }
    assert secured[added] is False
    assert secured[pasted[0]] is False  # a pasted row that does not say
    assert secured[pasted[1]] is True  # one that does keeps what it says
    # A copy of a secured source is as secured as the source.
    (copy,) = editing.duplicate_rows(library, "funding_source", [pasted[1]])
    assert _sources(library, sample_id)["Bond (voted) (copy)"]["id"] == copy
    assert _sources(library, sample_id)["Bond (voted) (copy)"]["secured"] is True
    # The sample's sources, read from a file that leaves "secured" out, are all secured.
    assert all(
        source["secured"]
        for source in editing.list_rows(library, sample_id, "funding_source")
        if source["id"] not in (added, pasted[0])
    )
