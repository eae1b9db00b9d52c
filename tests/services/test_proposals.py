"""Proposals in a library: create, list with key figures, rename, duplicate, delete and undo."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.services import editing
from desktop.services.fields import FieldError
from desktop.services.library import Library
from desktop.services.proposal_format import export_document
from desktop.services.proposals import (
    create_from_template,
    create_proposal,
    delete_proposal,
    duplicate_proposal,
    ensure_sample_if_empty,
    find_proposal,
    list_proposals,
    proposal_name,
    rename_proposal,
    restore_proposal,
)
from desktop.services.snapshot import proposal_input


def test_the_listing_shows_the_engines_figures(library: Library, sample_id: int) -> None:
    (listing,) = list_proposals(library)
    result = compute(proposal_input(library, sample_id))
    assert listing.name.startswith("Riverside USD")
    assert listing.total_cost == result.tco_total
    assert listing.npv == result.npv
    assert listing.item_count == len(result.base.items)


def test_names_are_unique_and_found_by_name_or_id(library: Library) -> None:
    first = create_proposal(library, "Wi-Fi refresh", students=900)
    second = create_proposal(library, "Wi-Fi refresh", students=900)
    names = {listing.id: listing.name for listing in list_proposals(library, with_figures=False)}
    assert names == {first: "Wi-Fi refresh", second: "Wi-Fi refresh (2)"}
    assert find_proposal(library, "Wi-Fi refresh (2)") == second
    assert find_proposal(library, str(first)) == first
    with pytest.raises(LookupError, match="No proposal"):
        find_proposal(library, "Nothing like it")
    with pytest.raises(FieldError, match="already called"):
        rename_proposal(library, second, "Wi-Fi refresh")
    assert rename_proposal(library, second, "Wi-Fi phase 2") == "Wi-Fi refresh (2)"


def test_duplicate_is_an_exact_copy_and_independent(library: Library, sample_id: int) -> None:
    copy_id = duplicate_proposal(library, sample_id)
    original, copy = export_document(library, sample_id), export_document(library, copy_id)
    assert copy["proposal"]["name"] == "Copy of " + original["proposal"]["name"]
    copy["proposal"]["name"] = original["proposal"]["name"]
    assert copy == original
    first_item = editing.list_rows(library, copy_id, "item")[0]
    editing.update_row(library, "item", first_item["id"], {"quantity": "1"})
    assert editing.list_rows(library, sample_id, "item")[0]["quantity"] != Decimal(1)


def test_delete_can_be_undone(library: Library, sample_id: int) -> None:
    before = export_document(library, sample_id)
    document = delete_proposal(library, sample_id)
    assert list_proposals(library, with_figures=False) == []
    restored = restore_proposal(library, document)
    assert export_document(library, restored) == before


def test_the_template_starts_a_complete_proposal(library: Library) -> None:
    proposal_id = create_from_template(library, "Our 1:1 plan")
    data = proposal_input(library, proposal_id)
    assert data.name == "Our 1:1 plan"
    assert len(data.items) >= 12
    assert all(item.goal_links for item in data.items)
    assert all(item.figure_source.startswith("Illustrative") for item in data.items)


def test_a_new_template_proposal_does_not_contradict_itself(library: Library) -> None:
    """Its curriculum saved $80,000 a year while its own print-spending measure fell only
    $70,000 (210k → 140k): every new proposal opened with "lower the savings or the target".
    Its E-Rate is the 60% of its eligible items' cost that its notes state."""
    from desktop.finance.e_rate import e_rate_check

    data = proposal_input(library, create_from_template(library))
    result = compute(data)
    assert result.savings_flags == ()
    assert not [flag.message for flag in result.base.funding.flags
                if flag.code == "e_rate_beyond_eligible"]  # fmt: skip
    check = e_rate_check(data)
    assert check is not None and check.share == Decimal("0.6") and check.years_off() == []


def test_the_sample_is_added_only_to_an_empty_library(library: Library) -> None:
    assert ensure_sample_if_empty(library) is not None
    assert ensure_sample_if_empty(library) is None
    assert len(list_proposals(library, with_figures=False)) == 1


def test_edits_refuse_invalid_values_and_store_nothing(library: Library, sample_id: int) -> None:
    item = editing.list_rows(library, sample_id, "item")[0]
    with pytest.raises(FieldError, match="Quantity: cannot be negative"):
        editing.update_row(library, "item", item["id"], {"quantity": "-5"})
    with pytest.raises(FieldError, match="more than two decimal places"):
        editing.update_row(library, "item", item["id"], {"unit_cost": "10.001"})
    assert editing.list_rows(library, sample_id, "item")[0] == item


