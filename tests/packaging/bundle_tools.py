"""Where the frozen bundle is, how to build it, and how to time a command: shared by the smoke test
and its conftest.

The bundle is ``dist/Buy-In/`` as built by ``make bundle`` (or the build workflow). On Windows the
console twin ``buyin-cli.exe`` is used, because the windowed ``buyin.exe`` has no console for the
headless commands to print to; on macOS the executable inside ``dist/Buy-In.app`` is preferred,
since that is what the disk image ships. ``BUYIN_BUNDLE_EXE`` points at another executable.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
BUNDLE_EXE_ENV = "BUYIN_BUNDLE_EXE"
BUILD_ENV = "BUYIN_BUILD_BUNDLE"
SPEC = ROOT / "packaging" / "buyin.spec"
# (what was started, frozen seconds, source seconds), filled by the smoke test for the summary.
STARTUP_TIMES: list[tuple[str, float, float]] = []


def bundle_executable() -> Path:
    override = os.environ.get(BUNDLE_EXE_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        return DIST / "Buy-In" / "buyin-cli.exe"
    if sys.platform == "darwin":
        in_app = DIST / "Buy-In.app" / "Contents" / "MacOS" / "buyin"
        if in_app.exists():
            return in_app
    return DIST / "Buy-In" / "buyin"


def build_bundle() -> None:
    """Run PyInstaller with the same arguments as ``make bundle`` and the build workflow."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--distpath",
            str(DIST),
            "--workpath",
            str(ROOT / "build"),
        ],
        cwd=ROOT,
        check=True,
    )


def source_command() -> list[str]:
    """The same ``buyin`` command, run from the source tree by this Python."""
    return [sys.executable, "-m", "desktop"]


def headless_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("BUYIN_LIBRARY", None)
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class Timing:
    best_seconds: float
    result: subprocess.CompletedProcess[str]


def timed(command: Sequence[str], *, env: Mapping[str, str], cwd: Path, repeats: int = 3) -> Timing:
    """Best wall-clock time of ``repeats`` runs (the first run also warms the disk cache)."""
    best = float("inf")
    result: subprocess.CompletedProcess[str] | None = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = subprocess.run(
            list(command), env=dict(env), cwd=cwd, capture_output=True, text=True, timeout=120
        )
        best = min(best, time.perf_counter() - started)
    assert result is not None
    return Timing(best, result)
