"""The measurements that need a process of their own: peak memory, the main window opening a
proposal, and a working session in it.

Each launches a probe script (``bench/probe_memory.py``, ``bench/probe_window.py``,
``bench/probe_session.py``) and turns its one JSON line into figures; split from
``bench/run.py`` to keep that module short.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.run import Results

LARGE = 10_000


def probe_memory(
    results: Results, library_path: Path, proposal_id: int, size: int | str
) -> dict[str, Any]:
    from bench.run import PDF_FULL, PDF_HANDOUT, XLSX

    probe = Path(__file__).resolve().parent / "probe_memory.py"
    skip = [
        label
        for label, operation in (("PDF", PDF_FULL), ("handout PDF", PDF_HANDOUT), ("XLSX", XLSX))
        if results.figure(operation, size).note.startswith(("failed", "skipped"))
    ]
    finished = subprocess.run(
        [sys.executable, str(probe), str(library_path), str(proposal_id), *skip],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if finished.returncode != 0 or not lines:
        tail = (finished.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit code {finished.returncode}: {tail}"}
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def open_in_window(
    results: Results, library_path: Path, proposal_id: int, size: int | str, data_dir: Path
) -> None:
    """Time the real main window opening the proposal, each run in a fresh process."""
    from bench.coldstart import app_available
    from bench.run import WINDOW_FIGURES, WINDOW_VIEW

    view, figures = results.figure(WINDOW_VIEW, size), results.figure(WINDOW_FIGURES, size)
    unavailable = app_available()
    if unavailable:
        view.note = figures.note = unavailable
        return
    runs = 1 if isinstance(size, int) and size >= LARGE else min(3, results.settings.runs)
    for _ in range(runs):
        answer = _window_probe("probe_window.py", library_path, proposal_id, data_dir, 600)
        if answer is None:
            view.note = figures.note = "failed: no answer within 10 minutes"
            return
        report, _code, tail = answer
        if "view_seconds" not in report:
            view.note = figures.note = f"failed: {report.get('error') or tail}"
            return
        view.times.append(float(report["view_seconds"]))
        if report.get("figures_seconds") is not None:
            figures.times.append(float(report["figures_seconds"]))
        else:
            figures.note = "failed: no figures within 5 minutes"


def probe_session(library_path: Path, proposal_id: int, data_dir: Path) -> dict[str, Any]:
    """One working session in the main window (``bench/probe_session.py``): each step's time
    and the session's peak memory, or ``{"error": ...}``."""
    from bench.coldstart import app_available

    unavailable = app_available()
    if unavailable:
        return {"error": unavailable}
    answer = _window_probe("probe_session.py", library_path, proposal_id, data_dir, 1200)
    if answer is None:
        return {"error": "no answer within 20 minutes"}
    report, code, tail = answer
    if "steps" not in report:
        return {"error": report.get("error") or f"exit code {code}: {tail}"}
    return report


def _window_probe(
    script: str, library_path: Path, proposal_id: int, data_dir: Path, timeout: int
) -> tuple[dict[str, Any], int, str] | None:
    """Run the window probe ``bench/<script>`` on the proposal in a fresh process (offscreen,
    its user data in ``data_dir``): its report (the last JSON line it printed, empty when
    none), its exit code and the last line of its standard error; None when it gave no answer
    within ``timeout`` seconds."""
    probe = Path(__file__).resolve().parent / script
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUYIN_DATA_DIR": str(data_dir)}
    try:
        finished = subprocess.run(
            [sys.executable, str(probe), str(library_path), str(proposal_id)],
            capture_output=True, text=True, timeout=timeout, env=environment,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return None
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    tail = (finished.stderr.strip().splitlines() or ["no output"])[-1]
    return report, finished.returncode, tail
