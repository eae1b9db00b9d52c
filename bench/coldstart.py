"""Cold start: fresh processes from launch to the proposal on screen, app against bare Qt.

Every run is a new Python process (offscreen Qt, a private user-data folder), timed from just
before the process is launched (see ``bench/launch_timed.py``) to three moments: the window's
first frame, the proposal shown (its title in the window title and the engine's figures in the
CFO summary; the target's "ready") and the proposal editable. The bare PySide6 window, a label
and nothing else, is measured in the same session, runs interleaved with the app's, so the ratio
between them says what the app itself adds on this machine. Two app cases: the first start
(no library yet: the starter library, holding the sample, is copied into place) and a later start
(the library already exists).

    python -m bench.coldstart [--runs 5] [--baseline TREE]

prints the table; ``--baseline`` adds a later start of another checkout of the app (e.g. a
``git worktree`` of an earlier commit), interleaved with the rest, for before/after figures.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.launch_timed import ACCOUNT_ENV

LAUNCHER = Path(__file__).resolve().parent / "launch_timed.py"
# Instrumented runs per case for the account of where start-up time goes (not timed runs).
ACCOUNT_RUNS = 3
RATIO_TARGET = 1.3  # the app's time to the proposal shown, over the bare window's
# Not the app: the least a window that looks like it does before showing a proposal (see
# ``launch_timed._floor``), timed beside the others to show how much of the target that uses.
FLOOR_CASE = "reference floor (not the app)"
# What the CFO summary shows before it has a figure (the launcher refuses these as "shown").
PLACEHOLDER_TOTALS = ("", "…", "—")
TIMEOUT_SECONDS = 120


@dataclass
class ColdStart:
    """Timings (seconds) per case, and what the app's window reported."""

    times: dict[str, list[float]] = field(default_factory=dict)  # to the proposal shown
    frame_times: dict[str, list[float]] = field(default_factory=dict)  # to the window frame
    editable_times: dict[str, list[float]] = field(default_factory=dict)  # to editing possible
    cpu_times: dict[str, list[float]] = field(default_factory=dict)  # CPU time to the shown
    notes: dict[str, str] = field(default_factory=dict)
    window_title: str = ""
    heavy_modules: list[str] = field(default_factory=list)
    heavy_by_case: dict[str, set[str]] = field(default_factory=dict)  # seen in any timed run
    module_count: int = 0
    slowest_imports: list[tuple[str, float]] = field(default_factory=list)
    # Per case (the bare window, a later start): medians of the accounting runs' figures, in
    # seconds and counts (see ``start_up_account``).
    accounts: dict[str, dict[str, float]] = field(default_factory=dict)


def _environment(data_dir: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["BUYIN_DATA_DIR"] = str(data_dir)
    environment.pop("BUYIN_LIBRARY", None)
    # An installed app starts from compiled bytecode (pip and the frozen bundle both ship it);
    # letting the untimed warm-up runs write the cache keeps compiling the sources at every
    # start out of the figures, for the app and the bare window alike.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def launch_once(
    mode: str,
    library: Path | None,
    data_dir: Path,
    *,
    import_time: bool = False,
    account: bool = False,
    launcher: Path = LAUNCHER,
) -> tuple[float, dict[str, object], str]:
    """One fresh process; returns (seconds to the proposal shown, its report, its stderr).
    The report also holds ``frame_seconds`` and ``editable_seconds``; with ``account``, an
    ``account`` of where the time went (``launch_timed._Account``), its moment of Qt loaded
    turned into ``qt_seconds`` from launch."""
    command = [sys.executable]
    if import_time:
        command += ["-X", "importtime"]
    command += [str(launcher), mode]
    if library is not None:
        command.append(str(library))
    environment = _environment(data_dir)
    if account:
        environment[ACCOUNT_ENV] = "1"
    started = time.time()  # the launcher reports wall-clock times too
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        env=environment,
        cwd=launcher.parent.parent,
        stdin=subprocess.DEVNULL,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"exit code {finished.returncode}: {tail}")
    report = json.loads(lines[-1])
    if "error" in report:
        raise RuntimeError(str(report["error"]))
    report["frame_seconds"] = float(report["frame_at"]) - started
    report["editable_seconds"] = float(report["editable_at"]) - started
    if isinstance(report.get("account"), dict):
        report["account"]["qt_seconds"] = float(report["account"]["qt_loaded_at"]) - started
    return float(report["shown_at"]) - started, report, finished.stderr


