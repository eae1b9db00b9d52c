"""Edits of many rows at once (a pasted block, a duplicate) are all or nothing: one refused value
or a failure half-way changes no row, and the whole block is written in one transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import event

from desktop.services import editing
from desktop.services.editing import NotFoundError
from desktop.services.fields import FieldError
from desktop.services.library import Library


def _items(library: Library, proposal_id: int) -> list[dict[str, Any]]:
    return editing.list_rows(library, proposal_id, "item")


def test_a_block_with_a_bad_third_row_changes_no_row(library: Library, sample_id: int) -> None:
    before = _items(library, sample_id)
    ids = [row["id"] for row in before[:4]]
    block = {ids[0]: {"quantity": "10"}, ids[1]: {"quantity": "20"},
             ids[2]: {"quantity": "-3"}, ids[3]: {"quantity": "40"}}  # fmt: skip
    with pytest.raises(FieldError, match="Quantity"):
        editing.update_rows(library, "item", block)
    assert _items(library, sample_id) == before


def test_a_500_row_block_is_one_transaction_and_undoes_in_one(
    library: Library, sample_id: int, commits: list[int]
) -> None:
    ids = editing.add_rows(
        library, sample_id, "item", [{"name": f"Spare {n}", "quantity": "1"} for n in range(500)]
    )
    assert len(ids) == 500 and len(commits) == 1
    commits.clear()
    previous = editing.update_rows(
        library, "item", {row_id: {"quantity": str(n + 2)} for n, row_id in enumerate(ids)}
    )
    assert len(commits) == 1
    quantities = {row["id"]: row["quantity"] for row in _items(library, sample_id)}
    assert [quantities[row_id] for row_id in ids] == [Decimal(n + 2) for n in range(500)]
    assert previous == {row_id: {"quantity": Decimal(1)} for row_id in ids}

    commits.clear()
    editing.update_rows(library, "item", previous)
    assert len(commits) == 1
    quantities = {row["id"]: row["quantity"] for row in _items(library, sample_id)}
    assert all(quantities[row_id] == 1 for row_id in ids)


def test_a_5000_line_paste_of_new_items_is_written_and_checked_at_once(
    library: Library, sample_id: int
) -> None:
    """5,000 items pasted from a spreadsheet were written and checked one at a time, each
    reading the proposal and its scenarios again: three statements an item, and about five
    seconds with the window frozen. Each item is now written and checked without reading the
    proposal again; every item still lands in the list's order."""
    statements: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    count_before = len(_items(library, sample_id))
    event.listen(library.engine, "before_cursor_execute", count)
    try:
        ids = editing.add_rows(
            library,
            sample_id,
            "item",
            [{"name": f"Laptop {n}", "quantity": "1", "unit_cost": f"{n}.25"} for n in range(5000)],
        )
    finally:
        event.remove(library.engine, "before_cursor_execute", count)
    assert len(statements) < 5000 + 100, f"{len(statements):,} statements"
    items = _items(library, sample_id)
    assert len(items) == count_before + 5000
    assert [row["id"] for row in items[count_before:]] == ids
    assert [(row["name"], row["unit_cost"]) for row in items[-2:]] == [
        ("Laptop 4998", Decimal("4998.25")), ("Laptop 4999", Decimal("4999.25")),
    ]  # fmt: skip
    # A block with one item past what the engine computes still adds none of them.
    with pytest.raises(FieldError, match="One-time cost per unit"):
        editing.add_rows(
            library, sample_id, "item",
            [{"name": "Fine", "quantity": "1"}, {"name": "Huge", "quantity": "9999999",
              "unit_cost": "99999999999.00"}],
        )  # fmt: skip
    assert len(_items(library, sample_id)) == count_before + 5000


def test_a_failure_in_the_middle_of_a_block_leaves_every_row_as_it_was(
    library: Library, sample_id: int, commits: list[int]
) -> None:
    ids = editing.add_rows(library, sample_id, "item", [{"name": f"Cart {n}"} for n in range(500)])
    editing.delete_rows(library, "item", [ids[250]])  # gone by the time the block is written
    before = _items(library, sample_id)
    commits.clear()
    with pytest.raises(NotFoundError):
        editing.update_rows(library, "item", {row_id: {"quantity": "7"} for row_id in ids})
    assert not commits
    assert _items(library, sample_id) == before


