"""Time the spreadsheet work: the CFO workbook of the sample and of a 1,000-item proposal, the
items CSV, and importing a 10,000-row vendor quote (read, check every row, one bulk insert).

Run from the project root: ``python bench/bench_sheets.py`` (``--runs N`` to change the number of
timed runs). Prints a Markdown table of median and best times. Targets: a workbook in about a
second, a 10,000-row import well under a second.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.finance import compute  # noqa: E402
from desktop.finance.inputs import ItemInput, ProposalInput  # noqa: E402
from desktop.services.item_import import check_table, import_items_file  # noqa: E402
from desktop.services.library import Library, open_library  # noqa: E402
from desktop.services.proposals import add_sample_proposal, create_proposal  # noqa: E402
from desktop.services.snapshot import proposal_input  # noqa: E402
from desktop.sheets import items_csv_text, read_quote, workbook_bytes  # noqa: E402
from desktop.vocabulary import ItemCategory  # noqa: E402

CATEGORIES = list(ItemCategory)


def with_many_items(data: ProposalInput, count: int) -> ProposalInput:
    """The sample's setting (risks, funding, scenarios) with ``count`` varied items."""
    items = tuple(
        ItemInput(
            key=100_000 + n,
            name=f"Line {n}: device, licence or service",
            category=CATEGORIES[n % len(CATEGORIES)],
            quantity=Decimal(n % 400 + 1),
            unit_cost=Decimal(n % 1500) + Decimal("0.99"),
            recurring_unit_cost=Decimal(n % 60) + Decimal("0.25"),
            lifespan_years=(n % 6) + 2 if n % 3 else None,
            start_year=n % 3 + 1,
            vendor=f"Vendor {n % 17}",
            notes="Quoted on the cooperative contract",
        )
        for n in range(count)
    )
    return dataclasses.replace(data, items=data.items + items)


def quote_csv(rows: int) -> str:
    lines = ["Item,Qty,Unit price,Annual cost,Category,Vendor,Notes"]
    for n in range(rows):
        lines.append(
            f'Device {n},{n % 50 + 1},"${n % 900 + 100:,}.{n % 100:02d}",{n % 30}.50,'
            f'{CATEGORIES[n % len(CATEGORIES)].label},Vendor {n % 7},"Line {n} of the quote"'
        )
    return "\n".join(lines) + "\n"


def timed(work: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("BUYIN_DATA_DIR", folder)
        library: Library = open_library(Path(folder) / "bench.buyinlib")
        sample_id = add_sample_proposal(library)
        sample = proposal_input(library, sample_id)
        sample_result = compute(sample)
        large = with_many_items(sample, 1_000)
        large_result = compute(large)
        quote = Path(folder) / "quote.csv"
        quote.write_text(quote_csv(10_000), encoding="utf-8")
        target = create_proposal(library, "Import target")

        tasks: list[tuple[str, Callable[[], object]]] = [
            ("XLSX workbook, sample (19 items)", lambda: workbook_bytes(sample, sample_result)),
            ("XLSX workbook, 1,019 items", lambda: workbook_bytes(large, large_result)),
            ("Items CSV, 1,019 items", lambda: items_csv_text(large, large_result)),
            ("Read + check a 10,000-row CSV (dry run)", lambda: check_table(read_quote(quote))),
            (
                "Import a 10,000-row CSV (read, check, insert)",
                lambda: import_items_file(library, target, quote),
            ),
        ]
        rows = [(label, timed(work, runs)) for label, work in tasks]
        library.close()
    print(f"| Task ({runs} runs) | Median | Best |")
    print("|---|---:|---:|")
    for label, (median, best) in rows:
        print(f"| {label} | {median * 1000:,.0f} ms | {best * 1000:,.0f} ms |")


if __name__ == "__main__":
    main()
