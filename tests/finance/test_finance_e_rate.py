"""E-Rate amounts against the share of the eligible items' cost their notes state."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.finance.e_rate import e_rate_check, e_rate_following, noted_eligible, stated_share
from desktop.finance.inputs import ProposalInput
from desktop.vocabulary import FundingKind, ItemCategory
from tests.finance.finance_factories import item, proposal, source

NETWORK = ItemCategory.NETWORK_INFRASTRUCTURE


def _network(e_rate: Decimal, note: str = "60% discount on the access points") -> ProposalInput:
    """100 access points at $1,000 with $100 a year of support, 60% of it as E-Rate."""
    points = item(
        1, "Access points", category=NETWORK, quantity=100, unit_cost=1000,
        recurring_unit_cost=100, notes="E-Rate Category 2 eligible.",
    )  # fmt: skip
    cabling = item(2, "Cabling", category=NETWORK, quantity=1, unit_cost=5000)  # not noted
    purchases = replace(
        source(3, {1: e_rate}, recurring=False, kind=FundingKind.E_RATE, name="E-Rate"),
        notes=note,
    )
    support = replace(
        source(4, dict.fromkeys(range(1, 6), 6000), recurring=True, kind=FundingKind.E_RATE),
        notes="Illustrative: 60% discount on the support licences (Category 2).",
    )
    return proposal(items=[points, cabling], funding=[purchases, support])


def test_a_note_states_one_share() -> None:
    assert stated_share("Illustrative: 60% discount on the year-1 purchases") == Decimal("0.6")
    assert stated_share("a 72.5 % discount") == Decimal("0.725")
    assert stated_share("E-Rate Category 2, year-1 purchases") is None  # no share
    assert stated_share("80% on the circuit, 60% on the switches") is None  # which one?
    assert stated_share("150% of last year") is None


def test_an_item_noted_as_e_rate_eligible() -> None:
    assert noted_eligible(item(1, notes="E-Rate Category 2 eligible."))
    assert noted_eligible(item(1, notes="Saving: the old circuit. E-rate eligible"))
    assert not noted_eligible(item(1, notes="Hotspots are not E-Rate eligible."))
    for said in (
        "Hotspots isn't E-Rate eligible.",
        "No longer E-Rate eligible",
        "NOT E-rate eligible",
    ):
        assert not noted_eligible(item(1, notes=said)), said
    assert noted_eligible(item(1, notes="Not the cabling. Switches: E-Rate Category 2 eligible."))
    assert not noted_eligible(item(1, notes="Asked the E-Rate consultant."))


def test_e_rate_at_its_share_matches_and_a_changed_network_does_not() -> None:
    data = _network(Decimal("60000"))
    check = e_rate_check(data)
    assert check is not None and check.share == Decimal("0.6")
    assert check.owed_by_year[0] == Decimal("66000.00")  # 60% of $100,000 and $10,000
    assert check.years_off() == []
    # Rounded to the nearest thousand, it still matches.
    rounded = e_rate_check(_network(Decimal("60400")))
    assert rounded is not None and rounded.years_off() == []
    more = replace(data, items=(replace(data.items[0], quantity=Decimal(150)), data.items[1]))
    changed = e_rate_check(more)
    assert changed is not None and changed.years_off() == [1, 2, 3, 4, 5]


def test_nothing_is_said_where_the_notes_do_not_say_what_e_rate_should_be() -> None:
    assert e_rate_check(_network(Decimal("1"), note="Category 2 purchases")) is None
    data = _network(Decimal("60000"))
    unmarked = tuple(replace(i, notes="") for i in data.items)
    assert e_rate_check(replace(data, items=unmarked)) is None


def test_e_rate_follows_the_purchases_and_the_support_apart() -> None:
    data = _network(Decimal("60000"))
    following = e_rate_following(data, {1: Decimal(150)})
    assert following[(3, 1)] == (Decimal("60000.00"), Decimal("90000.00"))  # purchases
    assert following[(4, 1)] == (Decimal("6000.00"), Decimal("9000.00"))  # support
    assert set(following) == {(3, 1), *((4, year) for year in range(1, 6))}
    assert e_rate_following(data, {2: Decimal(3)}) == {}  # cabling is not noted as eligible
    off = _network(Decimal("45000"))  # the district's own figure
    assert e_rate_following(off, {1: Decimal(150)}) == {}
