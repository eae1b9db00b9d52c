"""Screenshots of the home screen and every step, for the documentation.

Runs without a display: opens a temporary library with the sample proposal in a 1400×900 window
and saves ``docs/screenshots/01-home.png`` … ``10-export.png``, ``11-compare.png`` (next year's
version against the sample), then ``dark-review.png``: the Review
step as a dark system theme shows it (Fusion style with a dark palette). Run from the project root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/take_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "docs" / "screenshots"
NAMES = ("basics", "plans", "items", "risks", "metrics", "links", "funding", "review", "export")


def settle(app: object, seconds: float = 0.6) -> None:
    """Let the debounced recalculation finish and the widgets repaint."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)


def use_dark_theme(app: object) -> None:
    """What a dark system theme gives the app: Fusion drawing with dark palette colours."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    role = QPalette.ColorRole
    palette = QPalette()
    for colour_role, colour in (
        (role.Window, "#2b2b2b"), (role.WindowText, "#e6e6e6"), (role.Base, "#1e1e1e"),
        (role.AlternateBase, "#262626"), (role.Text, "#e6e6e6"), (role.Button, "#353535"),
        (role.ButtonText, "#e6e6e6"), (role.Highlight, "#2f65ca"),
        (role.HighlightedText, "#ffffff"), (role.ToolTipBase, "#3a3a3a"),
        (role.ToolTipText, "#e6e6e6"), (role.PlaceholderText, "#8a8a8a"),
        (role.Light, "#505050"), (role.Midlight, "#404040"), (role.Mid, "#303030"),
        (role.Dark, "#1a1a1a"), (role.Shadow, "#000000"),
    ):  # fmt: skip
        palette.setColor(colour_role, QColor(colour))
    for colour_role in (role.Text, role.WindowText, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, colour_role, QColor("#7a7a7a"))
    app.setPalette(palette)


def compare_picture(app: object, window: object) -> None:
    """``11-compare.png``: next year's version (a copy with 150 more students, a dearer Wi-Fi
    quote and the hotspots taken out) compared with the sample on Home."""
    from desktop.services.editing import delete_rows, list_rows, update_proposal, update_row
    from desktop.services.proposals import duplicate_proposal

    library = window.library  # type: ignore[attr-defined]
    home = window.home  # type: ignore[attr-defined]
    window.show_home()  # type: ignore[attr-defined]
    sample = home.selected_id()
    later = duplicate_proposal(library, sample, "Riverside USD — 1:1 Infrastructure 2028–2032")
    update_proposal(library, later, {"students": 4350})
    items = list_rows(library, later, "item")
    wifi = items[0]
    update_row(library, "item", wifi["id"], {"unit_cost": wifi["unit_cost"] + 60})
    hotspots = next(row for row in items if row["name"].startswith("Home internet"))
    delete_rows(library, "item", [hotspots["id"]])
    home.refresh(select_id=later)
    settle(app, 1.0)
    dialog = home.compare_selected()
    dialog.resize(1000, 640)
    settle(app, 1.0)
    target = OUTPUT / "11-compare.png"
    dialog.grab().save(str(target))
    print(f"saved {target.relative_to(ROOT)}")
    dialog.close()
    home.select_id(sample)
    settle(app, 0.3)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["BUYIN_DATA_DIR"] = folder
        from desktop.ui.app import make_application, start_window

        app = make_application(["buyin"])
        window = start_window(Path(folder) / "library.buyinlib")
        window.resize(1400, 900)
        settle(app, 1.5)
        OUTPUT.mkdir(parents=True, exist_ok=True)
        window.show_home()
        settle(app, 1.5)
        window.grab().save(str(OUTPUT / "01-home.png"))
        window.home.open_selected()
        settle(app, 1.0)
        assert window.view is not None
        for number, name in enumerate(NAMES):
            window.view.show_step(number)
            settle(app, 1.2 if name in ("review", "export") else 0.6)
            target = OUTPUT / f"{number + 2:02d}-{name}.png"
            window.grab().save(str(target))
            print(f"saved {target.relative_to(ROOT)}")
        compare_picture(app, window)
        window.home.open_selected()
        settle(app, 1.0)
        assert window.view is not None
        window.view.show_step(NAMES.index("review"))
        use_dark_theme(app)
        settle(app, 1.2)  # the Review step rebuilds its charts in the new colours
        target = OUTPUT / "dark-review.png"
        window.grab().save(str(target))
        print(f"saved {target.relative_to(ROOT)}")
        window.close()
        settle(app, 0.2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