def test_adding_a_block_with_a_bad_row_adds_nothing(library: Library, sample_id: int) -> None:
    before = _items(library, sample_id)
    with pytest.raises(FieldError, match="Unit cost|unit"):
        editing.add_rows(
            library, sample_id, "item",
            [{"name": "A"}, {"name": "B"}, {"name": "C", "unit_cost": "lots"}],
        )  # fmt: skip
    assert _items(library, sample_id) == before


def _source_id(library: Library, proposal_id: int) -> int:
    return int(editing.list_rows(library, proposal_id, "funding_source")[0]["id"])


def test_funding_amounts_are_set_all_or_none_in_one_transaction(
    library: Library, sample_id: int, commits: list[int]
) -> None:
    source = _source_id(library, sample_id)
    before = editing.funding_amounts(library, sample_id)
    with pytest.raises(FieldError, match="Year 3 amount"):
        editing.set_funding_amounts(
            library, {(source, 1): "100", (source, 2): "200", (source, 3): "-5"}
        )
    assert editing.funding_amounts(library, sample_id) == before
    assert not commits

    previous = editing.set_funding_amounts(
        library, {(source, year): str(year * 1000) for year in range(1, 6)}
    )
    assert len(commits) == 1
    after = editing.funding_amounts(library, sample_id)
    assert [after[(source, year)] for year in range(1, 6)] == [
        Decimal(year * 1000) for year in range(1, 6)
    ]
    assert previous == {
        (source, year): before.get((source, year), Decimal("0.00")) for year in range(1, 6)
    }
    editing.set_funding_amounts(library, previous)
    assert {
        key: value for key, value in editing.funding_amounts(library, sample_id).items() if value
    } == {key: value for key, value in before.items() if value}


def test_funding_amounts_for_a_missing_source_change_nothing(
    library: Library, sample_id: int
) -> None:
    source = _source_id(library, sample_id)
    before = editing.funding_amounts(library, sample_id)
    with pytest.raises(NotFoundError):
        editing.set_funding_amounts(library, {(source, 1): "5", (999_999, 1): "5"})
    assert editing.funding_amounts(library, sample_id) == before


def test_a_funding_year_past_any_plan_is_refused(library: Library, sample_id: int) -> None:
    """Year 999 was stored, then exported into a file the import refuses."""
    source = _source_id(library, sample_id)
    before = editing.funding_amounts(library, sample_id)
    with pytest.raises(FieldError, match="must be from 1 to 30"):
        editing.set_funding_amounts(library, {(source, 1): "5", (source, 999): "5"})
    assert editing.funding_amounts(library, sample_id) == before
    editing.set_funding_amount(library, source, 30, "5")  # the longest plan's last year


def test_a_scenario_takes_only_its_own_proposals_items(library: Library, sample_id: int) -> None:
    """An item of another proposal was put in a scenario, and that proposal's export then
    failed on an item it does not have."""
    from desktop.services.proposal_format import export_document
    from desktop.services.proposals import duplicate_proposal

    other = duplicate_proposal(library, sample_id)
    scenario = editing.list_rows(library, sample_id, "scenario")[0]["id"]
    foreign_item = _items(library, other)[0]["id"]
    before = export_document(library, sample_id)
    with pytest.raises(ValueError, match="scenario of its own proposal"):
        editing.set_scenario_entry(library, scenario, foreign_item, True, "5")
    assert export_document(library, sample_id) == before


# --- duplicates carry what hangs off the row ---------------------------------------------------


def _first_linked_item(library: Library, proposal_id: int) -> int:
    goals = editing.link_state(library, proposal_id, "goal")
    risks = editing.link_state(library, proposal_id, "risk")
    metrics = editing.link_state(library, proposal_id, "metric")
    entries = editing.scenario_entries(library, proposal_id)
    for row in _items(library, proposal_id):
        item_id = row["id"]
        if all(
            any(key[0] == item_id for key in links) for links in (goals, risks, metrics)
        ) and any(key[1] == item_id for key in entries):
            return int(item_id)
    raise AssertionError("the sample has no item with goal, risk, metric links and scenarios")


