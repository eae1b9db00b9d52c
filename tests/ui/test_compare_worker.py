"""Compare works out a large pair off the GUI thread: "Comparing…" is said meanwhile and the
dialog answers; the figures then shown are the pair's chosen last, never those of a pair chosen
before it; and a pair compared once is not worked out again."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

import desktop.finance
from desktop.finance.compare import compare
from desktop.services.editing import update_proposal
from desktop.services.library import open_library
from desktop.services.proposals import add_sample_proposal, duplicate_proposal
from desktop.services.snapshot import proposal_input
from desktop.ui.dialogs import compare as compare_dialog
from desktop.ui.dialogs.compare import CompareDialog
from tests.ui.conftest import WindowFactory

SLOW_SECONDS = 0.8  # as long as one 10,000-item proposal takes to work out


def _three(path: Path) -> tuple[int, int, int]:
    """The sample; "Riverside 2028–2032" (its copy, 300 more students); "Lean" (200 fewer)."""
    library = open_library(path)
    try:
        first = add_sample_proposal(library)
        later = duplicate_proposal(library, first, "Riverside 2028–2032")
        update_proposal(library, later, {"students": 4500})
        lean = duplicate_proposal(library, first, "Lean")
        update_proposal(library, lean, {"students": 4000})
    finally:
        library.close()
    return first, later, lean


def _students(dialog: CompareDialog) -> list[str]:
    table = dialog.tabs.widget(0).widget()  # the Figures tab's table
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Students")
    return [table.item(row, column).text() for column in (1, 2, 3)]


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every pair counts as large; each proposal's figures worked out are noted by name, the
    sample's slowly, Lean's less so."""
    monkeypatch.setattr(compare_dialog, "AT_ONCE_ITEMS", 0)
    real = desktop.finance.compute
    names: list[str] = []

    def compute(data: Any) -> Any:
        names.append(data.name)
        if data.name.startswith("Riverside USD"):
            time.sleep(SLOW_SECONDS)
        elif data.name == "Lean":  # still being worked out when the sample's arrives
            time.sleep(SLOW_SECONDS / 2)
        return real(data)

    monkeypatch.setattr(desktop.finance, "compute", compute)
    return names


def test_a_large_pair_says_comparing_then_shows_its_figures_the_dialog_answering_meanwhile(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, computed: list[str]
) -> None:
    first, later, _lean = _three(library_path)
    window = open_window(library_path)
    window.show_home()
    home = window.home
    home.select_id(later)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start(50)
    started = time.perf_counter()
    dialog = home.compare_selected()
    assert isinstance(dialog, CompareDialog)
    assert time.perf_counter() - started < SLOW_SECONDS / 2, "the dialog waited for the figures"
    assert dialog.against.currentData() == first
    assert dialog.comparing and dialog.working.isVisibleTo(dialog)
    assert dialog.working.text().startswith(
        "Comparing “Riverside 2028–2032” against “Riverside USD"
    )
    assert dialog.tabs.count() == 0 and not dialog.copy_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.comparing, timeout=10_000)
    ticker.stop()
    assert len([t for t in ticks if started < t < started + SLOW_SECONDS]) >= 5
    assert not dialog.working.isVisibleTo(dialog)
    assert _students(dialog) == ["4,200", "4,500", "+300"]
    assert dialog.copy_button.isEnabled() and dialog.tabs.count() == 4
    # Swap and back: the pair's comparisons are kept, nothing is worked out again.
    worked_out = len(computed)
    dialog.swap_button.click()
    qtbot.waitUntil(lambda: not dialog.comparing, timeout=10_000)
    assert _students(dialog) == ["4,500", "4,200", "−300"]
    dialog.swap_button.click()
    assert not dialog.comparing and _students(dialog) == ["4,200", "4,500", "+300"]
    assert len(computed) == worked_out
    dialog.close()
    # Compared again from Home: the figures already worked out are used.
    again = home.compare_selected()
    assert again is not None
    qtbot.waitUntil(lambda: not again.comparing, timeout=10_000)
    assert _students(again) == ["4,200", "4,500", "+300"]
    assert len(computed) == worked_out
    again.close()


def test_a_pair_chosen_while_another_is_worked_out_is_the_one_shown(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, computed: list[str]
) -> None:
    first, later, lean = _three(library_path)
    window = open_window(library_path)
    window.show_home()
    home = window.home
    home.select_id(later)
    dialog = home.compare_selected()
    assert dialog is not None
    assert dialog.against.currentData() == first and dialog.comparing
    # The slow pair (against the sample) is still being worked out: "Lean" is chosen.
    shown: list[str] = []
    watch = QTimer()
    watch.timeout.connect(
        lambda: shown.append(dialog.comparison.before_name if dialog.comparison else "")
    )
    watch.start(10)
    dialog.against.setCurrentIndex(dialog.against.findData(lean))
    assert dialog.comparing
    assert dialog.working.text() == "Comparing “Riverside 2028–2032” against “Lean”…"
    qtbot.waitUntil(lambda: not dialog.comparing, timeout=10_000)
    assert _students(dialog) == ["4,000", "4,500", "+500"]
    assert dialog.comparison is not None and dialog.comparison.before_name == "Lean"
    # The first pair's figures arrive late, and are not shown in its place.
    qtbot.wait(int(SLOW_SECONDS * 1000) + 300)
    assert any(name.startswith("Riverside USD") for name in computed)
    watch.stop()
    assert set(shown) == {"", "Lean"}, "the first pair's figures were shown"
    assert dialog.comparison.before_name == "Lean"
    assert _students(dialog) == ["4,000", "4,500", "+500"]
    assert not dialog.comparing
    library = window.library
    assert library is not None
    expected = compare(*(
        (data, desktop.finance.compute(data))
        for data in (proposal_input(library, lean), proposal_input(library, later))
    ))  # fmt: skip
    assert [f.change for f in dialog.comparison.figures] == [f.change for f in expected.figures]
    dialog.close()


def test_a_small_pair_is_shown_at_once(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    first, later, _lean = _three(library_path)
    window = open_window(library_path)
    window.show_home()
    window.home.select_id(later)
    dialog = window.home.compare_selected()
    assert dialog is not None
    assert not dialog.comparing and _students(dialog) == ["4,200", "4,500", "+300"]
    dialog.close()
