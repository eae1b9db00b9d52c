"""Measuring helpers shared by the benchmarks: repeat-and-median timing, the machine's
description, and how a figure grows with proposal size.

Medians, not means: one run disturbed by the machine (a backup, a page-cache miss) should not
move the figure. Growth is judged from the log-log slope between the two largest sizes, where
fixed costs (opening a session, building a result object) no longer hide how the work scales.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A slope this far above 1 is more than measurement noise: the work grows faster than the items.
LINEAR_SLOPE_LIMIT = 1.15


@dataclass
class Figure:
    """One benchmark's timings (seconds) for one size, or why there are none."""

    times: list[float] = field(default_factory=list)  # wall clock
    cpu_times: list[float] = field(default_factory=list)  # this process's CPU
    note: str = ""  # "not available", "failed: ...", ...

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_times) if self.cpu_times else None

    def add(self, samples: list[tuple[float, float]]) -> None:
        for wall, cpu in samples:
            self.times.append(wall)
            self.cpu_times.append(cpu)

    @property
    def runs(self) -> int:
        return len(self.times)


def time_runs(
    action: Callable[[], Any],
    runs: int,
    *,
    before_each: Callable[[], Any] | None = None,
) -> list[tuple[float, float]]:
    """(wall-clock, CPU) seconds of ``runs`` calls of ``action``; ``before_each`` is untimed.

    CPU time is kept beside wall time because a shared machine's other work inflates the wall
    clock but hardly the process's own CPU time; wall time alone also includes disk syncs."""
    samples = []
    for _ in range(runs):
        if before_each is not None:
            before_each()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        samples.append((time.perf_counter() - start, time.process_time() - start_cpu))
    return samples


def format_seconds(seconds: float | None) -> str:
    """Human units with three significant figures: 840 µs, 12.3 ms, 1.84 s."""
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        value = seconds * 1e3
        return f"{value:.3g} ms" if value < 100 else f"{value:.0f} ms"
    return f"{seconds:.3g} s"


def log_slope(sizes: list[int], seconds: list[float]) -> float | None:
    """Exponent k in time ∝ size^k between the two largest sizes measured."""
    pairs = [(n, t) for n, t in zip(sizes, seconds, strict=True) if t and t > 0]
    if len(pairs) < 2:
        return None
    (n1, t1), (n2, t2) = pairs[-2], pairs[-1]
    return math.log(t2 / t1) / math.log(n2 / n1)


def growth_ratios(sizes: list[int], seconds: list[float | None]) -> list[float | None]:
    """Time ratio between consecutive sizes, scaled to a tenfold step in items."""
    ratios: list[float | None] = []
    for (n1, t1), (n2, t2) in zip(
        zip(sizes, seconds, strict=True), list(zip(sizes, seconds, strict=True))[1:], strict=False
    ):
        if t1 and t2 and t1 > 0:
            ratios.append((t2 / t1) ** (1 / math.log10(n2 / n1)))
        else:
            ratios.append(None)
    return ratios


def growth_verdict(slope: float | None) -> str:
    if slope is None:
        return "—"
    return "≈ linear" if slope <= LINEAR_SLOPE_LIMIT else "super-linear"


# --- the machine -----------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def machine_description() -> dict[str, str]:
    """What the figures were measured on, as label → value."""
    import sqlite3

    import sqlalchemy

    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "not installed"
    memory = _memory_bytes()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()} logical" + (f" ({usable} usable)" if usable else "")
    return {
        "CPU": _cpu_model(),
        "Cores": cores,
        "Memory": f"{memory / 2**30:.1f} GiB" if memory else "unknown",
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "Qt": qt,
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
        "Load average at start (1 min)": load_average(),
    }


def load_average() -> str:
    """Other work on the machine while measuring: above the core count, figures run slow."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (OSError, AttributeError):
        return "unknown"
