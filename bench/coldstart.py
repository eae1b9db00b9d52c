"""Cold start: fresh processes from launch to the main window on screen, app against bare Qt.

Every run is a new Python process (offscreen Qt, a private user-data folder), timed from just
before the process is launched to the first event-loop turn after its main window is shown (see
``bench/launch_timed.py``). The bare PySide6 window is measured in the same session, runs
interleaved with the app's, so the ratio between them says what the app itself adds on this
machine. Two app cases: the first start (library created, sample proposal imported) and a later
start (the library already exists).
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

LAUNCHER = Path(__file__).resolve().parent / "launch_timed.py"
TIMEOUT_SECONDS = 120


@dataclass
class ColdStart:
    """Timings (seconds) per case, and what the app's window reported."""

    times: dict[str, list[float]] = field(default_factory=dict)  # to the proposal shown
    frame_times: dict[str, list[float]] = field(default_factory=dict)  # to the window frame
    notes: dict[str, str] = field(default_factory=dict)
    window_title: str = ""
    heavy_modules: list[str] = field(default_factory=list)
    heavy_by_case: dict[str, set[str]] = field(default_factory=dict)  # seen in any timed run
    module_count: int = 0
    slowest_imports: list[tuple[str, float]] = field(default_factory=list)


def _environment(data_dir: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["BUYIN_DATA_DIR"] = str(data_dir)
    environment.pop("BUYIN_LIBRARY", None)
    return environment


def launch_once(
    mode: str, library: Path | None, data_dir: Path, *, import_time: bool = False
) -> tuple[float, dict[str, object], str]:
    """One fresh process; returns (seconds to the window, its report, its stderr)."""
    command = [sys.executable]
    if import_time:
        command += ["-X", "importtime"]
    command += [str(LAUNCHER), mode]
    if library is not None:
        command.append(str(library))
    started = time.time()  # the launcher reports wall-clock times too
    finished = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        env=_environment(data_dir),
        cwd=LAUNCHER.parent.parent,
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


def measure_cold_start(runs: int, *, progress: bool = True) -> ColdStart:
    """Median-ready timings for the bare window, the app's first start and a later start."""
    result = ColdStart()
    cases = ("bare", "app, first start", "app, later start")
    for case in cases:
        result.times[case] = []
        result.frame_times[case] = []
    unavailable = app_available()
    if unavailable:
        result.notes["app, first start"] = result.notes["app, later start"] = unavailable
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
        for times in result.frame_times.values():
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
            fresh = root / f"first-{run}.buyinlib"
            for case, path in (("app, first start", fresh), ("app, later start", library)):
                seconds = _safely(
                    result, case, lambda path=path: launch_once("app", path, data_dir)
                )
                if seconds is not None:
                    result.times[case].append(seconds)
        if not unavailable and result.times["app, later start"]:
            try:
                _seconds, report, stderr = launch_once("app", library, data_dir, import_time=True)
                result.window_title = str(report.get("title", ""))
                result.heavy_modules = list(report.get("heavy_modules", []))  # type: ignore[call-overload]
                result.module_count = int(report.get("module_count", 0))  # type: ignore[call-overload]
                result.slowest_imports = slowest_imports(stderr)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                result.notes["imports"] = f"failed: {error}"
    return result


def _safely(result: ColdStart, case: str, launch) -> float | None:  # type: ignore[no-untyped-def]
    try:
        seconds, report, _stderr = launch()
        result.frame_times.setdefault(case, []).append(float(report["frame_seconds"]))
        result.heavy_by_case.setdefault(case, set()).update(report.get("heavy_modules", []))
        return float(seconds)
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
        result.notes[case] = f"failed: {error}"
        return None
