"""Importing the report package costs nothing on the start-up path: reportlab is loaded, and the
fonts registered, only when a report is rendered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_report_package_does_not_load_reportlab() -> None:
    code = (
        "import sys, desktop.report; "
        "print(any(name.startswith('reportlab') for name in sys.modules))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "False"


def test_the_fonts_and_their_licences_ship_with_the_app() -> None:
    from desktop.paths import resource

    fonts = resource("fonts")
    for name in (
        "DejaVuSans.ttf",
        "DejaVuSans-Bold.ttf",
        "DroidSansFallbackFull.ttf",
        "NanumSquareR.ttf",
    ):
        assert (fonts / name).stat().st_size > 100_000
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Apache License" in (fonts / "LICENSE-DroidSansFallback.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in (fonts / "LICENSE-Nanum.txt").read_text(encoding="utf-8")