def slowest_imports(stderr: str, count: int = 12) -> list[tuple[str, float]]:
    """The app's own modules and the outside packages' roots with the largest cumulative import
    time (seconds, nested imports included), from ``-X importtime`` output: the chain from the
    entry point down to whatever makes start-up slow."""
    totals: dict[str, float] = {}
    pattern = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")
    for line in stderr.splitlines():
        match = pattern.match(line)
        if match is None:
            continue
        module = match.group(3)
        if module.startswith("desktop.") or "." not in module:
            totals[module] = max(totals.get(module, 0.0), int(match.group(2)) / 1e6)
    return sorted(totals.items(), key=lambda pair: pair[1], reverse=True)[:count]


def app_available() -> str:
    """Empty when the app's GUI entry point can be imported; otherwise why not."""
    try:
        import importlib.util

        if importlib.util.find_spec("desktop.ui.app") is None:
            return "not available (desktop.ui.app does not exist yet)"
    except ImportError as error:
        return f"not available ({error})"
    return ""


BASELINE_CASE = "baseline, later start"


def measure_cold_start(
    runs: int, *, progress: bool = True, baseline: Path | None = None
) -> ColdStart:
    """Timings for the bare window, the app's first start and a later start (and a later start
    of the checkout at ``baseline``, when given)."""
    result = ColdStart()
    cases = ["bare", FLOOR_CASE, "app, first start", "app, later start"]
    baseline_launcher = baseline / "bench" / "launch_timed.py" if baseline else None
    if baseline_launcher is not None:
        cases.append(BASELINE_CASE)
    for case in cases:
        result.times[case] = []
        result.frame_times[case] = []
        result.editable_times[case] = []
    unavailable = app_available()
    if unavailable:
        for case in ("app, first start", "app, later start", FLOOR_CASE):
            result.notes[case] = unavailable
    with tempfile.TemporaryDirectory(prefix="buyin-bench-start-") as folder:
        root = Path(folder)
        data_dir = root / "user-data"
        data_dir.mkdir()
        library = root / "later.buyinlib"
        # Untimed warm-up: loads Qt's libraries into the page cache and creates the library that
        # the "later start" runs open, so no case pays for the other's first touch.
        _safely(result, "bare", lambda: launch_once("bare", None, data_dir))
        if not unavailable:
            _safely(result, "app, later start", lambda: launch_once("app", library, data_dir))
            _safely(result, FLOOR_CASE, lambda: launch_once("floor", library, data_dir))
        if baseline_launcher is not None:
            _safely(
                result,
                BASELINE_CASE,
                lambda: launch_once("app", library, data_dir, launcher=baseline_launcher),
            )
        for times in (
            *result.frame_times.values(),
            *result.editable_times.values(),
            *result.cpu_times.values(),
        ):
            times.clear()
        result.heavy_by_case.clear()
        for run in range(runs):
            if progress:
                print(f"  cold start run {run + 1}/{runs}", file=sys.stderr)
            seconds = _safely(result, "bare", lambda: launch_once("bare", None, data_dir))
            if seconds is not None:
                result.times["bare"].append(seconds)
            if unavailable:
                continue
            seconds = _safely(result, FLOOR_CASE, lambda: launch_once("floor", library, data_dir))
            if seconds is not None:
                result.times[FLOOR_CASE].append(seconds)
            fresh = root / f"first-{run}.buyinlib"
            for case, path in (("app, first start", fresh), ("app, later start", library)):
                seconds = _safely(
                    result, case, lambda path=path: launch_once("app", path, data_dir)
                )
                if seconds is not None:
                    result.times[case].append(seconds)
            if baseline_launcher is not None:
                seconds = _safely(
                    result,
                    BASELINE_CASE,
                    lambda: launch_once("app", library, data_dir, launcher=baseline_launcher),
                )
                if seconds is not None:
                    result.times[BASELINE_CASE].append(seconds)
        if not unavailable and result.times["app, later start"]:
            try:
                _seconds, report, stderr = launch_once("app", library, data_dir, import_time=True)
                result.window_title = str(report.get("title", ""))
                result.heavy_modules = list(report.get("heavy_modules", []))  # type: ignore[call-overload]
                result.module_count = int(report.get("module_count", 0))  # type: ignore[call-overload]
                result.slowest_imports = slowest_imports(stderr)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                result.notes["imports"] = f"failed: {error}"
            try:
                result.accounts = start_up_account(library, data_dir)
            except (RuntimeError, subprocess.TimeoutExpired, KeyError, ValueError) as error:
                result.notes["account"] = f"failed: {error}"
    return result


