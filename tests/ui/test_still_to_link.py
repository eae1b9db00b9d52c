"""The Links step's "Still to link" list and its wrapped lists, as a director reads them: every
gap the rubric counts (items with no goal or no metric, goals no item serves, risks no item
mitigates) is listed by name, a click goes to it, and long names show whole in a narrow window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QStyle
from pytestqt.qtbot import QtBot

from desktop.services.editing import add_row, delete_rows
from desktop.services.grid_edits import set_link
from desktop.services.proposals import create_proposal
from desktop.services.wizard import STEP_KEYS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.steps.links import GLANCE_HEIGHT, LinksPage
from tests.ui.conftest import WindowFactory, check_box_edge_contrast, on_screen

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _links_page(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> LinksPage:
    window.resize(*size)
    on_screen(qtbot, window)
    view = window.view
    assert isinstance(view, ProposalView)
    view.show_step(STEP_KEYS.index("links"))
    page = view.page_for("links")
    assert isinstance(page, LinksPage)
    qtbot.wait(50)
    return page


def _texts(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def _gappy_proposal(window: MainWindow) -> int:
    """Two items, one linked to the goal and the metric, the other to nothing; a risk that
    nothing mitigates."""
    library = window.library
    assert library is not None
    proposal = create_proposal(library, "Gaps to close")
    wifi = add_row(library, proposal, "item", {"name": "Wi-Fi access points"})
    add_row(library, proposal, "item", {"name": "Help desk technicians"})
    goal = add_row(library, proposal, "goal", {"code": "G1", "title": "Every student online"})
    add_row(library, proposal, "risk", {"title": "Lost or stolen devices"})
    metric = add_row(library, proposal, "metric", {"name": "Days without a device"})
    set_link(library, "goal", wifi, goal, True, "Coverage in every classroom")
    set_link(library, "metric", wifi, metric, True)
    return proposal


def test_still_to_link_names_every_gap_the_rubric_counts_and_goes_to_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Before, the panel listed items without a goal and goals without an item only: an item
    no metric would prove and a risk nothing mitigated were left for the Review step to find."""
    window = open_window(library_path)
    window.open_proposal(_gappy_proposal(window))
    page = _links_page(qtbot, window, (1280, 800))
    glance = page.still_to_link
    qtbot.waitUntil(lambda: glance.count() > 1, timeout=5_000)
    assert _texts(glance) == [
        "Items that serve no goal (1)",
        "Help desk technicians",
        "Items with no metric to prove them (1)",
        "Help desk technicians",
        "Risks no item mitigates (1)",
        "Lost or stolen devices",
    ]
    # The step list counts the three headings; the title adds no total of its own to differ.
    links_row = window.view.navigator.item(STEP_KEYS.index("links"))
    assert links_row.text().endswith("Links  ⚠ 3")
    assert page.glance.title() == "Still to link"

    risk_entry = glance.item(5)
    glance.setFocus()
    glance.itemActivated.emit(risk_entry)  # Enter on it
    assert page.lists["risk"].currentItem().text() == "Lost or stolen devices"
    assert page.lists["risk"].hasFocus()  # where the next key is for: Space on an item's box
    page.item_filter.setText("Wi-Fi")
    glance.itemClicked.emit(glance.item(3))
    assert page.item_filter.text() == ""
    assert page.item_list.currentItem().text() == "Help desk technicians"
    assert page.item_list.hasFocus()
    # Edit ▸ Find goes to the step's own filter.
    window.focus_filter()
    assert page.item_filter.hasFocus()

    # Ticking what was missing empties the list, which then says so.
    for kind in ("goal", "metric", "risk"):
        targets = page.lists[kind]
        targets.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: _texts(glance)[0].startswith("✓"), timeout=5_000)
    assert _texts(glance) == [
        "✓ Nothing: every item serves a goal and has a metric to prove it, every goal is "
        "served and every risk mitigated"
    ]


