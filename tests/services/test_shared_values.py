"""What the open proposal keeps in memory for the whole session, its snapshot for the figures and
each table's rows: one object for each value many rows share, exactly as it was stored."""

from __future__ import annotations

from sqlalchemy import text

from desktop.services import editing
from desktop.services.grid_edits import set_link
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input

SHARED = ("vendor", "notes", "figure_source", "unit_cost")


def _lines_on_one_contract(library: Library, proposal_id: int, count: int = 300) -> list[int]:
    """``count`` items bought on one contract: the same vendor, note, source and price, each
    serving the first goal for the same reason; quantities stored as 2.0 or as 2.00."""
    rows = [
        {
            "name": f"Classroom display, room {n}",
            "category": "hardware",
            "quantity": "2",
            "unit_cost": "1249.00",
            "vendor": "State cooperative contract",
            "notes": "Installed over the summer break.",
            "figure_source": "Cooperative contract price list, 2026",
        }
        for n in range(count)
    ]
    ids = editing.add_rows(library, proposal_id, "item", rows)
    goal = editing.list_rows(library, proposal_id, "goal")[0]["id"]
    for item_id in ids:
        set_link(library, "goal", item_id, goal, True, "Every classroom can show the lesson")
    with library.transaction() as session:  # as a library written by another version holds it
        for number, item_id in enumerate(ids):
            session.execute(
                text("UPDATE item SET quantity = :typed WHERE id = :id"),
                {"typed": "2.0" if number % 2 else "2.00", "id": item_id},
            )
    return ids


def test_the_snapshot_holds_a_value_many_items_share_once_and_as_stored(
    library: Library, sample_id: int
) -> None:
    """10,000 items bought on one contract held its vendor's name, their note, their source
    and their price 10,000 times each. Equal values are one object now, and a quantity stored
    as 2.0 still reads 2.0, not 2.00."""
    ids = set(_lines_on_one_contract(library, sample_id))
    items = [item for item in proposal_input(library, sample_id).items if item.key in ids]
    assert len(items) == len(ids)
    for name in SHARED:
        assert len({id(getattr(item, name)) for item in items}) == 1, name
    assert len({id(item.goal_links[0]) for item in items}) == 1
    assert sorted({str(item.quantity) for item in items}) == ["2.0", "2.00"]
    assert len({id(item.quantity) for item in items}) == 2


def test_a_tables_rows_hold_a_value_many_items_share_once_and_as_stored(
    library: Library, sample_id: int
) -> None:
    ids = set(_lines_on_one_contract(library, sample_id))
    rows = [row for row in editing.list_rows(library, sample_id, "item") if row["id"] in ids]
    assert len(rows) == len(ids)
    for name in SHARED:
        assert len({id(row[name]) for row in rows}) == 1, name
    assert sorted({str(row["quantity"]) for row in rows}) == ["2.0", "2.00"]
    assert len({id(row["quantity"]) for row in rows}) == 2
