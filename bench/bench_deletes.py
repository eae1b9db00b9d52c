"""Time removing rows and deleting proposals: every item of a large proposal removed at once
(Ctrl+Delete on the Items step), that removal undone, goals removed and brought back with their
links, and Home's Delete of a whole proposal and its undo.

Run from the project root: ``python bench/bench_deletes.py`` (``--sizes`` for the proposal
sizes, ``--runs N`` for the number of timed runs). Each run works on a fresh copy of a synthetic
proposal (``bench/generate.py``), imported untimed. Prints a Markdown table of median and best
times, and how many SQL statements each step sent.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from bench.generate import synthetic_document  # noqa: E402
from desktop.services import editing  # noqa: E402
from desktop.services.library import Library, open_library  # noqa: E402
from desktop.services.proposal_format import import_document  # noqa: E402
from desktop.services.proposals import delete_proposal, restore_proposal  # noqa: E402


class Statements:
    """Counts the statements sent to the library while a step runs."""

    def __init__(self, library: Library) -> None:
        self.count = 0
        event.listen(library.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def _row_ids(library: Library, proposal_id: int, entity: str) -> list[int]:
    return [int(row["id"]) for row in editing.list_rows(library, proposal_id, entity)]


def measure(
    library: Library,
    statements: Statements,
    document: dict[str, Any],
    runs: int,
) -> dict[str, tuple[float, float, int]]:
    """Per step: median and best seconds, and the statements of the last run."""
    times: dict[str, list[float]] = {}
    counts: dict[str, int] = {}

    def timed(label: str, step: Callable[..., Any], *arguments: Any) -> Any:
        statements.count = 0
        start = time.perf_counter()
        result = step(library, *arguments)
        times.setdefault(label, []).append(time.perf_counter() - start)
        counts[label] = statements.count
        return result

    for _ in range(runs):
        proposal_id = import_document(library, document)
        items = _row_ids(library, proposal_id, "item")
        deleted = timed("Remove every item", editing.delete_rows, "item", items)
        timed("Undo: every item back", editing.restore_rows, deleted)
        goals = _row_ids(library, proposal_id, "goal")
        deleted = timed("Remove every goal", editing.delete_rows, "goal", goals)
        timed("Undo: every goal back", editing.restore_rows, deleted)
        deleted_proposal = timed("Delete the proposal (Home)", delete_proposal, proposal_id)
        restored = timed("Undo: the proposal back (Home)", restore_proposal, deleted_proposal)
        delete_proposal(library, restored)  # the next run imports its own
    return {
        label: (statistics.median(samples), min(samples), counts[label])
        for label, samples in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"| Step ({args.runs} runs) | Items | Median | Best | Statements |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("BUYIN_DATA_DIR", folder)
        library = open_library(Path(folder) / "bench.buyinlib")
        statements = Statements(library)
        try:
            for size in args.sizes:
                figures = measure(library, statements, synthetic_document(size), args.runs)
                for label, (median, best, count) in figures.items():
                    print(
                        f"| {label} | {size:,} | {median * 1000:,.0f} ms | {best * 1000:,.0f} ms "
                        f"| {count:,} |",
                        flush=True,
                    )
        finally:
            library.close()


if __name__ == "__main__":
    main()