def test_a_blank_proposal_says_what_to_add_first(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """With no items and no goals, "Still to link" must not read as good news about nothing."""
    window = open_window(library_path)
    assert window.library is not None
    window.open_proposal(create_proposal(window.library, "Blank plan"))
    page = _links_page(qtbot, window, (1280, 800))
    qtbot.waitUntil(lambda: page.still_to_link.count() == 2, timeout=5_000)
    assert _texts(page.still_to_link) == [
        "No items yet: add them on the Items step",
        "No goals yet: add them on the Strategic plans step",
    ]
    assert page.glance.title() == "Still to link"


@pytest.mark.parametrize("size", [(1024, 640), (1280, 800)])
def test_long_names_wrap_whole_beside_their_boxes(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """At 1024×640 the lists cut every name to fragments ("RSP 1.1 — …nd at home"); names now
    wrap. Each entry is as tall as its text needs beside its check box, with no empty band
    under a name that fits on fewer lines (Qt measured the text without the box, and at two
    widths)."""
    window = open_window(library_path)
    page = _links_page(qtbot, window, size)
    style = page.style()
    box = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    for widget in (page.item_list, *page.lists.values()):
        assert not widget.horizontalScrollBar().isVisible()
        metrics = widget.fontMetrics()
        bottom = None
        for row in range(widget.count()):
            entry = widget.item(row)
            rect = widget.visualItemRect(entry)
            # The entry lies within the list: nothing runs past its right-hand edge.
            assert rect.right() < widget.viewport().width(), entry.text()
            checkable = entry.data(Qt.ItemDataRole.CheckStateRole) is not None
            room = rect.width() - 2 * margin - ((box + 2 * margin) if checkable else 0)
            needed = metrics.boundingRect(
                0, 0, room, 100_000, Qt.TextFlag.TextWordWrap, entry.text()
            ).height()
            where = (widget.accessibleName(), entry.text())
            assert needed <= rect.height(), where
            assert rect.height() < needed + metrics.height(), where  # no empty line under it
            if bottom is not None:
                assert rect.top() - bottom <= 2 * widget.spacing() + 1, where
            bottom = rect.bottom()


def test_an_unticked_box_shows_in_a_dark_theme(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """With a dark palette the Fusion style (Qt's own, and Qt's choice on Windows in dark mode)
    outlined an unticked box in a shade darker than the window: a dark square on a dark list,
    so nothing showed which goals, risks and metrics could be ticked."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    dark = QPalette(before)
    for role, colour in (
        (QPalette.ColorRole.Window, "#353535"), (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#2a2a2a"), (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Button, "#353535"), (QPalette.ColorRole.ButtonText, "#ffffff"),
    ):  # fmt: skip
        dark.setColor(role, QColor(colour))
    app.setPalette(dark)
    try:
        window = open_window(library_path)
        page = _links_page(qtbot, window, (1280, 800))
        widget = page.lists["risk"]
        entry = next(
            widget.item(row)
            for row in range(widget.count())
            if widget.item(row).checkState() == Qt.CheckState.Unchecked
        )
        assert check_box_edge_contrast(widget, entry) >= 3  # a visible outline
    finally:
        app.setPalette(before)


def test_space_on_a_goal_toggles_that_goal_only(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Space on an unticked goal ticked it; Space again unticked it, and the highlight jumped to
    the item's first ticked goal, so the next Space unticked a goal the director never chose."""
    from PySide6.QtTest import QTest

    window = open_window(library_path)
    page = _links_page(qtbot, window, (1280, 800))
    page.item_list.setCurrentRow(1)
    goals = page.lists["goal"]

    def ticks() -> list[bool]:
        return [goals.item(r).checkState() == Qt.CheckState.Checked for r in range(goals.count())]

    before = ticks()
    row = before.index(False)
    goals.setFocus()
    goals.setCurrentRow(row)
    for presses in range(1, 5):
        QTest.keyClick(goals, Qt.Key.Key_Space)
        qtbot.wait(300)  # the figures come back meanwhile
        assert goals.currentRow() == row
        expected = list(before)
        expected[row] = presses % 2 == 1
        assert ticks() == expected, presses


def test_a_very_long_name_is_cut_in_the_lists_and_whole_when_pointed_at(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """One 280-character item name wrapped to some twenty lines and filled the Items list."""
    window = open_window(library_path)
    library = window.library
    assert library is not None
    proposal = create_proposal(library, "Long names")
    long_name = "Wireless access points for every classroom " * 6 + "end"
    add_row(library, proposal, "item", {"name": long_name})
    add_row(library, proposal, "metric", {"name": long_name})
    window.open_proposal(proposal)
    page = _links_page(qtbot, window, (1024, 640))
    qtbot.waitUntil(lambda: page.item_list.count() == 1, timeout=5_000)
    for widget in (page.item_list, page.lists["metric"]):
        entry = widget.item(0)
        assert len(entry.text()) < len(long_name) and entry.text().endswith("\u2026")
        assert entry.toolTip() == long_name
        # A few lines at most, even in the narrow lists of a small screen.
        lines = widget.visualItemRect(entry).height() / widget.fontMetrics().lineSpacing()
        assert lines <= 5, lines
    # The filter still finds it by a word past the cut.
    page.item_filter.setText("end")
    assert not page.item_list.item(0).isHidden()


def test_the_samples_goals_show_whole_where_they_are_ticked(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Goals were cut at 80 characters even in a wide window: "RSP 2.3 — Raise the share of
    students meeting grade-level standards in reading …" hid the end that sets it apart. A
    window made wider once shown gives the names its new width (they were cut to the old)."""
    window = open_window(library_path)
    page = _links_page(qtbot, window, (1024, 640))
    goals = page.lists["goal"]
    qtbot.waitUntil(lambda: goals.count() > 0, timeout=5_000)
    assert any(text.endswith("\u2026") for text in _texts(goals))  # cut in a small window
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not any(t.endswith("\u2026") for t in _texts(goals)), timeout=3_000)
    texts = _texts(goals)
    assert any(len(text) > 110 for text in texts)
    assert not any(text.endswith("\u2026") for text in texts)
    assert [goals.item(row).toolTip() for row in range(goals.count())] == texts


def test_with_nothing_to_link_the_pane_gives_its_room_to_the_lists(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×640 the risks list showed half its risks above a pane some 100 pixels high
    holding one line: "✓ Nothing: …". The pane now shrinks to its note, and grows back when
    something is to link again."""
    window = open_window(library_path)
    page = _links_page(qtbot, window, (1024, 640))
    glance, listed = page.still_to_link, page.still_to_link
    qtbot.waitUntil(lambda: _texts(glance)[:1] and _texts(glance)[0].startswith("✓"))
    note = listed.visualItemRect(listed.item(0))
    qtbot.waitUntil(lambda: listed.viewport().height() <= note.height() + 8, timeout=5_000)
    assert note.bottom() <= listed.viewport().height()  # the note itself shows whole
    # Nothing to jump to: not a Tab stop, where focus vanished for a keypress.
    assert listed.focusPolicy() == Qt.FocusPolicy.NoFocus
    small = page.glance.height()
    # A goal no item serves comes, and goes again.
    library, context = window.library, window.context
    assert library is not None and context is not None
    goal = add_row(library, context.proposal_id, "goal", {"title": "Open a maker space"})
    context.notify_changed("goal")
    qtbot.waitUntil(lambda: not _texts(glance)[0].startswith("✓"), timeout=5_000)
    assert listed.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a gap to go to by keyboard
    qtbot.waitUntil(lambda: page.glance.height() >= GLANCE_HEIGHT, timeout=5_000)
    # A height the director drags it to stays through the next edit (it had snapped back).
    total = sum(page.outer.sizes())
    page.outer.setSizes([total - 110, 110])  # smaller than it opens at, still whole
    another = add_row(library, context.proposal_id, "goal", {"title": "Open a print shop"})
    context.notify_changed("goal")
    qtbot.waitUntil(lambda: "Open a print shop" in _texts(glance), timeout=5_000)
    qtbot.wait(50)
    assert page.outer.sizes()[1] == 110
    delete_rows(library, "goal", [goal, another])
    context.notify_changed("goal")
    qtbot.waitUntil(lambda: page.glance.height() == small, timeout=5_000)
