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


def test_the_extra_fonts_are_read_only_when_a_proposal_needs_them() -> None:
    """An English proposal's report leaves the CJK, Korean and emoji fonts unread (about 30 MB
    and 100 ms saved on every first PDF); a later report in the same session whose text needs
    them still draws it in them."""
    code = (
        "import io, pypdf\n"
        "from desktop.finance import compute\n"
        "from desktop.report import render_business_case\n"
        "from desktop.report import fonts\n"
        "from tests.report.test_report_hostile import full_proposal\n"
        "def used(text):\n"
        "    data = full_proposal(text)\n"
        "    reader = pypdf.PdfReader(io.BytesIO(render_business_case(data, compute(data))))\n"
        "    found = set()\n"
        "    for page in reader.pages:\n"
        "        resources = page['/Resources']['/Font']\n"
        "        found |= {str(resources[key]['/BaseFont']) for key in resources}\n"
        "    return found\n"
        "english = used({'item': 'Wireless access points', 'goal': 'Every classroom online'})\n"
        "print(sorted(fonts._extras_read))\n"
        "others = used({'item': '\\ud55c\\uad6d \\u6559\\u80b2 \\U0001f4f1', 'goal': 'ok'})\n"
        "print(sorted(fonts._extras_read))\n"
        "print(any('Droid' in f or 'Nanum' in f or 'Noto' in f for f in english))\n"
        "print(all(any(n in f for f in others) for n in ('Droid', 'Nanum', 'NotoEmoji')))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before, after, english_uses_extras, others_use_all = shown.stdout.split("\n")[:4]
    assert before == "[]"
    assert after == "['BuyInEmoji', 'BuyInFallback', 'BuyInHangul']"
    assert english_uses_extras == "False"
    assert others_use_all == "True"
