"""Turn the benchmark figures into ``bench/results.md``: machine, targets, tables, growth.

Kept apart from ``bench/run.py`` so the measuring code stays short and the layout of the report
can change without touching what is measured.
"""

from __future__ import annotations

import datetime
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.coldstart import (
    COLD_START_TEXT,
    RATIO_TARGET,
    account_lines,
    cold_start_lines,
    cpu_ratio_of,
)
from bench.measure import format_seconds, growth_ratios, growth_verdict, log_slope

if TYPE_CHECKING:
    from bench.run import Results

MEMORY_TARGET_MB = 250
# The libraries the design keeps off the start-up path (others are reported, not judged).
FORBIDDEN_AT_START = {"pandas", "reportlab", "openpyxl"}
COLD_START_RATIO_TARGET = RATIO_TARGET


def _table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> list[str]:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    rule = ["---:" if side == "r" else "---" for side in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def _median(results: Results, operation: str, size: int | str) -> float | None:
    figure = results.figures.get(operation, {}).get(size)
    return figure.median if figure else None


def _growth_median(results: Results, operation: str, size: int | str) -> float | None:
    """CPU time where it was measured (steadier on a shared machine), else wall-clock time."""
    figure = results.figures.get(operation, {}).get(size)
    if figure is None:
        return None
    return figure.cpu_median if figure.cpu_times else figure.median


def _cell(results: Results, operation: str, size: int | str) -> str:
    figure = results.figures.get(operation, {}).get(size)
    if figure is None:
        return "—"
    if figure.median is None:
        if figure.note.startswith(("not available", "skipped")):
            return figure.note.split(" (")[0].split(":")[0]
        return "failed"
    return format_seconds(figure.median)


def _time_rows(results: Results) -> list[list[str]]:
    from bench.run import OPERATIONS, SAMPLE

    sizes = list(results.settings.sizes)
    rows = []
    for operation in OPERATIONS:
        medians = [_growth_median(results, operation, size) for size in sizes]
        ratios = growth_ratios(sizes, medians)
        growth = " · ".join(f"{ratio:.1f}×" if ratio else "—" for ratio in ratios) or "—"
        measured = [(n, t) for n, t in zip(sizes, medians, strict=True) if t]
        slope = log_slope([n for n, _ in measured], [t for _, t in measured])
        runs = "·".join(
            str(results.figures.get(operation, {}).get(size, _Empty).runs) for size in sizes
        )
        rows.append(
            [operation, _cell(results, operation, SAMPLE)]
            + [_cell(results, operation, size) for size in sizes]
            + [growth, f"{slope:.2f}" if slope is not None else "—", growth_verdict(slope), runs]
        )
    return rows


class _Empty:
    runs = 0


def _target_rows(results: Results) -> list[list[str]]:
    from bench.run import PDF_FULL, RECALC, SAMPLE, XLSX

    rows: list[list[str]] = []

    def verdict(value: float | None, limit: float) -> str:
        return "—" if value is None else ("met" if value <= limit else "**missed**")

    def cpu(operation: str, size: int | str) -> str:
        figure = results.figures.get(operation, {}).get(size)
        return format_seconds(figure.cpu_median) if figure and figure.cpu_times else "—"

    for size, limit in ((1_000, 0.050), (10_000, 0.300)):
        if size in results.settings.sizes:
            value = _median(results, RECALC, size)
            rows.append(
                [f"Recalculate after one edit, {size:,} items", format_seconds(limit),
                 format_seconds(value), cpu(RECALC, size), verdict(value, limit)]
            )  # fmt: skip
    for operation in (PDF_FULL, XLSX):
        value = _median(results, operation, SAMPLE)
        shown = format_seconds(value) if value is not None else _cell(results, operation, SAMPLE)
        rows.append(
            [f"{operation}, sample", "about 1 s", shown, cpu(operation, SAMPLE),
             verdict(value, 1.5)]
        )  # fmt: skip
    cold = results.cold_start
    if cold is not None:
        bare = cold.times.get("bare") or []
        for case in ("app, first start", "app, later start"):
            times = cold.times.get(case) or []
            if times and bare:
                ratio = statistics.median(times) / statistics.median(bare)
                cpu_ratio = cpu_ratio_of(cold, case)
                rows.append(
                    [f"Cold start ({case.removeprefix('app, ')}) ÷ bare PySide6 window",
                     f"< {COLD_START_RATIO_TARGET}×", f"{ratio:.2f}×",
                     f"{cpu_ratio:.2f}×" if cpu_ratio else "—",
                     verdict(ratio, COLD_START_RATIO_TARGET)]
                )  # fmt: skip
            else:
                rows.append([f"Cold start ({case.removeprefix('app, ')})",
                             f"< {COLD_START_RATIO_TARGET}×",
                             cold.notes.get(case, "not measured"), "—", "—"])  # fmt: skip
        seen = set(cold.heavy_modules).union(
            *(heavy for case, heavy in cold.heavy_by_case.items() if case != "bare")
        )
        if cold.module_count or cold.heavy_by_case:
            banned = sorted(seen & FORBIDDEN_AT_START)
            rows.append(["pandas, reportlab, openpyxl loaded at start-up", "none",
                         ", ".join(banned) or "none", "—",
                         "met" if not banned else "**missed**"])  # fmt: skip
    for size, session in sorted(results.sessions.items()):
        if size < 10_000:
            continue
        peak = session.get("peak_mb")
        shown = f"{peak:.0f} MB" if peak else session.get("error", "failed")
        rows.append(
            [f"Peak memory, {size:,} items, a working session (edits, undo, exports)",
             f"< {MEMORY_TARGET_MB} MB", shown, "—",
             verdict(peak, MEMORY_TARGET_MB) if peak else "—"]
        )  # fmt: skip
    for label, probe in results.memory.items():
        if label == SAMPLE:
            continue
        peak = probe.get("peak_mb")
        rows.append(
            [f"Peak memory, {label} (open + compute + exports)", f"< {MEMORY_TARGET_MB} MB",
             f"{peak:.0f} MB" if peak else probe.get("error", "failed"), "—",
             verdict(peak, MEMORY_TARGET_MB) if peak else "—"]
        )  # fmt: skip
    return rows


def _cold_start_lines(results: Results) -> list[str]:
    cold = results.cold_start
    if cold is None:
        return ["Not measured in this run (`--no-cold-start`)."]
    lines = cold_start_lines(cold)
    if cold.module_count:
        lines += [
            "",
            f"Main window shown: “{cold.window_title}”. Modules loaded by then: "
            f"{cold.module_count}; heavy libraries among them: "
            f"{', '.join(cold.heavy_modules) or 'none'}.",
        ]
        for case, heavy in cold.heavy_by_case.items():
            if case != "bare":
                shown = ", ".join(sorted(heavy)) or "none"
                lines += [
                    "",
                    f"Heavy libraries loaded by the time the proposal was shown, {case}: {shown}.",
                ]
    account = account_lines(cold, COLD_START_RATIO_TARGET)
    if account:
        lines += ["", *account]
    if cold.slowest_imports:
        lines += [
            "",
            "Slowest imports until the proposal is editable (`python -X importtime`, one later "
            "start; cumulative, so a module's time includes everything it imports; on a later "
            "start the database layer loads on a worker after the proposal is shown):",
            "",
        ]
        lines += _table(
            ["Module", "Cumulative import time"],
            [[name, format_seconds(seconds)] for name, seconds in cold.slowest_imports],
        )
    for case, note in cold.notes.items():
        if note.startswith("failed") or case in ("imports", "account"):
            lines += ["", f"{case}: {note}"]
    return lines


def _memory_lines(results: Results) -> list[str]:
    if not results.memory:
        return ["Not measured in this run (`--no-memory`)."]
    rows = []
    for label, probe in results.memory.items():
        peak = probe.get("peak_mb")
        steps: dict[str, str] = probe.get("steps", {})
        rows.append(
            [
                label if label != "sample" else f"sample ({results.sample_items} items)",
                f"{peak:.0f} MB" if peak else probe.get("error", "failed"),
                "; ".join(f"{step}: {state}" for step, state in steps.items()) or "—",
            ]
        )
    return _table(
        ["Proposal", "Peak resident memory", "Steps in the process"], rows, ["l", "r", "l"]
    )


SESSION_TEXT = (
    "A process of its own opens each synthetic proposal in the real main window (headless) "
    "and does what a director does with it (`bench/probe_session.py`); each step is timed "
    "from the call until the window is idle again, any recalculation it started included. "
    "Its peak memory is the whole session's, exports included, in the app's own process: "
    "higher than the probe above, which opens and exports only."
)


def _session_lines(results: Results) -> list[str]:
    if not results.sessions:
        return ["Not measured in this run (`--no-session`, or no size of 1,000 items or more)."]
    sizes = sorted(results.sessions)
    labels: list[str] = []
    for size in sizes:
        for label in results.sessions[size].get("steps", {}):
            # "Remove the 1,000 rows chosen": one row for every size.
            general = _general_step(label)
            if general not in labels:
                labels.append(general)
    rows = []
    for label in labels:
        cells = []
        for size in sizes:
            found = results.sessions[size].get("steps", {})
            steps = {_general_step(step): seconds for step, seconds in found.items()}
            value = steps.get(label)
            cells.append(format_seconds(value) if value is not None else "—")
        rows.append([label, *cells])
    peaks = []
    for size in sizes:
        session = results.sessions[size]
        peak = session.get("peak_mb")
        peaks.append(f"{peak:.0f} MB" if peak else session.get("error", "failed"))
    rows.append(["Peak resident memory over the session", *peaks])
    return _table(
        ["Step", *[f"{size:,} items" for size in sizes]], rows, ["l", *["r"] * len(sizes)]
    )


def _general_step(label: str) -> str:
    if label.startswith("Remove the ") and label.endswith(" rows chosen"):
        return "Remove every row chosen"
    return label


def _notes(results: Results) -> list[str]:
    notes = []
    for operation, by_size in results.figures.items():
        for size, figure in by_size.items():
            if figure.note and not figure.note.startswith("not available"):
                where = f"{size:,} items" if isinstance(size, int) else size
                notes.append(f"- {operation}, {where}: {' '.join(figure.note.split())}")
    missing = sorted(
        {figure.note for by_size in results.figures.values() for figure in by_size.values()
         if figure.note.startswith("not available")}
    )  # fmt: skip
    return notes + [f"- {note}" for note in missing]


def render_results(results: Results) -> str:
    settings = results.settings
    sizes = [f"{size:,} items" for size in settings.sizes]
    stamp = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines: list[str] = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {stamp} in {results.elapsed:.0f} s. Every figure is the "
        f"median of {settings.runs} run{'s' if settings.runs != 1 else ''} "
        f"({settings.large_runs} at 10,000 items or more, one run "
        "for the two imports there); the Runs column gives the count per size. Benchmarks are "
        "not tests: a slow machine gives slow figures, never a failure.",
        "",
        "## Machine",
        "",
        *_table(["", ""], [[key, value] for key, value in results.machine.items()], ["l", "l"]),
        "",
        "## Targets",
        "",
        "*Measured* is wall-clock time, what a person waits; *CPU* is this process's own CPU "
        "time for the same runs, which other work on a shared machine hardly changes (compare "
        "the load averages above with the core count before trusting a slow wall time).",
        "",
        *_table(["Figure", "Target", "Measured", "CPU", "Verdict"], _target_rows(results)),
        "",
        "## Time by proposal size",
        "",
        f"The sample is the Riverside proposal ({results.sample_items} items); the other columns "
        "are synthetic proposals (`bench/generate.py`: goals ≈ 5 + items/200, risks and metrics "
        "≈ 6 + items/100, 1–2 goal, 0–2 risk and 1 metric links per item, 4–6 funding streams, "
        "3 scenarios, 5 plan years). *Growth per 10×* is the time ratio between neighbouring "
        "sizes (10× more items should cost about 10× more time once fixed costs stop "
        "dominating, never ~100×). *Slope* is the log-log slope between the two largest sizes; "
        "above 1.15 is *super-linear*. Growth and slope use the process's CPU time where it was "
        "measured (all but the main-window rows), because other work on a shared machine "
        "disturbs wall-clock ratios far more; the time columns are wall-clock.",
        "",
        *_table(
            ["Operation", "Sample", *sizes, "Growth per 10×", "Slope", "Verdict", "Runs"],
            _time_rows(results),
            ["l", "r", *["r"] * len(sizes), "r", "r", "l", "r"],
        ),
        "",
        "## Cold start",
        "",
        COLD_START_TEXT,
        "",
        *_cold_start_lines(results),
        "",
        "## Peak memory",
        "",
        "A process of its own opens the library, reads and computes the proposal, and renders the "
        "exports that exist; the figure is its peak resident memory. On Linux that is `VmHWM` "
        "from `/proc/self/status`: `ru_maxrss` there keeps the launching process's size across "
        "`exec`, so it would report the benchmark runner's memory, not the probe's. Elsewhere it "
        "is `ru_maxrss`. This probe and the session below run as the app is installed: NumPy and "
        "pandas, which only the tests use, cannot be imported in them (openpyxl loads NumPy for "
        "a workbook whenever it is there).",
        "",
        *_memory_lines(results),
        "",
        "## A working session in the main window",
        "",
        SESSION_TEXT,
        "",
        *_session_lines(results),
    ]
    notes = _notes(results)
    if notes:
        lines += ["", "## Notes", "", *notes]
    return "\n".join(lines) + "\n"


def write_results(results: Any, path: Path) -> None:
    from desktop.services.files import write_atomically

    write_atomically(path, render_results(results).encode("utf-8"))