def test_deleted_rows_come_back_with_their_links(library: Library, sample_id: int) -> None:
    before = export_document(library, sample_id)
    items = editing.list_rows(library, sample_id, "item")
    deleted = editing.delete_rows(library, "item", [items[0]["id"], items[1]["id"]])
    assert len(editing.list_rows(library, sample_id, "item")) == len(items) - 2
    editing.restore_rows(library, deleted)
    after = export_document(library, sample_id)
    assert after == before


def test_a_goal_deletion_undone_restores_its_links(library: Library, sample_id: int) -> None:
    goals = editing.list_rows(library, sample_id, "goal")
    links_before = editing.link_state(library, sample_id, "goal")
    deleted = editing.delete_rows(library, "goal", [goals[0]["id"]])
    assert len(editing.link_state(library, sample_id, "goal")) < len(links_before)
    editing.restore_rows(library, deleted)
    assert editing.link_state(library, sample_id, "goal") == links_before


def test_money_entered_as_text_is_exact(library: Library) -> None:
    proposal_id = create_proposal(library, "Cents", students=3)
    for amount in ("0.10", "0.20"):
        editing.add_row(
            library, proposal_id, "item", {"name": amount, "quantity": "1", "unit_cost": amount}
        )
    result = compute(proposal_input(library, proposal_id))
    assert result.tco_total == Decimal("0.30")


def test_undoing_a_deletion_after_another_window_added_a_row(
    library: Library, sample_id: int
) -> None:
    """Ids of deleted rows are never handed out again, so the undone row gets its id back even
    when a row was added in the meantime (for example in a second window)."""
    last = editing.add_row(library, sample_id, "item", {"name": "Spare chargers"})
    deleted = editing.delete_rows(library, "item", [last])
    added = editing.add_row(library, sample_id, "item", {"name": "Added in the other window"})
    assert added != last
    editing.restore_rows(library, deleted)
    names = {row["id"]: row["name"] for row in editing.list_rows(library, sample_id, "item")}
    assert names[last] == "Spare chargers"
    assert names[added] == "Added in the other window"


def test_a_shortened_horizon_still_duplicates_deletes_and_comes_back(
    library: Library, sample_id: int
) -> None:
    """Funding and items beyond a shortened horizon are kept; every copy path must accept them."""
    editing.update_proposal(library, sample_id, {"horizon_years": 3})
    before = export_document(library, sample_id)
    assert any(int(year) > 3 for source in before["funding"] for year in source["amounts"])
    copy_id = duplicate_proposal(library, sample_id)
    copy = export_document(library, copy_id)
    copy["proposal"]["name"] = before["proposal"]["name"]
    assert copy == before
    restored = restore_proposal(library, delete_proposal(library, sample_id))
    assert export_document(library, restored) == before
    editing.update_proposal(library, restored, {"horizon_years": 5})
    lengthened = export_document(library, restored)
    assert lengthened["funding"] == before["funding"]


def test_long_names_are_refused_on_import_and_shortened_for_copies(
    library: Library, sample_id: int
) -> None:
    from desktop.services.proposal_format import import_document

    document = export_document(library, sample_id)
    with pytest.raises(FieldError, match="longer than 200 characters"):
        import_document(library, document, name="N" * 400)
    rename_proposal(library, sample_id, "L" * 199)
    copy_id = duplicate_proposal(library, sample_id)
    copy_name = export_document(library, copy_id)["proposal"]["name"]
    assert copy_name.startswith("Copy of LLL") and len(copy_name) == 200


def test_a_number_that_is_also_a_name_is_refused_as_ambiguous(library: Library) -> None:
    first = create_proposal(library, "Wi-Fi", students=10)
    named_like_a_number = create_proposal(library, str(first), students=10)
    assert named_like_a_number != first
    with pytest.raises(LookupError, match="both the name of proposal"):
        find_proposal(library, str(first))
    assert find_proposal(library, "Wi-Fi") == first
    with pytest.raises(LookupError, match="No proposal"):
        find_proposal(library, "²")


