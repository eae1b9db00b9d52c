"""Synthetic proposals of 10 to 10,000 items, for the benchmarks.

Each proposal is a "buyin-proposal" document (see ``docs/proposal-format.md``) shaped like a real
district's case scaled up: goals ≈ 5 + items/200, risks and metrics ≈ 6 + items/100, every item
tied to one or two goals, up to two risks and one metric, four to six funding streams sized to
cover most of the yearly cost, and three scenarios (a lean subset, the recommended set, a fuller
set with larger quantities). The same seed always gives the same document, so figures from two
runs measure the same work.

The documents go into a library through the application's own importer
(``desktop.services.proposal_format.import_document``), so what the benchmarks time afterwards is
exactly what the app does with a proposal of that size.

Run ``python -m bench.generate --out FOLDER`` to write the documents as files.
"""

from __future__ import annotations

import argparse
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    ItemCategory,
    MetricArea,
    RiskKind,
)

SIZES = (10, 100, 1_000, 10_000)
DEFAULT_SEED = 2027
HORIZON_YEARS = 5
CENTS = Decimal("0.01")

# Per category: typical names, quantity range, one-time and recurring unit cost ranges (dollars),
# and the refresh cycles seen in practice (None: bought once, e.g. a service or a position).
_CATEGORY_SHAPES: dict[ItemCategory, tuple[tuple[str, ...], tuple[int, int], tuple[int, int],
                                           tuple[int, int], tuple[int | None, ...]]] = {
    ItemCategory.BROADBAND: (
        ("Internet circuit upgrade", "Redundant fibre link", "Hotspot data plan"),
        (1, 60), (0, 15_000), (500, 30_000), (None,),
    ),
    ItemCategory.NETWORK_INFRASTRUCTURE: (
        ("Wi-Fi access points", "PoE access switches", "Core switch pair", "Firewall cluster"),
        (4, 400), (300, 9_000), (20, 400), (5, 6, 7),
    ),
    ItemCategory.HARDWARE: (
        ("Student Chromebooks", "Teacher laptops", "Charging carts", "Spare device pool"),
        (10, 4_000), (250, 1_400), (0, 40), (3, 4, 5),
    ),
    ItemCategory.DEVICE_MANAGEMENT: (
        ("Device management licences", "Asset tags and scanners", "Device inventory service"),
        (50, 4_000), (0, 30), (3, 25), (None, 4),
    ),
    ItemCategory.SECURITY: (
        ("Content filter licences", "Single sign-on", "Endpoint protection", "Backup service"),
        (100, 5_000), (0, 20), (2, 18), (None,),
    ),
    ItemCategory.INSURANCE: (
        ("Accidental damage plan", "Theft cover"),
        (100, 4_000), (0, 0), (15, 60), (None,),
    ),
    ItemCategory.TECHNICAL_SUPPORT: (
        ("Help desk technician", "Repair depot parts", "Summer imaging crew"),
        (1, 6), (0, 5_000), (40_000, 90_000), (None,),
    ),
    ItemCategory.INSTRUCTIONAL_CONTENT: (
        ("Digital curriculum licences", "Reading intervention software", "Assessment platform"),
        (100, 4_500), (0, 10), (5, 45), (None,),
    ),
    ItemCategory.PROFESSIONAL_LEARNING: (
        ("Teacher learning days", "Instructional technology coach", "Online course seats"),
        (5, 300), (0, 800), (150, 85_000), (None,),
    ),
    ItemCategory.OTHER: (
        ("Project management", "Family technology nights", "Signage and communications"),
        (1, 20), (500, 20_000), (0, 2_000), (None,),
    ),
}  # fmt: skip

_GOAL_LEVELS = tuple(GoalLevel)
_RISK_KINDS = tuple(RiskKind)
_METRIC_AREAS = tuple(MetricArea)


def _money(value: Decimal | int) -> str:
    return format(Decimal(value).quantize(CENTS), "f")


def counts_for(item_count: int) -> dict[str, int]:
    """How many goals, risks and metrics a proposal of ``item_count`` items gets."""
    return {
        "goals": 5 + item_count // 200,
        "risks": 6 + item_count // 100,
        "metrics": 6 + item_count // 100,
    }