def test_a_duplicated_item_keeps_its_links_rationales_and_scenario_entries(
    library: Library, sample_id: int, commits: list[int]
) -> None:
    item_id = _first_linked_item(library, sample_id)
    original = next(row for row in _items(library, sample_id) if row["id"] == item_id)
    [copy_id] = editing.duplicate_rows(library, "item", [item_id])
    assert len(commits) == 1
    copy = next(row for row in _items(library, sample_id) if row["id"] == copy_id)
    assert copy["name"] == f"{original['name']} (copy)"
    assert copy["position"] == max(row["position"] for row in _items(library, sample_id))
    same = ("quantity", "unit_cost", "recurring_unit_cost", "category", "lifespan_years", "notes")
    assert {name: copy[name] for name in same} == {name: original[name] for name in same}
    for kind in ("goal", "risk", "metric"):
        links = editing.link_state(library, sample_id, kind)  # type: ignore[arg-type]
        of_original = {target: why for (item, target), why in links.items() if item == item_id}
        of_copy = {target: why for (item, target), why in links.items() if item == copy_id}
        assert of_copy == of_original and of_copy
    entries = editing.scenario_entries(library, sample_id)
    assert {s: q for (s, i), q in entries.items() if i == copy_id} == {
        s: q for (s, i), q in entries.items() if i == item_id
    }


def test_a_duplicated_funding_source_keeps_its_yearly_amounts(
    library: Library, sample_id: int
) -> None:
    source = _source_id(library, sample_id)
    [copy_id] = editing.duplicate_rows(library, "funding_source", [source])
    amounts = editing.funding_amounts(library, sample_id)
    of_source = {year: amount for (s, year), amount in amounts.items() if s == source}
    assert (
        of_source
        and {year: amount for (s, year), amount in amounts.items() if s == copy_id} == of_source
    )


def test_a_duplicated_scenario_keeps_its_items_and_gets_a_unique_name(
    library: Library, sample_id: int
) -> None:
    from desktop.finance import compute
    from desktop.services.snapshot import proposal_input

    scenario = editing.list_rows(library, sample_id, "scenario")[0]
    first = editing.duplicate_rows(library, "scenario", [scenario["id"]])[0]
    second = editing.duplicate_rows(library, "scenario", [scenario["id"]])[0]
    names = {row["id"]: row["name"] for row in editing.list_rows(library, sample_id, "scenario")}
    assert names[first] == f"{scenario['name']} (copy)"
    assert names[second] == f"{scenario['name']} (copy) (2)"
    entries = editing.scenario_entries(library, sample_id)
    kept = {item: q for (s, item), q in entries.items() if s == scenario["id"]}
    assert kept and {item: q for (s, item), q in entries.items() if s == first} == kept
    # The copy costs what the original costs, not $0.
    result = compute(proposal_input(library, sample_id))
    totals = {s.name: s.tco.total for s in result.scenarios}
    assert totals[names[first]] == totals[scenario["name"]] > 0


def test_a_duplicated_goal_keeps_its_item_links_and_a_long_name_stays_within_its_limit(
    library: Library, sample_id: int
) -> None:
    linked = {target for _item, target in editing.link_state(library, sample_id, "goal")}
    goal = next(row for row in editing.list_rows(library, sample_id, "goal") if row["id"] in linked)
    editing.update_rows(library, "goal", {goal["id"]: {"title": "G" * 300}})
    [copy_id] = editing.duplicate_rows(library, "goal", [goal["id"]])
    copy = next(
        row for row in editing.list_rows(library, sample_id, "goal") if row["id"] == copy_id
    )
    assert copy["title"] == "G" * 293 + " (copy)" and len(copy["title"]) == 300
    links = editing.link_state(library, sample_id, "goal")
    of_goal = {i: w for (i, g), w in links.items() if g == goal["id"]}
    assert of_goal and {i: w for (i, g), w in links.items() if g == copy_id} == of_goal


def test_duplicating_a_missing_row_copies_nothing(library: Library, sample_id: int) -> None:
    items = _items(library, sample_id)
    with pytest.raises(NotFoundError):
        editing.duplicate_rows(library, "item", [items[0]["id"], 999_999])
    assert _items(library, sample_id) == items


def test_a_scenario_named_like_another_but_for_unseen_characters_is_renamed(
    library: Library, sample_id: int
) -> None:
    """ "Lean" + a zero-width space inside was a second "Lean" in every list and chart."""
    scenario = editing.list_rows(library, sample_id, "scenario")[0]
    twin = editing.add_row(
        library,
        sample_id,
        "scenario",
        {"name": scenario["name"][:2] + "\u200b" + scenario["name"][2:]},
    )
    names = {row["id"]: row["name"] for row in editing.list_rows(library, sample_id, "scenario")}
    assert names[twin].endswith(" (2)")


