"""Time the finance engine on synthetic proposals of 10 to 10,000 items over 10 years.

Run from the project root: ``python bench/bench_finance.py`` (``--runs N`` to change the number
of timed runs). Prints a Markdown table of the median time of ``compute()`` per size, including
scenarios and sensitivity, as the Review screen recalculates after every edit. Targets: under
50 ms at 1,000 items and under 300 ms at 10,000 items.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.finance import compute  # noqa: E402
from desktop.finance.inputs import (  # noqa: E402
    FundingInput,
    GoalInput,
    GoalLink,
    ItemInput,
    MetricInput,
    ProposalInput,
    RiskInput,
    ScenarioInput,
)
from desktop.vocabulary import (  # noqa: E402
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    RiskKind,
)

SIZES = (10, 100, 1_000, 10_000)
HORIZON = 10
RISKS = 20
GOALS = 12
METRICS = 8


def synthetic_proposal(
    item_count: int, seed: int = 7, *, requantify_all: bool = False
) -> ProposalInput:
    """A plausible district proposal: mixed categories, refresh cycles, escalation, risks shared
    by many items, recurring and temporary funding, and three scenarios."""
    rng = random.Random(seed)
    categories = list(ItemCategory)
    items = tuple(
        ItemInput(
            key=key,
            name=f"Item {key}",
            category=categories[key % len(categories)],
            quantity=Decimal(rng.randint(1, 4000)),
            unit_cost=Decimal(rng.randint(0, 200_000)).scaleb(-2),
            recurring_unit_cost=Decimal(rng.randint(0, 5_000)).scaleb(-2),
            lifespan_years=rng.choice((None, 3, 4, 5, 7)),
            start_year=rng.randint(1, 3),
            annual_savings=Decimal(rng.choice((0, 0, 500, 2500))),
            goal_links=(GoalLink(rng.randint(1, GOALS)),),
            risk_keys=tuple({rng.randint(1, RISKS) for _ in range(rng.randint(0, 2))}),
            metric_keys=(rng.randint(1, METRICS),),
        )
        for key in range(1, item_count + 1)
    )
    risks = tuple(
        RiskInput(
            key=key,
            title=f"Risk {key}",
            kind=RiskKind.FINANCIAL,
            exposure=Decimal(rng.randint(1, 5000)),
            likelihood_before=Decimal(rng.randint(5, 30)).scaleb(-2),
            likelihood_after=Decimal(rng.randint(0, 5)).scaleb(-2),
            cost_before=Decimal(rng.randint(100, 2000)),
            cost_after=Decimal(rng.randint(50, 500)),
        )
        for key in range(1, RISKS + 1)
    )
    every_item: dict[int, Decimal | None] = {item.key: None for item in items}
    if requantify_all:
        # Stress case: two scenarios give every item a new quantity, so nothing is reused.
        lean = {item.key: item.quantity * Decimal("0.8") for item in items}
        full = {item.key: item.quantity * Decimal("1.5") for item in items}
    else:
        # Typical case: the lean option drops a quarter of the lines, the full one buys more of
        # a tenth of them.
        lean = {item.key: None for item in items[: item_count * 3 // 4]}
        full = dict(every_item)
        for item in items[: max(1, item_count // 10)]:
            full[item.key] = item.quantity * Decimal("1.5")
    return ProposalInput(
        name=f"Synthetic {item_count}",
        district="Benchmark USD",
        initiative=InitiativeKind.ONE_TO_ONE,
        fiscal_year_start=2027,
        horizon_years=HORIZON,
        students=25_000,
        discount_rate=Decimal("0.035"),
        purchase_escalation_rate=Decimal("0.02"),
        recurring_escalation_rate=Decimal("0.03"),
        items=items,
        goals=tuple(
            GoalInput(k, f"G{k}", f"Goal {k}", GoalLevel.DISTRICT_STRATEGIC)
            for k in range(1, GOALS + 1)
        ),
        risks=risks,
        metrics=tuple(
            MetricInput(k, f"Metric {k}", MetricArea.STUDENT_RESULTS) for k in range(1, METRICS + 1)
        ),
        funding=(
            FundingInput(
                1,
                "Operating budget",
                FundingKind.MAINTENANCE_OPERATIONS,
                True,
                {y: Decimal(item_count * 40_000) for y in range(1, HORIZON + 1)},
            ),
            FundingInput(
                2,
                "Technology grant",
                FundingKind.GRANT,
                False,
                {1: Decimal(item_count * 100_000), 2: Decimal(item_count * 20_000)},
            ),
        ),  # fmt: skip
        scenarios=(
            ScenarioInput(1, "Lean", lean),
            ScenarioInput(2, "Recommended", every_item),
            ScenarioInput(3, "Full", full),
        ),
    )


def median_ms(proposal: ProposalInput, runs: int) -> float:
    compute(proposal)  # warm-up: imports and caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        compute(proposal)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per size (default 7)")
    args = parser.parse_args(argv)
    print(
        f"compute() median of {args.runs} runs, {HORIZON} years, base case + 3 scenarios, "
        "with sensitivity\n"
    )
    print("| Items | Typical scenarios (ms) | Every item re-quantified in 2 scenarios (ms) |")
    print("|------:|-----------------------:|---------------------------------------------:|")
    for size in SIZES:
        typical = median_ms(synthetic_proposal(size), args.runs)
        stress = median_ms(synthetic_proposal(size, requantify_all=True), args.runs)
        print(f"| {size:,} | {typical:,.1f} | {stress:,.1f} |")


if __name__ == "__main__":
    main()