def _goals(rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [
        {
            "ref": f"G{n}",
            "code": f"SP {1 + (n - 1) // 4}.{1 + (n - 1) % 4}",
            "title": f"Plan goal {n}: every learner connected, supported and safe online",
            "level": _GOAL_LEVELS[n % len(_GOAL_LEVELS)].value,
            "description": "Adopted by the board with the district strategic plan.",
        }
        for n in range(1, count + 1)
    ]


def _risks(rng: random.Random, count: int) -> list[dict[str, Any]]:
    risks = []
    for n in range(1, count + 1):
        before = Decimal(rng.randint(5, 300)) / 1000
        risks.append(
            {
                "ref": f"R{n}",
                "title": f"Risk {n}: devices or services fail when students need them",
                "kind": _RISK_KINDS[n % len(_RISK_KINDS)].value,
                "description": "Expected yearly loss without and with the mitigating items.",
                "exposure": str(rng.choice((1, 1, 50, 400, 3_600))),
                "likelihood_before": str(before),
                "likelihood_after": str(
                    (before * Decimal(rng.randint(10, 60)) / 100).quantize(Decimal("0.000001"))
                ),
                "cost_before": _money(rng.randint(80, 250_000)),
                "cost_after": _money(rng.randint(0, 60)),
            }
        )
    return risks


def _metrics(rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [
        {
            "ref": f"M{n}",
            "name": f"Measure {n}: time on task with working devices",
            "area": _METRIC_AREAS[n % len(_METRIC_AREAS)].value,
            "unit": "%",
            "baseline": str(rng.randint(20, 70)),
            "target": str(rng.randint(71, 98)),
            "target_year": 2027 + rng.randint(1, HORIZON_YEARS),
            "data_source": "District data warehouse",
            "owner": "Director of Technology",
        }
        for n in range(1, count + 1)
    ]


def _item(rng: random.Random, n: int, counts: dict[str, int]) -> dict[str, Any]:
    category = tuple(_CATEGORY_SHAPES)[rng.randrange(len(_CATEGORY_SHAPES))]
    names, quantities, one_time, recurring, lifespans = _CATEGORY_SHAPES[category]
    goal_refs = rng.sample(range(1, counts["goals"] + 1), rng.randint(1, 2))
    risk_refs = rng.sample(range(1, counts["risks"] + 1), rng.randint(0, 2))
    return {
        "ref": f"I{n}",
        "name": f"{rng.choice(names)} — site {n}",
        "category": category.value,
        "quantity": str(rng.randint(*quantities)),
        "unit_cost": _money(rng.randint(*one_time)),
        "recurring_unit_cost": _money(rng.randint(*recurring)),
        "lifespan_years": rng.choice(lifespans),
        "start_year": rng.choice((1, 1, 1, 2, 3)),
        "annual_savings": _money(rng.choice((0, 0, 0, 1_500, 12_000))),
        "vendor": "State cooperative contract",
        "notes": "Generated for performance measurement.",
        "figure_source": "Illustrative: typical cooperative pricing.",
        "goals": [
            {"ref": f"G{goal}", "rationale": "Keeps classrooms online"}
            for goal in sorted(goal_refs)
        ],
        "risks": [f"R{risk}" for risk in sorted(risk_refs)],
        "metrics": [f"M{rng.randint(1, counts['metrics'])}"],
    }


def _yearly_costs(items: list[dict[str, Any]], horizon: int) -> list[Decimal]:
    """A rough cost per plan year (no escalation), to size the funding streams."""
    costs = [Decimal(0)] * horizon
    for item in items:
        quantity = Decimal(item["quantity"])
        start, lifespan = item["start_year"], item["lifespan_years"]
        for year in range(start, horizon + 1):
            bought = year == start or (lifespan and (year - start) % lifespan == 0)
            costs[year - 1] += quantity * Decimal(item["recurring_unit_cost"])
            if bought:
                costs[year - 1] += quantity * Decimal(item["unit_cost"])
    return costs


def _funding(rng: random.Random, costs: list[Decimal]) -> list[dict[str, Any]]:
    # Mostly recurring money, a temporary grant and bond up front: the shape the rubric rewards.
    streams: list[tuple[str, FundingKind, bool, Decimal, tuple[int, ...]]] = [
        ("General fund (maintenance and operations)", FundingKind.MAINTENANCE_OPERATIONS, True,
         Decimal("0.62"), ()),
        ("E-Rate reimbursement", FundingKind.E_RATE, True, Decimal("0.15"), ()),
        ("State digital learning grant", FundingKind.GRANT, False, Decimal("0.08"), (1, 2)),
        ("Title IV-A", FundingKind.TITLE_FUNDS, True, Decimal("0.05"), ()),
        ("Technology bond", FundingKind.BOND, False, Decimal("0.25"), (1,)),
        ("Education foundation gift", FundingKind.OTHER, False, Decimal("0.02"), (1, 2, 3)),
    ]  # fmt: skip
    chosen = streams[: rng.randint(4, 6)]
    funding = []
    for n, (name, kind, recurring, share, only_years) in enumerate(chosen, start=1):
        years = only_years or tuple(range(1, len(costs) + 1))
        funding.append(
            {
                "ref": f"F{n}",
                "name": name,
                "kind": kind.value,
                "recurring": recurring,
                "notes": "Amounts sized from the plan's yearly cost.",
                "amounts": {
                    str(year): _money(costs[year - 1] * share)
                    for year in years
                    if year <= len(costs)
                },
            }
        )
    return funding


def _scenarios(rng: random.Random, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    lean = [
        {"ref": item["ref"], "quantity": None}
        if rng.random() < 0.7
        else {"ref": item["ref"], "quantity": str(max(1, int(item["quantity"]) // 2))}
        for item in items
        if rng.random() < 0.7
    ]
    full = [
        {"ref": item["ref"], "quantity": None}
        if rng.random() < 0.75
        else {"ref": item["ref"], "quantity": str(int(item["quantity"]) * 5 // 4 + 1)}
        for item in items
    ]
    return [
        {"ref": "S1", "name": "Lean", "description": "About 70 % of the items, some halved.",
         "items": lean},
        {"ref": "S2", "name": "Recommended", "description": "Every item as proposed.",
         "items": [{"ref": item["ref"], "quantity": None} for item in items]},
        {"ref": "S3", "name": "Full", "description": "Every item, a quarter of them larger.",
         "items": full},
    ]  # fmt: skip


def synthetic_document(item_count: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """A complete, importable "buyin-proposal" document with ``item_count`` items."""
    if item_count < 1:
        raise ValueError("A synthetic proposal needs at least one item.")
    rng = random.Random(f"{seed}-{item_count}")
    counts = counts_for(item_count)
    items = [_item(rng, n, counts) for n in range(1, item_count + 1)]
    students = max(400, min(200_000, item_count * 40))
    return {
        "format": "buyin-proposal",
        "format_version": 1,
        "proposal": {
            "name": f"Synthetic district — {item_count:,} items",
            "district": "Synthetic Unified School District",
            "initiative": "one_to_one",
            "fiscal_year_start": 2027,
            "fiscal_year_start_month": 7,
            "horizon_years": HORIZON_YEARS,
            "students": students,
            "teachers": students // 15,
            "staff": students // 22,
            "discount_rate": "0.03",
            "currency": "USD",
            "purchase_escalation_rate": "0.02",
            "recurring_escalation_rate": "0.03",
            "status": "draft",
            "prepared_by": "Director of Technology",
            "prepared_for": "Chief Financial Officer",
            "executive_summary": "A generated proposal used to measure how the application "
            "scales with the number of items.",
            "logo": None,
        },
        "goals": _goals(rng, counts["goals"]),
        "risks": _risks(rng, counts["risks"]),
        "metrics": _metrics(rng, counts["metrics"]),
        "items": items,
        "funding": _funding(rng, _yearly_costs(items, HORIZON_YEARS)),
        "scenarios": _scenarios(rng, items),
    }


def import_synthetic(library: Any, item_count: int, seed: int = DEFAULT_SEED) -> int:
    """Import a synthetic proposal through the app's own importer; returns its id."""
    from desktop.services.proposal_format import import_document

    return import_document(library, synthetic_document(item_count, seed))


ITEM_CSV_COLUMNS = (
    "name", "category", "quantity", "unit_cost", "recurring_unit_cost", "lifespan_years",
    "start_year", "annual_savings", "vendor", "notes", "figure_source",
)  # fmt: skip


def synthetic_items_csv(row_count: int, seed: int = DEFAULT_SEED) -> str:
    """A spreadsheet export of items (header row + ``row_count`` rows) as CSV text."""
    import csv
    import io

    document = synthetic_document(row_count, seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ITEM_CSV_COLUMNS)
    for item in document["items"]:
        writer.writerow(
            ["" if item[column] is None else item[column] for column in ITEM_CSV_COLUMNS]
        )
    return buffer.getvalue()


def write_documents(
    folder: Path, sizes: tuple[int, ...] = SIZES, seed: int = DEFAULT_SEED
) -> list[Path]:
    """Write one ``synthetic_<size>.json`` per size into ``folder``."""
    from desktop.services.proposal_format import write_document

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        path = folder / f"synthetic_{size}.json"
        write_document(synthetic_document(size, seed), path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the JSON files")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write_documents(args.out, tuple(args.sizes), args.seed):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