ACCOUNT_CASES = (("bare", None), ("app, later start", "library"))


def start_up_account(library: Path, data_dir: Path) -> dict[str, dict[str, float]]:
    """Where the time to the proposal shown goes, for the bare window and a later start: the
    medians over ``ACCOUNT_RUNS`` instrumented runs each (interleaved) of launch to Qt loaded,
    Qt loaded to shown, and within the latter the Qt enum types and dataclasses made and the
    modules imported."""
    from statistics import median

    figures: dict[str, list[dict[str, float]]] = {case: [] for case, _ in ACCOUNT_CASES}
    for _run in range(ACCOUNT_RUNS):
        for case, needs_library in ACCOUNT_CASES:
            mode = "app" if needs_library else "bare"
            shown, report, _stderr = launch_once(
                mode, library if needs_library else None, data_dir, account=True
            )
            account = report.get("account")
            if not isinstance(account, dict):
                raise RuntimeError(f"{case}: the launcher gave no account")
            figures[case].append(
                {
                    "shown_seconds": shown,
                    "qt_seconds": float(account["qt_seconds"]),
                    "after_qt_seconds": shown - float(account["qt_seconds"]),
                    "enum_types": float(account["enum_types"]),
                    "enum_seconds": float(account["enum_seconds"]),
                    "dataclasses": float(account["dataclasses"]),
                    "dataclass_seconds": float(account["dataclass_seconds"]),
                    "modules": float(account["modules"]),
                    "namespace_types": float(account.get("namespace_types", 0)),
                    "namespace_seconds": float(account.get("namespace_seconds", 0)),
                }
            )
    return {
        case: {key: median(run[key] for run in runs) for key in runs[0]}
        for case, runs in figures.items()
    }


def _safely(result: ColdStart, case: str, launch) -> float | None:  # type: ignore[no-untyped-def]
    try:
        seconds, report, _stderr = launch()
        result.frame_times.setdefault(case, []).append(float(report["frame_seconds"]))
        result.editable_times.setdefault(case, []).append(float(report["editable_seconds"]))
        if "shown_cpu" in report:  # an older checkout's launcher does not report it
            result.cpu_times.setdefault(case, []).append(float(report["shown_cpu"]))
        result.heavy_by_case.setdefault(case, set()).update(report.get("heavy_modules", []))
        return float(seconds)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
        result.notes[case] = f"failed: {error}"
        return None


