"""Recalculating after an edit reuses remembered item results, yet gives exactly the figures of a
fresh calculation: same values, same decimal places, for the changed proposal."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, localcontext

import pytest
from finance_factories import item, proposal, risk, scenario, source
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.finance import compute
from desktop.finance.cashflow import (
    flow_token,
    growth_factors,
    item_cash_flow,
    remembered_cash_flows,
)
from desktop.finance.inputs import ItemInput, ProposalInput
from desktop.finance.memo import BoundedMemo, MemoKey, clear_memos
from desktop.finance.result import ItemCashFlow, ProposalResult
from desktop.vocabulary import ItemCategory

D = Decimal


def cold(data: ProposalInput) -> ProposalResult:
    """The result with nothing remembered from earlier calculations."""
    clear_memos()
    return compute(data)


def assert_same(warm: ProposalResult, fresh: ProposalResult) -> None:
    assert warm == fresh
    # ``==`` takes Decimal("2") for Decimal("2.00"); the text shows whether decimal places match.
    assert repr(warm) == repr(fresh)


def district_plan() -> ProposalInput:
    return proposal(
        horizon_years=5,
        purchase_escalation_rate=D("0.03"),
        recurring_escalation_rate=D("0.02"),
        items=[
            item(1, "Student Chromebooks", quantity=4200, unit_cost="289.00", lifespan_years=4,
                 risk_keys=(1,)),
            item(2, "Device management", category=ItemCategory.DEVICE_MANAGEMENT, quantity=4200,
                 recurring_unit_cost="6.50", risk_keys=(1, 2)),
            item(3, "Wi-Fi access points", category=ItemCategory.NETWORK_INFRASTRUCTURE,
                 quantity=180, unit_cost="845.00", lifespan_years=5, start_year=2),
            item(4, "Help desk technician", category=ItemCategory.TECHNICAL_SUPPORT, quantity=2,
                 recurring_unit_cost="68000.00", annual_savings="12000.00"),
        ],
        risks=[
            risk(1, exposure=4200, likelihood_before="0.12", likelihood_after="0.04",
                 cost_before="180.00", cost_after="60.00"),
            risk(2, exposure=1, likelihood_before="0.3", likelihood_after="0.1",
                 cost_before="250000.00", cost_after="250000.00"),
        ],
        funding=[source(1, {y: "900000.00" for y in range(1, 6)}, recurring=True)],
        scenarios=[scenario(1, {1: 2100, 2: None, 4: None}, "Phased"), scenario(2, {1: None})],
    )  # fmt: skip


def with_item(data: ProposalInput, index: int, **changes: object) -> ProposalInput:
    items = list(data.items)
    items[index] = replace(items[index], **changes)  # type: ignore[arg-type]
    return replace(data, items=tuple(items))


@pytest.mark.parametrize(
    "changes",
    [
        {"quantity": D("4300")},
        {"unit_cost": D("299.99")},
        {"lifespan_years": 3},
        {"start_year": 3},
        {"name": "Student laptops"},
        {"risk_keys": (2,)},
        {"quantity": D("0")},
    ],
)
def test_changing_one_item_gives_the_fresh_result_of_the_changed_proposal(
    changes: dict[str, object],
) -> None:
    before = district_plan()
    compute(before)  # remembers every item of the plan as it was
    after = with_item(before, 0, **changes)
    warm = compute(after)
    assert warm != compute(before) or changes == {"name": "Student laptops"}
    assert_same(warm, cold(after))


def test_an_item_edited_back_and_forth_shows_each_versions_figures() -> None:
    first = district_plan()
    second = with_item(first, 2, unit_cost=D("900.00"))
    results = [compute(first), compute(second), compute(first), compute(second)]
    assert results[0] == results[2] and results[1] == results[3]
    assert results[0].tco_total != results[1].tco_total
    assert_same(results[3], cold(second))


def test_a_quantity_written_with_other_decimal_places_is_not_taken_from_memory() -> None:
    whole = district_plan()
    compute(whole)
    written = with_item(whole, 0, quantity=D("4200.00"))
    warm = compute(written)
    assert str(warm.base.items[0].quantity) == "4200.00"
    assert_same(warm, cold(written))


@pytest.mark.parametrize(
    "changes",
    [
        {"purchase_escalation_rate": D("0.05")},
        {"recurring_escalation_rate": D("0")},
        {"horizon_years": 4},
        {"horizon_years": 7},
        {"risks": ()},  # the items' risk links now point nowhere: validation must say so
    ],
)
def test_a_plan_wide_change_is_never_answered_from_memory(changes: dict[str, object]) -> None:
    data = district_plan()
    compute(data)
    changed = replace(data, **changes)  # type: ignore[arg-type]
    try:
        warm = compute(changed)
    except ValueError as refused:
        with pytest.raises(ValueError) as again:
            cold(changed)
        assert str(refused) == str(again.value)
        return
    assert_same(warm, cold(changed))


def test_flows_worked_out_at_another_decimal_precision_are_not_reused() -> None:
    line = item(1, quantity=1, recurring_unit_cost="1.23")
    horizon = 4

    def flow() -> ItemCashFlow:
        growth = growth_factors(D("0.0317"), horizon)
        token = flow_token(horizon, growth, growth)
        return remembered_cash_flows([(line, line.quantity)], token, horizon, growth, growth)[0]

    with localcontext() as context:
        context.prec = 3  # 1.0317 becomes 1.03: the yearly amounts change
        coarse = flow()
        assert coarse == item_cash_flow(line, D(1), horizon, *[growth_factors(D("0.0317"), 4)] * 2)
    normal = flow()
    assert coarse.recurring_by_year != normal.recurring_by_year
    growth = growth_factors(D("0.0317"), horizon)
    assert normal == item_cash_flow(line, D(1), horizon, growth, growth)


def test_the_memory_stays_within_its_bound_and_keeps_what_is_in_use() -> None:
    memo: BoundedMemo[int] = BoundedMemo(100)
    for number in range(10_000):
        memo.put(MemoKey(number, number), number)
        assert len(memo) <= 100
    assert memo.get(MemoKey(7, 7)) is None  # unused for long: forgotten
    assert memo.get(MemoKey(9_999, 9_999)) == 9_999
    kept = MemoKey("kept", "kept")
    memo.put(kept, 1)
    for number in range(10_000):
        memo.put(MemoKey(-number, -number), number)
        assert memo.get(kept) == 1  # read between insertions: never forgotten
    assert len(memo) <= 100


class _Counted:
    """A part equal to any other with the same value, counting full comparisons."""

    comparisons = 0

    def __init__(self, value: int) -> None:
        self.value = value

    def __hash__(self) -> int:
        return hash(self.value)

    def __eq__(self, other: object) -> bool:
        _Counted.comparisons += 1
        return isinstance(other, _Counted) and self.value == other.value


def test_a_proposal_read_afresh_is_compared_in_full_once_not_on_every_recalculation() -> None:
    # The home list computes a proposal from its own reading; the editor then reads it again
    # (equal items, other objects) and recalculates after every edit. Only the first lookup
    # should compare the items field by field: 10,000 items compared in full on every edit cost
    # about a fifth of a recalculation.
    memo: BoundedMemo[str] = BoundedMemo(100)
    memo.put(MemoKey(1, _Counted(1)), "flows")
    afresh = _Counted(1)
    _Counted.comparisons = 0
    assert memo.get(MemoKey(1, afresh)) == "flows"
    assert _Counted.comparisons == 1
    for _ in range(3):
        assert memo.get(MemoKey(1, afresh)) == "flows"
    assert _Counted.comparisons == 1
    assert memo.get(MemoKey(1, _Counted(2))) is None  # an unequal part is still told apart


# --- random proposals and random single-item edits -------------------------------------------

cents = st.integers(min_value=0, max_value=2_000_000).map(lambda c: D(c).scaleb(-2))
rates = st.integers(min_value=-5, max_value=15).map(lambda n: D(n).scaleb(-2))
quantities = st.one_of(
    st.integers(min_value=0, max_value=5000).map(D),
    st.sampled_from([D("0.5"), D("2.0"), D("10.00")]),
)


@st.composite
def random_item(draw: st.DrawFn, key: int, horizon: int) -> ItemInput:
    return item(
        key,
        category=draw(st.sampled_from(list(ItemCategory))),
        quantity=draw(quantities),
        unit_cost=draw(cents),
        recurring_unit_cost=draw(cents),
        lifespan_years=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6))),
        start_year=draw(st.integers(min_value=1, max_value=horizon + 1)),
        annual_savings=draw(cents),
        risk_keys=tuple(draw(st.sets(st.integers(min_value=1, max_value=2), max_size=2))),
    )


@st.composite
def plans_and_edits(draw: st.DrawFn) -> tuple[ProposalInput, ProposalInput]:
    """A random plan with scenarios, and the same plan with one item edited."""
    horizon = draw(st.integers(min_value=1, max_value=8))
    count = draw(st.integers(min_value=1, max_value=6))
    items = [draw(random_item(key, horizon)) for key in range(1, count + 1)]
    keys = list(range(1, count + 1))
    scenarios = [
        scenario(
            number,
            {
                key: draw(st.one_of(st.none(), quantities.map(str)))
                for key in draw(st.lists(st.sampled_from(keys), unique=True))
            },
        )
        for number in range(1, draw(st.integers(min_value=0, max_value=2)) + 1)
    ]
    data = proposal(
        horizon_years=horizon,
        discount_rate=draw(rates),
        purchase_escalation_rate=draw(rates),
        recurring_escalation_rate=draw(rates),
        items=items,
        risks=[
            risk(1, exposure=100, likelihood_before="0.2", likelihood_after="0.05",
                 cost_before="300.00", cost_after="120.00"),
            risk(2, exposure=1, likelihood_before="0.1", likelihood_after="0",
                 cost_before="80000.00", cost_after="0"),
        ],
        funding=[source(1, {y: "50000.00" for y in range(1, horizon + 1)}, recurring=True)],
        scenarios=scenarios,
    )  # fmt: skip
    index = draw(st.integers(min_value=0, max_value=count - 1))
    field, value = draw(
        st.one_of(
            st.tuples(st.just("quantity"), quantities),
            st.tuples(st.just("unit_cost"), cents),
            st.tuples(st.just("recurring_unit_cost"), cents),
            st.tuples(st.just("annual_savings"), cents),
            st.tuples(
                st.just("lifespan_years"),
                st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
            ),
            st.tuples(st.just("start_year"), st.integers(min_value=1, max_value=horizon + 1)),
            st.tuples(st.just("category"), st.sampled_from(list(ItemCategory))),
        )
    )
    return data, with_item(data, index, **{field: value})


@settings(max_examples=150, deadline=None)
@given(plans_and_edits())
def test_random_single_item_edits_recalculate_to_the_fresh_result(
    plans: tuple[ProposalInput, ProposalInput],
) -> None:
    before, after = plans
    compute(before)
    warm = compute(after)
    assert_same(warm, cold(after))
    # And back again: the original plan's figures are still its own.
    assert_same(compute(before), cold(before))