def test_a_name_with_unseen_characters_is_the_same_name(library: Library) -> None:
    """ "Lean" and "Lean" + a zero-width space stood side by side as two proposals that read
    the same; a right-to-left override after a name turned the sentences around it."""
    first = create_proposal(library, "Wi-Fi refresh", students=900)
    second = create_proposal(library, "Wi-Fi refresh\u200b", students=900)
    third = create_proposal(library, "Cafe\u0301 plan", students=900)
    names = {listing.id: listing.name for listing in list_proposals(library, with_figures=False)}
    assert names[second] == "Wi-Fi refresh (2)"
    with pytest.raises(FieldError, match="already called"):
        rename_proposal(library, second, "\u2060Wi-Fi re\u200bfresh")
    with pytest.raises(FieldError, match="already called"):
        rename_proposal(library, second, "Caf\u00e9 plan")  # composed as one character
    assert rename_proposal(library, second, "Wi-Fi phase 2\u200b") == "Wi-Fi refresh (2)"
    assert proposal_name(library, second) == "Wi-Fi phase 2"
    assert find_proposal(library, "Wi-Fi re\u200bfresh") == first
    assert find_proposal(library, "Caf\u00e9 plan") == third


def test_a_direction_mark_at_a_names_end_leaves_it_the_same_name(library: Library) -> None:
    """Word and Outlook add a left-to-right mark to what they paste: "Café école 2027" and
    the same name with the mark after it stood side by side, reading alike."""
    first = create_proposal(library, "Caf\u00e9 \u00e9cole 2027", students=900)
    second = create_proposal(library, "Caf\u00e9 \u00e9cole 2027\u200e", students=900)
    names = {listing.id: listing.name for listing in list_proposals(library, with_figures=False)}
    assert names[second].endswith(" (2)")
    for alike in ("\u200fCaf\u00e9 \u00e9cole 2027", "Caf\u00e9 \u00e9cole 2027 \u061c"):
        with pytest.raises(FieldError, match="already called"):
            rename_proposal(library, second, alike)
    assert find_proposal(library, "Caf\u00e9 \u00e9cole 2027\u200e") == first
    # A mark inside a name still counts: it changes how the name reads.
    hebrew = "\u05e9\u05dc\u05d5\u05dd"
    inside = create_proposal(library, f"{hebrew}\u200f 2")
    assert proposal_name(library, create_proposal(library, f"{hebrew} 2")) == f"{hebrew} 2"
    assert proposal_name(library, inside) == f"{hebrew}\u200f 2"


def test_names_differing_by_a_joiner_are_two_names_and_alike_ones_are_not_picked_blindly(
    library: Library,
) -> None:
    """A zero-width non-joiner changes how Persian reads, so it is not padding; and where two
    proposals saved before names were compared so read alike, the CLI gives the numbers rather
    than picking one of them."""
    from desktop.services.editing import update_proposal

    joined = create_proposal(library, "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
    apart = create_proposal(library, "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645")
    names = {listing.id: listing.name for listing in list_proposals(library, with_figures=False)}
    assert names[apart] == "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645"  # not renamed "(2)"
    assert joined != apart
    first = create_proposal(library, "Lean")
    second = create_proposal(library, "Lean plan")
    # As an older library could hold them: two names a reader cannot tell apart.
    with library.transaction() as session:
        from desktop.models import Proposal

        session.get(Proposal, second).name = "Lean\u200b"  # type: ignore[union-attr]
    with pytest.raises(LookupError, match=rf"numbers {first}, {second}\); give the number"):
        find_proposal(library, "Lean\u2060")
    assert find_proposal(library, "Lean") == first  # the exact name still finds its own
    update_proposal(library, first, {"students": 900})  # and it is still editable


@pytest.mark.parametrize(
    ("today", "month", "first_year"),
    [
        ((2026, 11, 24), 7, 2027),  # July's year is under way: the case is for next July's
        ((2027, 3, 2), 7, 2027),  # before July: this July's budget
        ((2026, 7, 1), 7, 2027),  # July has begun
        ((2026, 11, 24), 1, 2027),  # a January year: next January
        ((2026, 11, 24), 12, 2026),  # a December year begins next month
    ],
)
def test_a_blank_proposal_starts_in_the_next_fiscal_year_to_begin(
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    today: tuple[int, int, int],
    month: int,
    first_year: int,
) -> None:
    """Started on November 24, 2026, a blank proposal's plan year 1 was 2026–27, five months
    spent, and nothing said so."""
    from datetime import UTC, datetime

    from desktop.services.proposals import proposal_basics

    monkeypatch.setattr(
        "desktop.services.proposals.utc_now", lambda: datetime(*today, 9, 0, tzinfo=UTC)
    )
    proposal_id = create_proposal(library, "Next year", fiscal_year_start_month=month)
    assert proposal_basics(library, proposal_id)["fiscal_year_start"] == first_year
    typed = create_proposal(library, "Chosen", fiscal_year_start=2030)
    assert proposal_basics(library, typed)["fiscal_year_start"] == 2030