def cold_start_lines(cold: ColdStart) -> list[str]:
    """The cold-start table (Markdown lines): per case the medians to the first frame, to the
    proposal shown (the target's "ready") and to editable, the range and ratio of "shown"."""
    from statistics import median

    from bench.measure import format_seconds

    bare = cold.times.get("bare") or []

    def middle(times: list[float] | None) -> str:
        return format_seconds(median(times)) if times else "—"

    lines = [
        "| Case | Empty frame | Proposal shown | Editable | Range (shown) | Runs | ÷ bare window "
        "| CPU to shown | CPU ÷ bare |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case, times in cold.times.items():
        ratio = f"{median(times) / median(bare):.2f}×" if times and bare else "—"
        shown = middle(times) if times else cold.notes.get(case, "—")
        spread = f"{format_seconds(min(times))} – {format_seconds(max(times))}" if times else "—"
        cpu = cold.cpu_times.get(case) or []
        cpu_ratio = cpu_ratio_of(cold, case)
        lines.append(
            f"| {case} | {middle(cold.frame_times.get(case))} | {shown} | "
            f"{middle(cold.editable_times.get(case))} | {spread} | {len(times)} | {ratio} | "
            f"{middle(cpu)} | {f'{cpu_ratio:.2f}×' if cpu_ratio else '—'} |"
        )
    return lines


def cpu_ratio_of(cold: ColdStart, case: str) -> float | None:
    """The median CPU time to the proposal shown over the bare window's, when both exist."""
    from statistics import median

    cpu, bare = cold.cpu_times.get(case) or [], cold.cpu_times.get("bare") or []
    return median(cpu) / median(bare) if cpu and bare else None


def account_lines(cold: ColdStart, ratio_target: float) -> list[str]:
    """Where the time to the proposal shown goes, bare window against a later start (Markdown
    lines; none when the account was not taken)."""
    from statistics import median

    from bench.measure import format_seconds

    measured = cold.accounts.get("bare"), cold.accounts.get("app, later start")
    if not measured[0] or not measured[1]:
        return []
    bare, app = (dict(figures) for figures in measured)  # the rest is added to copies

    def cost(figures: dict[str, float], seconds: str, count: str = "") -> str:
        shown = format_seconds(figures[seconds]) if figures[seconds] > 0 else "—"
        return f"{shown} ({figures[count]:.0f})" if count else shown

    def difference(key: str) -> str:
        change = app[key] - bare[key]
        return ("+" if change >= 0 else "−") + format_seconds(abs(change))

    for figures in (bare, app):
        figures["rest_seconds"] = (
            figures["after_qt_seconds"] - figures["enum_seconds"] - figures["dataclass_seconds"]
        )
    rows = [
        ("Launch to Qt loaded (the interpreter starts, PySide6 is imported)", "qt_seconds", ""),
        ("Qt loaded to the proposal shown", "after_qt_seconds", ""),
        ("… building Qt's enum types (how many)", "enum_seconds", "enum_types"),
        (
            "… … of which the `Qt` namespace's, all built on its first use (how many)",
            "namespace_seconds",
            "namespace_types",
        ),
        ("… creating dataclasses (how many)", "dataclass_seconds", "dataclasses"),
        (
            f"… the rest: importing the app's modules ({app['modules']:.0f} in all), reading and "
            "computing the proposal, building and painting the window",
            "rest_seconds",
            "",
        ),
    ]
    lines = [
        f"Where the time to the proposal shown goes: medians of {ACCOUNT_RUNS} instrumented runs "
        "per case, interleaved, apart from the timed ones (the counting adds a little). The Qt "
        "bindings build a Python enum type for each enum of a Qt class the first time the class "
        "is used, all of the `Qt` namespace's at once; the window uses many classes the bare "
        "one does not. Each dataclass compiles its generated methods as it is created.",
        "",
        "| Step | Bare window | App, later start | App − bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, seconds, count in rows:
        lines.append(
            f"| {label} | {cost(bare, seconds, count)} | {cost(app, seconds, count)} | "
            f"{difference(seconds)} |"
        )
    timed_bare = cold.times.get("bare") or []
    if timed_bare:
        bare_time = median(timed_bare)
        lines += [
            "",
            f"The target, under {ratio_target}× the bare window's {format_seconds(bare_time)}, "
            f"leaves {format_seconds((ratio_target - 1) * bare_time)} for everything the app "
            "adds to it."
            + (
                f" The `Qt` namespace's enum types alone, which any window that aligns a label "
                f"or sets a cursor builds, take {format_seconds(app['namespace_seconds'])} of it."
                if app["namespace_seconds"] > 0
                else ""
            ),
        ]
    return lines


COLD_START_TEXT = (
    "Fresh processes with the offscreen Qt platform, timed from launch (`bench/launch_timed.py`) "
    "to the *empty frame* (the first event-loop turn that finds the main window shown, looked "
    "for by a zero-delay timer rather than an event filter, which would charge each widget's "
    "events to the app), to the "
    "*proposal shown* (the turn after the window says the proposal's figures are on screen, "
    "checked: its name in the window title and the CFO summary's total cost a figure, not a "
    "placeholder) and to *editable* (the turn after its editors are ready). For the bare window "
    "all three are its first frame. *First start* has no library yet: the app copies its "
    "starter library (the sample, ready-made) into place and opens the sample; *later start* "
    "reopens it. The *reference floor* is not the app: a `QMainWindow` with menus of as many "
    "actions and shortcuts as the app's, a list of the nine steps and the proposal's name and "
    "basics read from the library with the standard library's `sqlite3`, nothing computed; it "
    "is the least any window that looks like this one does, and its ratio shows how much of "
    "the target that alone uses. The bare window is a `QMainWindow` "
    "holding a label, measured in the same session, runs interleaved. The target ratio uses "
    "*proposal shown*. *CPU to shown* is the process's own CPU time (all threads) by then: "
    "other work on a busy machine stretches the wait but hardly this, so its ratio holds "
    "better from one run to the next."
)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Cold start, app against a bare window.")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="another checkout of the app to compare")
    args = parser.parse_args(argv)
    cold = measure_cold_start(args.runs, baseline=args.baseline)
    print("\n".join(cold_start_lines(cold)))
    print("\n" + "\n".join(account_lines(cold, RATIO_TARGET)))
    for case, note in cold.notes.items():
        print(f"{case}: {note}")
    if cold.module_count:
        heavy = ", ".join(cold.heavy_modules) or "none"
        print(f"\nModules loaded when the proposal was shown: {cold.module_count}; heavy: {heavy}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(LAUNCHER.parent.parent))
    raise SystemExit(main())
