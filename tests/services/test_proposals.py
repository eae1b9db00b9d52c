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
