"""Run every benchmark and write ``bench/results.md``: ``make bench`` (or ``python -m bench.run``).

What is timed is the application's own code on synthetic proposals of 10 to 10,000 items (see
``bench/generate.py``) and on the sample proposal, in one private temporary library:
importing a proposal file, opening a proposal (snapshot + compute), recalculating after one edit,
opening it in the real main window (headless, a fresh process per run), exporting the
proposal file, the PDF (full and handout), the XLSX workbook, and importing items
from a CSV file; and, from 1,000 items up, a whole working session in the main window (its steps
and its peak memory). Then cold start in fresh processes against a bare PySide6 window, and peak
memory in a process of its own. Each figure is the median of several runs. Nothing here passes or
fails: the results say which targets were met on this machine.

Options: ``--sizes``, ``--runs`` (per figure), ``--large-runs`` (at 10,000 items and more),
``--cold-runs``, ``--no-cold-start``, ``--no-memory``, ``--no-window``, ``--no-session``,
``--out``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.coldstart import ColdStart, measure_cold_start  # noqa: E402
from bench.generate import SIZES, import_synthetic, synthetic_document, synthetic_items_csv  # noqa: E402
from bench.measure import (  # noqa: E402
    Figure,
    format_seconds,
    load_average,
    log_slope,
    machine_description,
    time_runs,
)
from bench.operations import import_items, open_proposal, render_pdf, workbook  # noqa: E402
from bench.probes import open_in_window, probe_memory, probe_session  # noqa: E402

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results.md"
# One run of one figure may take this long at most: past it the suite would run for an hour
# (a report that lays out 10,000 items on hundreds of pages), and the growth from the smaller
# sizes already tells the story.
OPERATION_BUDGET_SECONDS = 90.0
SAMPLE = "sample"
LARGE = 10_000
# The working session in the main window is timed from this size up.
SESSION_LEAST = 1_000

# Row labels, in the order the results table shows them.
IMPORT_FILE = "Import a proposal file (check + write)"
SNAPSHOT = "Open: read the proposal (snapshot)"
COMPUTE = "Open: compute every figure"
OPEN = "Open: snapshot + compute"
RECALC = "Recalculate after one edit"
RECALC_EDIT = "… of which the edit (update_row)"
RECALC_SNAPSHOT = "… of which reading the edit back (snapshot patch)"
RECALC_COMPUTE = "… of which compute"
EXPORT_FILE = "Export the proposal file (JSON)"
PDF_FULL = "PDF: full business case"
PDF_HANDOUT = "PDF: handout"
XLSX = "XLSX workbook"
CSV_IMPORT = "Import items from a CSV file"
WINDOW_VIEW = "Main window: open the proposal (pages built)"
WINDOW_FIGURES = "Main window: open the proposal until its figures show"
OPERATIONS = (
    IMPORT_FILE, OPEN, SNAPSHOT, COMPUTE, RECALC, RECALC_EDIT, RECALC_SNAPSHOT, RECALC_COMPUTE,
    WINDOW_VIEW, WINDOW_FIGURES, EXPORT_FILE, PDF_FULL, PDF_HANDOUT, XLSX, CSV_IMPORT,
)  # fmt: skip


# Start-up takes a fraction of a second and a shared machine disturbs it: more fresh processes
# per case steady its median.
COLD_RUNS = 11


@dataclass
class Settings:
    sizes: tuple[int, ...] = SIZES
    runs: int = 5
    large_runs: int = 3
    cold_runs: int = COLD_RUNS
    cold_start: bool = True
    memory: bool = True
    window: bool = True
    session: bool = True
    output: Path = DEFAULT_OUTPUT

    def runs_for(self, size: int | str, *, heavy: bool = False) -> int:
        """Fewer repeats where one run takes many seconds, to keep the suite near ten minutes."""
        if isinstance(size, int) and size >= LARGE:
            return 1 if heavy else min(self.runs, self.large_runs)
        return self.runs


@dataclass
class Results:
    settings: Settings
    machine: dict[str, str]
    sample_items: int = 0
    figures: dict[str, dict[int | str, Figure]] = field(default_factory=dict)
    cold_start: ColdStart | None = None
    memory: dict[str, dict[str, Any]] = field(default_factory=dict)
    # A working session in the main window, by proposal size (``bench/probe_session.py``).
    sessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    elapsed: float = 0.0

    def figure(self, operation: str, size: int | str) -> Figure:
        return self.figures.setdefault(operation, {}).setdefault(size, Figure())


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _record(
    results: Results,
    operation: str,
    size: int | str,
    measure: Callable[[], list[tuple[float, float]]],
) -> None:
    """Run one measurement; an unavailable or failing feature becomes a note, not a crash."""
    figure = results.figure(operation, size)
    skip = _skip_reason(results, operation, size)
    if skip:
        figure.note = skip
        return
    try:
        figure.add(measure())
    except LookupError as missing:
        figure.note = str(missing)
    except Exception as error:  # noqa: BLE001 - the report says what failed
        figure.note = "failed: " + _describe_failure(error)


def _describe_failure(error: BaseException) -> str:
    """The first error of a chain (the cause; later ones are often raised while handling it)."""
    first = error
    while first.__context__ is not None and first.__context__ is not first:
        first = first.__context__
    text = f"{type(first).__name__}: {first}"
    if first is not error:
        text += f" (then {type(error).__name__}: {error})"
    return text[:300]


def _skip_reason(results: Results, operation: str, size: int | str) -> str:
    """Why not to run ``operation`` at ``size``: it failed at the size before, or going by the
    size before it would take longer than ``OPERATION_BUDGET_SECONDS`` for all its runs."""
    if not isinstance(size, int):
        return ""
    smaller = sorted(
        (n, figure)
        for n, figure in results.figures.get(operation, {}).items()
        if isinstance(n, int) and n < size
    )
    if not smaller:
        return ""
    previous_size, previous = smaller[-1]
    if previous.note.startswith("failed") or previous.note.startswith("skipped"):
        return f"skipped: it failed at {previous_size:,} items"
    if previous.median is None:
        return ""
    # Assume at least linear growth; a super-linear history predicts even longer.
    exponent = 1.0
    if len(smaller) >= 2 and smaller[-2][1].median:
        exponent = max(
            1.0,
            log_slope(
                [smaller[-2][0], previous_size], [smaller[-2][1].median or 0.0, previous.median]
            )
            or 1.0,
        )
    estimate = previous.median * (size / previous_size) ** exponent
    if estimate > OPERATION_BUDGET_SECONDS:
        return (
            f"skipped: {format_seconds(previous.median)} at {previous_size:,} items predicts "
            f"about {format_seconds(estimate)} per run here"
        )
    return ""


def _bench_proposal(
    results: Results, library: Any, size: int | str, proposal_id: int, folder: Path
) -> None:
    """Everything timed on one proposal that already sits in the library."""
    from desktop.finance import compute
    from desktop.services.editing import update_row
    from desktop.services.proposal_files import json_document
    from desktop.services.proposal_format import dump_document
    from desktop.services.snapshot import LiveSnapshot, proposal_input

    settings = results.settings
    runs = settings.runs_for(size)
    _record(
        results,
        SNAPSHOT,
        size,
        lambda: time_runs(lambda: proposal_input(library, proposal_id), runs),
    )
    data = proposal_input(library, proposal_id)
    _record(results, COMPUTE, size, lambda: time_runs(lambda: compute(data), runs))
    _record(
        results, OPEN, size, lambda: time_runs(lambda: open_proposal(library, proposal_id), runs)
    )

    # One real edit per run, on a different item each time, then everything the Review screen
    # needs to show fresh figures, read back as the open editor does (``ProposalContext``): the
    # live snapshot is told which item the edit changed.
    live = LiveSnapshot(library, proposal_id)
    compute(live.read())
    item_keys = [item.key for item in data.items]
    quantities = {item.key: item.quantity for item in data.items}
    parts: dict[str, list[tuple[float, float]]] = {
        RECALC_EDIT: [], RECALC_SNAPSHOT: [], RECALC_COMPUTE: [],
    }  # fmt: skip

    def recalculate_runs() -> list[tuple[float, float]]:
        totals = []
        for run in range(runs):
            key = item_keys[(run * 7919) % len(item_keys)]
            new_quantity = str(quantities[key] + 1 + run)
            start = time.perf_counter(), time.process_time()
            update_row(library, "item", key, {"quantity": new_quantity})
            live.note_items_changed([key])
            edited = time.perf_counter(), time.process_time()
            snapshot = live.read()
            read = time.perf_counter(), time.process_time()
            compute(snapshot)
            done = time.perf_counter(), time.process_time()
            for label, (before, after) in (
                (RECALC_EDIT, (start, edited)),
                (RECALC_SNAPSHOT, (edited, read)),
                (RECALC_COMPUTE, (read, done)),
            ):
                parts[label].append((after[0] - before[0], after[1] - before[1]))
            totals.append((done[0] - start[0], done[1] - start[1]))
        return totals

    _record(results, RECALC, size, recalculate_runs)
    for label, samples in parts.items():
        results.figure(label, size).add(samples)

    _record(
        results, EXPORT_FILE, size,
        lambda: time_runs(lambda: dump_document(json_document(library, proposal_id)), runs),
    )  # fmt: skip
    data, result = open_proposal(library, proposal_id)
    _record(
        results,
        PDF_FULL,
        size,
        lambda: time_runs(lambda: render_pdf(data, result, handout=False), runs),
    )
    _record(
        results,
        PDF_HANDOUT,
        size,
        lambda: time_runs(lambda: render_pdf(data, result, handout=True), runs),
    )
    _record(results, XLSX, size, lambda: time_runs(lambda: workbook(data, result), runs))


def _bench_size(results: Results, library: Any, size: int, folder: Path) -> int:
    """Import the synthetic proposal of ``size`` items (timed), bench it; returns its id."""
    from desktop.services.proposal_format import import_document
    from desktop.services.proposals import create_proposal, delete_proposal

    settings = results.settings
    imported: list[int] = []

    def import_runs() -> list[tuple[float, float]]:
        document = synthetic_document(size)
        runs = settings.runs_for(size, heavy=True)
        return time_runs(lambda: imported.append(import_document(library, document)), runs)

    _record(results, IMPORT_FILE, size, import_runs)
    if not imported:  # the importer failed: still measure the rest on a proposal imported anyhow
        imported.append(import_synthetic(library, size))
    proposal_id = imported[0]
    for extra in imported[1:]:  # keep one copy: the others would only slow later queries
        delete_proposal(library, extra)
    # Start each block with no garbage left over: a collection triggered by the runner's own
    # leftovers would be charged to whatever happens to be timed.
    gc.collect()
    _bench_proposal(results, library, size, proposal_id, folder)

    csv_path = folder / f"items_{size}.csv"
    csv_path.write_text(synthetic_items_csv(size), encoding="utf-8")
    targets: list[int] = []

    def new_empty_proposal() -> None:
        targets.append(
            create_proposal(
                library, f"CSV import {size} #{len(targets) + 1}", district="Synthetic district"
            )
        )

    _record(
        results, CSV_IMPORT, size,
        lambda: time_runs(
            lambda: import_items(library, targets[-1], csv_path, size),
            settings.runs_for(size, heavy=True),
            before_each=new_empty_proposal,
        ),
    )  # fmt: skip
    # The CSV targets stay: deleting checks the whole proposal first (seconds at 10,000 items),
    # and every later query filters by proposal through an index, so they slow nothing timed.
    return proposal_id


def _session(folder: Path, size: int) -> dict[str, Any]:
    from desktop.services.library import open_library

    path = folder / f"session-{size}.buyinlib"
    library = open_library(path)
    try:
        proposal_id = import_synthetic(library, size)
    finally:
        library.close()
    data_dir = folder / f"session-data-{size}"
    data_dir.mkdir()
    return probe_session(path, proposal_id, data_dir)


def run(settings: Settings) -> Results:
    """Run the whole suite and write the Markdown results; returns the figures."""
    from bench.results_table import write_results
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal

    started = time.perf_counter()
    results = Results(settings, machine_description())
    with tempfile.TemporaryDirectory(prefix="buyin-bench-") as folder_name:
        folder = Path(folder_name)
        library_path = folder / "bench.buyinlib"
        library = open_library(library_path)
        try:
            sample_id = add_sample_proposal(library)
            _progress("sample proposal")
            _bench_proposal(results, library, SAMPLE, sample_id, folder)
            results.sample_items = len(open_proposal(library, sample_id)[0].items)
            largest: int | None = None
            opened: dict[int | str, int] = {SAMPLE: sample_id}
            for size in settings.sizes:
                _progress(f"{size:,} items")
                largest = opened[size] = _bench_size(results, library, size, folder)
            if settings.window:
                _progress("main window")
                data_dir = folder / "user-data"
                data_dir.mkdir()
                for size, proposal_id in opened.items():
                    open_in_window(results, library_path, proposal_id, size, data_dir)
            if settings.session:
                # The larger sizes only: what a director feels with a big proposal. Each in a
                # library of its own, since the session removes and restores its rows.
                for size in (n for n in settings.sizes if n >= SESSION_LEAST):
                    _progress(f"a working session, {size:,} items")
                    results.sessions[size] = _session(folder, size)
            if settings.memory:
                _progress("peak memory")
                results.memory[SAMPLE] = probe_memory(results, library_path, sample_id, SAMPLE)
                if largest is not None:
                    biggest = max(settings.sizes)
                    results.memory[f"{biggest:,} items"] = probe_memory(
                        results, library_path, largest, biggest
                    )
        finally:
            library.close()
    if settings.cold_start:
        _progress("cold start")
        results.cold_start = measure_cold_start(settings.cold_runs)
    results.elapsed = time.perf_counter() - started
    results.machine["Load average at end (1 min)"] = load_average()
    write_results(results, settings.output)
    return results


def parse_settings(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--runs", type=int, default=5, help="timed runs per figure")
    parser.add_argument("--large-runs", type=int, default=3, help="runs at 10,000 items or more")
    parser.add_argument("--cold-runs", type=int, default=COLD_RUNS, help="fresh processes per case")
    parser.add_argument("--no-cold-start", action="store_true")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--no-window", action="store_true", help="skip the main-window timings")
    parser.add_argument(
        "--no-session", action="store_true", help="skip the working session in the main window"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.runs < 1 or args.large_runs < 1 or args.cold_runs < 1:
        parser.error("run counts must be at least 1")
    if any(size < 1 for size in args.sizes):
        parser.error("sizes must be at least 1 item")
    return Settings(
        sizes=tuple(sorted(set(args.sizes))),
        runs=args.runs,
        large_runs=args.large_runs,
        cold_runs=args.cold_runs,
        cold_start=not args.no_cold_start,
        memory=not args.no_memory,
        window=not args.no_window,
        session=not args.no_session,
        output=args.out,
    )


def main(argv: list[str] | None = None) -> int:
    settings = parse_settings(argv)
    results = run(settings)
    _progress(f"wrote {settings.output} in {results.elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