def test_a_figure_typed_over_the_samples_clears_its_illustrative_note(
    library: Library, sample_id: int
) -> None:
    """A case carried forward from the sample kept "Illustrative: … typical 2026 cooperative
    pricing" beside a price the director had typed, in the CSV and the PDF's appendix: only
    the template's notes were cleared."""
    wifi, switches, core = _items(library, sample_id)[:3]
    assert wifi["figure_source"].startswith("Illustrative:")
    previous = editing.update_row(library, "item", wifi["id"], {"unit_cost": "850"})
    assert _items(library, sample_id)[0]["figure_source"] == ""
    # Undo puts the note back with the figure.
    editing.update_row(library, "item", wifi["id"], previous)
    assert _items(library, sample_id)[0]["figure_source"] == wifi["figure_source"]
    # Other columns leave it; a note the director wrote stays whatever the figure.
    editing.update_row(library, "item", switches["id"], {"notes": "Checked with the vendor"})
    assert _items(library, sample_id)[1]["figure_source"] == switches["figure_source"]
    editing.update_row(library, "item", core["id"], {"figure_source": "Quote Q-118, 2027"})
    editing.update_row(library, "item", core["id"], {"recurring_unit_cost": "1200"})
    assert _items(library, sample_id)[2]["figure_source"] == "Quote Q-118, 2027"


def test_rows_read_by_id_are_those_of_the_whole_list_in_its_order(
    library: Library, sample_id: int
) -> None:
    """A table puts in the rows just added by reading them alone: each must be what the whole
    list gives for it, in the list's order, and a row of another proposal is not one of them."""
    from desktop.services.bulk import PARAMETER_BATCH
    from desktop.services.proposals import add_sample_proposal

    added = editing.add_rows(
        library, sample_id, "item", [{"name": f"Spare {n}"} for n in range(PARAMETER_BATCH + 5)]
    )
    whole = _items(library, sample_id)
    other = _items(library, add_sample_proposal(library))[0]["id"]
    wanted = [added[-1], whole[2]["id"], added[0], other, *added[1:-1]]

    read = editing.list_rows(library, sample_id, "item", wanted)

    assert read == [row for row in whole if row["id"] in set(wanted)]
    assert editing.list_rows(library, sample_id, "item", []) == []


def test_prices_pasted_over_thousands_of_items_are_read_and_checked_at_once(
    library: Library, sample_id: int
) -> None:
    """A price pasted over each of 5,000 items read each item, its proposal and its scenario
    quantities on their own: about four seconds. They are read a batch at a time now, and an
    item is still checked at its largest scenario quantity."""
    from desktop.services.editing import set_scenario_entry
    from desktop.services.snapshot import proposal_input

    ids = editing.add_rows(
        library, sample_id, "item", [{"name": f"Cable {n}", "quantity": "2"} for n in range(2000)]
    )
    statements: list[str] = []

    def count(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    event.listen(library.engine, "before_cursor_execute", count)
    try:
        previous = editing.update_rows(
            library, "item", {row_id: {"unit_cost": f"{n}.50"} for n, row_id in enumerate(ids)}
        )
    finally:
        event.remove(library.engine, "before_cursor_execute", count)
    assert len(statements) < 2000 + 100, f"{len(statements):,} statements"
    costs = {row["id"]: row["unit_cost"] for row in _items(library, sample_id)}
    assert [costs[row_id] for row_id in ids[-2:]] == [Decimal("1998.50"), Decimal("1999.50")]
    assert previous[ids[0]] == {"unit_cost": Decimal(0)}

    # 1,000,000 in a scenario: a price of 2,000,000 is past the limit there, though not at the
    # item's own quantity of 2; the block is refused whole.
    data = proposal_input(library, sample_id)
    set_scenario_entry(library, data.scenarios[0].key, ids[5], True, "1000000")
    before = _items(library, sample_id)
    with pytest.raises(FieldError, match="One-time cost per unit"):
        editing.update_rows(
            library, "item", {ids[4]: {"unit_cost": "7"}, ids[5]: {"unit_cost": "2000000"}}
        )
    assert _items(library, sample_id) == before
    editing.update_rows(library, "item", {ids[6]: {"unit_cost": "2000000"}})  # not in it
