"""Rolling last year's case forward on the Basics step: the first fiscal year moved one year on
took the metrics' target years with it (one undo step), and a name still carrying last year's
years is warned about on Basics and on Export."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.editing import list_rows
from desktop.services.wizard import STEP_KEYS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.steps.basics import BasicsPage
from tests.ui.conftest import WindowFactory, on_open_step, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

OLD_NAME = "Riverside USD — 1:1 Infrastructure 2027–2031"  # the sample's, for 2027–28 on
NAME_WARNING = (
    "The proposal's name says 2027–2031, but the plan runs 2028–29 to 2032–33: change the "
    "name, which heads the case and the handout"
)


def _on_basics(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, ProposalView, BasicsPage]:
    window = open_window(library_path)
    basics = on_open_step(qtbot, window, "basics")
    assert isinstance(basics, BasicsPage) and isinstance(window.view, ProposalView)
    return window, window.view, basics


def _move_to(basics: BasicsPage, year: str) -> None:
    basics.editors["fiscal_year_start"].setText(year)
    assert basics.commit("fiscal_year_start")


def _target_years(window: MainWindow) -> list[int | None]:
    assert window.library is not None and window.context is not None
    rows = list_rows(window.library, window.context.proposal_id, "metric")
    return [row["target_year"] for row in rows]


def test_moving_the_plan_moves_the_metric_target_years_and_undo_puts_them_back(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The plan moved to 2028–29 and three metrics still targeted 2028, now its first year."""
    window, view, basics = _on_basics(qtbot, open_window, library_path)
    before = _target_years(window)
    assert before.count(2028) == 3 and None not in before

    _move_to(basics, "2028")
    assert _target_years(window) == [year + 1 for year in before if year is not None]
    note = basics.problems["fiscal_year_start"].text()
    assert "moved with it. So did the target years of 10 metrics." in note
    # The Metrics step shows the new years.
    view.show_step(STEP_KEYS.index("metrics"))
    metrics = view.page_for("metrics")
    table = metrics.table  # type: ignore[attr-defined]
    column = [spec.name for spec in table.model.specs].index("target_year")
    shown = [table.model.data(table.model.index(row, column)) for row in range(len(before))]
    assert shown == [str(year + 1) for year in before if year is not None]

    # One undo step puts the year and every target year back; redo moves them again.
    stack = window.context.undo_stack  # type: ignore[union-attr]
    assert stack.undoText() == "Change first fiscal year"
    stack.undo()
    assert _target_years(window) == before
    assert basics.editors["fiscal_year_start"].text() == "2027"
    shown = [table.model.data(table.model.index(row, column)) for row in range(len(before))]
    assert shown == [str(year) for year in before]
    stack.redo()
    assert _target_years(window) == [year + 1 for year in before if year is not None]
    stack.undo()
    assert _target_years(window) == before


def test_a_name_left_with_last_years_years_is_warned_on_basics_and_export(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Moved to start in 2028, the case kept "… 2027–2031" for its name, every step stayed
    ticked, and the handout's title said 2027–2031 above "2028–29 to 2032–33"."""
    window, view, basics = _on_basics(qtbot, open_window, library_path)
    assert window.title_label.text() == OLD_NAME
    assert view.navigator.item(0).text() == "1  Basics  ✓"

    _move_to(basics, "2028")
    settle(qtbot, window)
    note = basics.problems["fiscal_year_start"].text()
    assert "The proposal's name still says 2027–2031: change it to the plan's new years." in note
    assert view.navigator.item(0).text() == "1  Basics  ⚠ 1"
    assert view.step_warnings.text() == f"⚠ {NAME_WARNING}."
    view.show_step(STEP_KEYS.index("export"))
    export = view.page_for("export")
    assert f"⚠ Basics: {NAME_WARNING}" in export.still_to_do.text()  # type: ignore[attr-defined]

    # Named for the new years, the warning goes and the step is ticked again.
    view.show_step(STEP_KEYS.index("basics"))
    basics.editors["name"].setText("Riverside USD — 1:1 Infrastructure 2028–2032")
    assert basics.commit("name")
    settle(qtbot, window)
    assert view.navigator.item(0).text() == "1  Basics  ✓"
    assert "Basics" not in export.still_to_do.text()  # type: ignore[attr-defined]


def test_a_name_with_the_plans_years_moved_back_says_nothing_of_the_name(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Renamed first, then moved: the note does not ask for a rename already made."""
    window, view, basics = _on_basics(qtbot, open_window, library_path)
    basics.editors["name"].setText("Riverside USD — 1:1 Infrastructure 2028–2032")
    assert basics.commit("name")
    settle(qtbot, window)
    assert view.navigator.item(0).text() == "1  Basics  ⚠ 1"  # renamed ahead of the move
    _move_to(basics, "2028")
    settle(qtbot, window)
    assert "name" not in basics.problems["fiscal_year_start"].text()
    assert view.navigator.item(0).text() == "1  Basics  ✓"


def test_the_first_fiscal_year_says_which_year_it_means(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A district's "FY 2027" often names the year that ends in 2027; the field said nothing,
    and a director who typed 2027 for July 2026 to June 2027 built a plan a year late."""
    from desktop.ui.layouts import Hint

    window, _view, basics = _on_basics(qtbot, open_window, library_path)
    window.show()
    qtbot.waitExposed(window)
    year = basics.editors["fiscal_year_start"]
    row = year.parentWidget()
    assert row is not None
    beside = [
        hint.text()
        for hint in row.findChildren(Hint)
        if hint.isVisible() and abs(hint.geometry().top() - year.geometry().top()) < year.height()
    ]
    assert any("year the plan's first fiscal year begins in" in text for text in beside), beside
    assert "2026 for one that runs from July 2026 to June 2027" in year.toolTip()
