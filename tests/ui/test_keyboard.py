"""The editor from the keyboard alone: Tab gets out of every table, the keys the tooltips and the
Go menu promise do what they say, and a press on Next or Back never throws focus elsewhere."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.wizard import STEP_KEYS, STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.row_table import RowTableEditor
from desktop.ui.steps.base import TableStepPage
from desktop.ui.steps.items import ItemsPage, ScenariosEditor
from tests.ui.conftest import WindowFactory, active_window, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)


def _view(window: MainWindow) -> ProposalView:
    assert isinstance(window.view, ProposalView)
    return window.view


def _press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None
    QTest.keyClick(focused, key, modifiers)


def _inside(widget: QWidget, outer: QWidget) -> bool:
    return widget is outer or outer.isAncestorOf(widget)


def _type_into_cell(table: RowTableEditor, index: QModelIndex, text: str) -> None:
    """Open the cell's editor as a director does, and type ``text`` over its value."""
    table.view.setFocus()
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table.view
    editor.selectAll()  # type: ignore[attr-defined]
    QTest.keyClicks(editor, text)


def _table_of(view: ProposalView, step: str) -> RowTableEditor:
    view.show_step([s.key for s in STEPS].index(step))
    page = view.page_for(step)
    table = page.table if isinstance(page, ItemsPage) else getattr(page, "table", None)
    assert isinstance(table, RowTableEditor)
    return table


@pytest.mark.parametrize("step", ["plans", "items", "risks", "metrics"])
def test_tab_and_shift_tab_leave_a_table_in_one_press(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, step: str
) -> None:
    """Tab went from cell to cell and back to the first cell for ever: Back, Next and every
    control after a table were out of a keyboard user's reach."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), step)
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        table.view.setFocus()
        table.view.setCurrentIndex(table.proxy.index(0, 0))
        _press(key)
        focused = QApplication.focusWidget()
        assert focused is not None and not _inside(focused, table.view), (step, key)


def test_home_list_lets_tab_reach_the_buttons(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = active_window(qtbot, open_window, library_path)
    window.show_home()
    home = window.home
    home.view.setFocus()
    reached = set()
    for _ in range(12):
        _press(Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is not None and not _inside(focused, home.view):
            reached.add(focused.accessibleName() or getattr(focused, "text", lambda: "")())
    assert reached, "Tab never left the proposals list"


def _risks_with_new_proposal_watched(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> tuple[MainWindow, RowTableEditor, list[str]]:
    """The sample open on its Risks step, with "New blank proposal" recording its calls
    instead of asking for a name."""
    window = active_window(qtbot, open_window, library_path)
    new_proposals: list[str] = []
    window.home.new_blank = lambda: new_proposals.append("asked")  # type: ignore[method-assign]
    return window, _table_of(_view(window), "risks"), new_proposals


def test_ctrl_n_in_a_table_adds_a_row_and_ctrl_delete_removes_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The Add button's tooltip promised Ctrl+N in the table; it opened "New proposal" over the
    proposal being edited instead."""
    window, table, new_proposals = _risks_with_new_proposal_watched(
        qtbot, open_window, library_path
    )
    opened = window.context.proposal_id  # type: ignore[union-attr]
    count = len(table.model.rows)
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy.index(0, 0))
    _press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(table.model.rows) == count + 1
    assert new_proposals == [] and window.context.proposal_id == opened  # type: ignore[union-attr]
    table.view.setFocus()
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert len(table.model.rows) == count
    # A plain Delete removes no row: rows go only on purpose (it empties cells, and a risk's
    # name cannot be emptied).
    table.view.setCurrentIndex(table.proxy.index(0, 0))
    _press(Qt.Key.Key_Delete)
    assert len(table.model.rows) == count


def test_next_and_back_keep_focus_on_the_buttons_at_either_end(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Space on Next reaching the last step moved focus to the header's Home button, so the
    next press closed the proposal."""
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(len(STEPS) - 2)
    view.next_button.setFocus()
    _press(Qt.Key.Key_Space)
    assert view.current_step == len(STEPS) - 1
    assert QApplication.focusWidget() is view.back_button
    _press(Qt.Key.Key_Space)
    assert view.current_step == len(STEPS) - 2 and window.view is view
    view.show_step(1)
    view.back_button.setFocus()
    _press(Qt.Key.Key_Space)
    assert view.current_step == 0 and QApplication.focusWidget() is view.next_button


def test_step_keys_work_with_focus_in_the_header(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(1)
    window.home_button.setFocus()
    _press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current_step == 2
    _press(Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.current_step == 1


def test_items_tab_bar_comes_before_the_table_in_tab_order(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The Items | Scenarios tabs are drawn above the table but came after it, and with the
    table a trap the Scenarios tab could not be reached by Tab."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "items")
    items = _view(window).page_for("items")
    assert isinstance(items, ItemsPage)
    bar = items.tabs.findChild(QTabBar)
    assert bar is not None
    chain, widget = [], bar.nextInFocusChain()
    while widget is not bar and len(chain) < 500:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    back = _view(window).back_button
    assert chain.index(table.view) < chain.index(back)


def test_open_folder_after_an_export_is_a_tab_stop_only_while_shown(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, tmp_path: Path
) -> None:
    """The "Open folder" link after a successful export could only be clicked."""
    from desktop.ui.export_formats import EXPORT_FORMATS
    from desktop.ui.steps.export import ExportPage

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(len(STEPS) - 1)
    page = view.page_for("export")
    assert isinstance(page, ExportPage)
    assert page.status.focusPolicy() == Qt.FocusPolicy.NoFocus
    saved = tmp_path / "case.pdf"
    saved.write_bytes(b"%PDF-1.4")
    page._succeed(EXPORT_FORMATS[0], saved)
    assert page.status.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert page.status.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByKeyboard


def test_open_folder_opens_a_folder_whose_name_has_an_apostrophe(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The link held the folder in single quotes: "C:\\Users\\o'neil" cut it at "o"."""
    from PySide6.QtGui import QTextDocument

    from desktop.ui.export_formats import EXPORT_FORMATS
    from desktop.ui.steps import export as export_step

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(len(STEPS) - 1)
    page = view.page_for("export")
    assert isinstance(page, export_step.ExportPage)
    folder = tmp_path / "o'neil's \"cases\" & <plans>"
    folder.mkdir()
    saved = folder / "case.pdf"
    saved.write_bytes(b"%PDF-1.4")
    opened: list[Path] = []
    monkeypatch.setattr(export_step, "open_folder", opened.append)
    page._succeed(EXPORT_FORMATS[0], saved)
    # The link as Qt reads it out of the status line, followed as a click would.
    document = QTextDocument()
    document.setHtml(page.status.text())
    assert document.toPlainText().endswith(f"in {folder} — Open folder")
    block = document.begin()
    links = []
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isAnchor():
                links.append((fragment.text(), fragment.charFormat().anchorHref()))
            fragments += 1
        block = block.next()
    assert [text for text, _link in links] == ["Open folder"]
    page.status.linkActivated.emit(links[0][1])
    assert opened == [folder]


def test_a_step_change_is_announced_to_a_screen_reader_where_focus_stays(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, announced: list[str]
) -> None:
    """Next, Back and Alt+arrows change the whole page while focus stays on the button: the
    step's title and what it lacks are plain labels, so a screen reader said nothing."""
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(0)
    view.next_button.setFocus()
    announced.clear()
    _press(Qt.Key.Key_Space)
    assert announced == [f"Step 2 of {len(STEPS)}, {STEPS[1].title}."]
    window.home_button.setFocus()
    _press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert announced[-1].startswith(f"Step 3 of {len(STEPS)}, ")
    # A step with something missing says what, as its warning line does.
    view.statuses = tuple(
        replace(status, warnings=("Add a metric",)) if status.number == 4 else status
        for status in view.statuses
    )
    _press(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert announced[-1].endswith("Still to do: Add a metric.")
    # On the step list the list itself says where the keyboard is: nothing more.
    view.navigator.setFocus()
    count = len(announced)
    _press(Qt.Key.Key_Down)
    assert view.current_step == 4 and len(announced) == count


def test_a_refused_value_is_told_to_assistive_technology_on_its_field(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "⚠ Not saved" showed under the field, but the field kept its old description and
    nothing was announced: a screen-reader user, already on the next field, never heard it."""
    from desktop.ui.steps.basics import BasicsPage

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(0)
    page = view.page_for("basics")
    assert isinstance(page, BasicsPage)
    students = page.editors["students"]
    help_text = students.accessibleDescription()
    students.setText("lots")  # type: ignore[attr-defined]
    assert not page.commit("students")
    assert "Not saved" in students.accessibleDescription()
    assert help_text in students.accessibleDescription()
    students.setText("4200")  # type: ignore[attr-defined]
    assert page.commit("students")
    assert students.accessibleDescription() == help_text


def test_ctrl_f_goes_to_the_filter_of_what_is_shown_and_menus_have_letters(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Every table and Home had a "Filter…" box and no key to reach it; no menu item had an
    underlined letter; Quit had no key on Windows."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "risks")
    table.view.setFocus()
    _press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is table.filter_box
    window.show_home()
    window.home.view.setFocus()
    _press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.home.filter_box
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        for action in menu.actions():  # type: ignore[attr-defined]
            if not action.isSeparator():
                assert "&" in action.text(), action.text()
    quit_action = next(
        action
        for action in window.menuBar().actions()[0].menu().actions()  # type: ignore[union-attr]
        if action.text() == "&Quit"
    )
    assert quit_action.shortcuts()
    # Home's menus too (the New proposal button's and a proposal's right-click menu), each
    # letter once per menu.
    new_menu = window.home.new_button.menu()
    assert new_menu is not None
    for menu in (new_menu, window.home.row_menu()):
        texts = [action.text() for action in menu.actions() if not action.isSeparator()]
        assert all("&" in text for text in texts), texts
        letters = [text[text.index("&") + 1].lower() for text in texts]
        assert len(set(letters)) == len(letters), texts


def test_home_chooses_the_proposal_just_left_so_the_keys_act_on_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Back on Home from the second proposal, the first row was still chosen: F2 or Delete
    then asked about a proposal other than the one just worked on."""
    from desktop.services.proposals import duplicate_proposal

    window = active_window(qtbot, open_window, library_path)
    window.show_home()
    home = window.home
    qtbot.waitUntil(lambda: home.selected_id() is not None, timeout=5_000)
    first = home.selected_id()
    assert window.library is not None and first is not None
    second = duplicate_proposal(window.library, first)
    home.refresh(select_id=first)
    window.open_proposal(second)
    settle(qtbot, window)
    window.show_home()
    from desktop.services.proposals import proposal_name

    assert home.selected_id() == second
    assert (
        home.selected_name()
        == proposal_name(window.library, second)
        != (proposal_name(window.library, first))
    )


def test_duplicate_on_home_asks_the_copys_name_and_opens_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Next year's version took Duplicate, finding the "Copy of …" in the list, Rename and
    Open; Duplicate now asks the name (offering "Copy of …") and opens the copy."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.proposals import list_proposals
    from desktop.wording import quoted

    window = active_window(qtbot, open_window, library_path)
    window.show_home()
    home = window.home
    qtbot.waitUntil(lambda: home.selected_id() is not None, timeout=5_000)
    original, name = home.selected_id(), home.selected_name()
    offered: list[str] = []

    def answer(*_args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(str(kwargs.get("text")))
        return "Riverside 2028–2032", True

    monkeypatch.setattr("desktop.ui.home.ask_text", answer)
    home.duplicate_button.click()
    assert offered == [f"Copy of {name}"]
    assert window.context is not None and window.context.proposal_id != original
    assert window.title_label.text() == "Riverside 2028–2032"
    assert window.library is not None
    names = sorted(listing.name for listing in list_proposals(window.library, with_figures=False))
    assert names == sorted([name, "Riverside 2028–2032"])
    assert window.statusBar().currentMessage() == (
        f"Duplicated {quoted(name, 60)} as “Riverside 2028–2032”."
    )
    # An empty name is refused and asked again, as New does (it had become "Copy of …").
    window.show_home()
    answers = iter([("", True), ("", False)])
    refused: list[str] = []
    monkeypatch.setattr("desktop.ui.home.ask_text", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text: refused.append(text) or None
    )
    home.duplicate_button.click()
    assert len(refused) == 1 and "cannot be empty" in refused[0]
    assert window.context is None
    assert len(list_proposals(window.library, with_figures=False)) == 2
    # Cancelled, nothing is copied.
    monkeypatch.setattr("desktop.ui.home.ask_text", lambda *_a, **_k: ("", False))
    home.duplicate_button.click()
    assert window.context is None
    assert len(list_proposals(window.library, with_figures=False)) == 2


def test_undoing_a_delete_on_home_shows_an_ampersand_in_the_name(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Edit menu read "Undo Delete “Wi-Fi _switching”": the "&" marked the next letter."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.proposals import rename_proposal

    window = active_window(qtbot, open_window, library_path)
    assert window.library is not None and window.context is not None
    rename_proposal(window.library, window.context.proposal_id, "Wi-Fi & switching")
    window.show_home()
    home = window.home
    qtbot.waitUntil(lambda: home.selected_id() is not None, timeout=5_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    assert home.delete_selected()
    assert window.undo_action.text() == "&Undo Delete “Wi-Fi && switching”"
    window.undo_action.trigger()
    assert window.statusBar().currentMessage() == "Undone: Delete “Wi-Fi & switching”"


def test_delete_and_f2_in_the_home_list_ask_before_acting(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete and Rename were mouse-only on Home; the keys ask first, as the buttons do."""
    from PySide6.QtWidgets import QMessageBox

    window = active_window(qtbot, open_window, library_path)
    window.show_home()
    home = window.home
    qtbot.waitUntil(lambda: home.selected_id() is not None, timeout=5_000)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **_kw: asked.append(str(args[2])) or QMessageBox.StandardButton.Cancel,
    )
    monkeypatch.setattr(
        "desktop.ui.home.ask_text", lambda *args, **_kw: asked.append(str(args[2])) or ("", False)
    )
    home.view.setFocus()
    _press(Qt.Key.Key_F2)
    _press(Qt.Key.Key_Delete)
    assert len(asked) == 2 and "Delete" in asked[1]
    assert home.selected_id() is not None  # nothing was deleted: the director said Cancel

    # Deleted after Yes, the next proposal is selected, so the keys carry on from there.
    from desktop.services.proposals import duplicate_proposal, list_proposals

    assert window.library is not None
    original = home.selected_id()
    assert original is not None
    copy = duplicate_proposal(window.library, original)
    home.refresh()
    deleted = home.selected_id()
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    home.view.setFocus()
    _press(Qt.Key.Key_Delete)
    assert home.proxy.rowCount() == 1
    assert home.selected_id() == ({original, copy} - {deleted}).pop()
    assert home.view.hasFocus() and home.open_button.isEnabled()

    # Edit > Undo (Ctrl+Z) brings it back, as the "Undo delete" button does; Redo deletes it.
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert home.proxy.rowCount() == 2 and home.undo_bar.isHidden()
    back = home.selected_id()
    assert back == deleted  # the same proposal, under its own number
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert home.proxy.rowCount() == 1
    assert window.library is not None
    names = [p.name for p in list_proposals(window.library, with_figures=False)]
    assert len(names) == 1


def test_charts_are_described_in_words_and_are_tab_stops_that_copy_their_figures(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The Review charts took focus and did nothing with it, and their figures were only in
    tooltips on hover, which a screen reader cannot reach. Taken out of the Tab order, a tab
    of charts alone had no stop at all. Each is a stop again, outlined while focused, read
    from its description, and Ctrl+C copies its figures."""
    from desktop.finance.money import format_money

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step([s.key for s in STEPS].index("review"))
    page = view.page_for("review")
    charts = [w for w in page.findChildren(QWidget) if w.inherits("QChartView")]
    assert charts
    for chart in charts:
        assert chart.focusPolicy() == Qt.FocusPolicy.TabFocus
        assert "$" in chart.accessibleDescription(), chart.accessibleName()
    chart = charts[0]
    chart.setFocus()
    QTest.keyClick(chart, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert copied == f"{chart.accessibleName()}\n{chart.accessibleDescription()}"
    # On a tab of charts, Tab from the tab bar reaches the first of them.
    tabs = page.tabs
    tabs.setCurrentIndex(1)
    bar = tabs.tabBar()
    bar.setFocus()
    QTest.keyClick(bar, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.inherits("QChartView"), focused
    result = window.context.result  # type: ignore[union-attr]
    first_year = result.fiscal_year_labels[0]
    described = " ".join(chart.accessibleDescription() for chart in charts)
    assert f"{first_year}:" in described
    assert format_money(result.base.tco.by_year[0], result.currency) in described


def test_ctrl_n_while_typing_in_a_cell_keeps_the_value_and_adds_a_row(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Type a value, then Ctrl+N for the next row: the editor had the focus, so the window's
    "New blank proposal" took the key."""
    window, table, new_proposals = _risks_with_new_proposal_watched(
        qtbot, open_window, library_path
    )
    opened = window.context.proposal_id  # type: ignore[union-attr]
    count = len(table.model.rows)
    index = table.proxy.index(0, 0)
    _type_into_cell(table, index, "Renamed while typing")
    _press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert new_proposals == [] and window.context.proposal_id == opened  # type: ignore[union-attr]
    assert len(table.model.rows) == count + 1
    names = [str(row.get("title") or row.get("name")) for row in table.model.rows]
    assert "Renamed while typing" in names


def test_an_amount_typed_in_the_funding_grid_keeps_the_keyboard_in_the_grid(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """After typing a year's amount and Enter the grid was reset under its own editor: the
    keyboard landed on "← Back" and the current cell was lost, so every amount meant finding
    the grid and the cell again."""
    from PySide6.QtTest import QTest

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("funding"))
    page = view.page_for("funding")
    grid = page.grid_view  # type: ignore[attr-defined]
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 1))
    for key in "861001":
        QTest.keyClick(QApplication.focusWidget(), key)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.model().data(grid.model().index(0, 1)) == "$861,001.00")
    qtbot.wait(300)  # the figures come back
    assert QApplication.focusWidget() is grid
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, 1)
    _press(Qt.Key.Key_Right)
    assert grid.currentIndex().column() == 2


def test_ctrl_n_in_a_grid_that_adds_no_rows_opens_nothing(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+N in the funding amounts grid (or a scenario's items) reached the window's "New
    blank proposal" and opened its dialog, where in every other table it adds a row."""
    window = active_window(qtbot, open_window, library_path)
    asked: list[str] = []
    monkeypatch.setattr(window.home, "new_blank", lambda *a: asked.append("new"))
    view = _view(window)
    view.show_step(STEP_KEYS.index("funding"))
    grid = view.page_for("funding").grid_view  # type: ignore[attr-defined]
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    rows = grid.model().rowCount()
    _press(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert asked == [] and grid.model().rowCount() == rows
    assert QApplication.activeModalWidget() is None


def test_ctrl_z_on_basics_undoes_the_last_change_from_any_field(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """On Basics every control is a text field, and a text field claims Ctrl+Z whatever its
    history: the window's Undo could not be reached, so a changed student count stayed."""
    from PySide6.QtTest import QTest

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("basics"))
    page = view.page_for("basics")
    students, teachers = page.editors["students"], page.editors["teachers"]  # type: ignore[attr-defined]
    before = page.values["students"]  # type: ignore[attr-defined]
    students.setFocus()
    students.selectAll()
    QTest.keyClicks(students, str(before + 100))
    QTest.keyClick(students, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.values["students"] == before + 100)  # type: ignore[attr-defined]
    teachers.setFocus()
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.values["students"] == before)  # type: ignore[attr-defined]
    assert students.text().replace(",", "") == str(before)  # the field shows it again
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: page.values["students"] == before + 100)  # type: ignore[attr-defined]
    # Typing in a field is still undone in the field first, and nothing else with it.
    teachers.selectAll()
    typed_over = teachers.text()
    QTest.keyClicks(teachers, "99")
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert teachers.text() == typed_over
    assert page.values["students"] == before + 100  # type: ignore[attr-defined]


def test_a_copy_of_a_final_case_is_a_draft(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Next year's version, copied from the approved case, printed "Final" on every page
    before anybody had read it."""

    from desktop.services.editing import update_proposal
    from desktop.services.proposals import proposal_basics
    from desktop.vocabulary import ProposalStatus

    window = active_window(qtbot, open_window, library_path)
    assert window.library is not None and window.context is not None
    original = window.context.proposal_id
    update_proposal(window.library, original, {"status": ProposalStatus.FINAL})
    window.show_home()
    home = window.home
    home.refresh(select_id=original)
    monkeypatch.setattr("desktop.ui.home.ask_text", lambda *_a, **_k: ("Riverside 2028–2032", True))
    home.duplicate_button.click()
    assert window.context is not None and window.context.proposal_id != original
    copy = window.context.proposal_id
    assert proposal_basics(window.library, copy)["status"] is ProposalStatus.DRAFT
    assert proposal_basics(window.library, original)["status"] is ProposalStatus.FINAL
    assert (
        window.statusBar()
        .currentMessage()
        .endswith("as “Riverside 2028–2032”, a draft: nobody has approved it yet.")
    )


def test_after_removing_or_duplicating_rows_the_keyboard_carries_on_from_there(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """After Ctrl+Delete (or Remove, or Duplicate) the table had no current cell: Down jumped
    to the first row, and the copy Duplicate made was not selected."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "risks")
    view, model = table.view, table.model
    count = len(model.rows)
    view.setFocus()
    view.setCurrentIndex(table.proxy.index(2, 1))
    name_after = model.rows[3]["title"]
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(model.rows) == count - 1)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 1)
    assert model.rows[2]["title"] == name_after
    assert table.remove_button.isEnabled()
    _press(Qt.Key.Key_Down)
    assert view.currentIndex().row() == 3

    table.duplicate_button.click()  # the row now current
    qtbot.waitUntil(lambda: len(model.rows) == count)
    assert view.currentIndex().row() == count - 1  # the copy, at the end
    assert model.rows[-1]["title"].endswith("(copy)")
    assert QApplication.focusWidget() is view


def _first_scenarios_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> ScenariosEditor:
    """The Items step's Scenarios tab, showing the first scenario's items ("Lean")."""
    from PySide6.QtWidgets import QTabWidget

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    page = view.page_for("items")
    page.findChildren(QTabWidget)[0].setCurrentIndex(1)
    (editor,) = page.findChildren(ScenariosEditor)
    editor.scenarios.view.setCurrentIndex(editor.scenarios.proxy.index(0, 0))
    return editor


def test_ticking_down_a_scenarios_items_keeps_the_current_cell(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Space on a scenario's item ticked it; once the figures came back the list was reset and
    the current cell lost, so Down went to the first row instead of the next."""
    editor = _first_scenarios_items(qtbot, open_window, library_path)
    qtbot.wait(50)
    items = editor.items_view
    model = items.model()
    items.setFocus()
    items.setCurrentIndex(model.index(3, 0))
    before = model.data(model.index(3, 0), Qt.ItemDataRole.CheckStateRole)
    QTest.keyClick(items, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: model.data(model.index(3, 0), Qt.ItemDataRole.CheckStateRole) != before)
    qtbot.wait(400)  # the figures come back
    assert items.currentIndex().row() == 3 and QApplication.focusWidget() is items
    _press(Qt.Key.Key_Down)
    assert items.currentIndex().row() == 4
    # Its rows are numbered, as every table's are: blank, a screen reader named no row.
    assert [model.headerData(row, Qt.Orientation.Vertical) for row in (0, 4)] == [1, 5]


def test_after_an_edit_tab_from_reviews_tab_bar_reaches_the_open_tab(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Review's tabs are made again with every new result, and the new tables came last in the
    Tab order, after Back and Next: from the tab bar, Tab skipped the open tab."""
    from PySide6.QtTest import QTest

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("review"))
    review = view.page_for("review")
    for number in range(review.tabs.count()):  # type: ignore[attr-defined]
        review.tabs.setCurrentIndex(number)  # type: ignore[attr-defined]
        qtbot.wait(20)
    view.show_step(STEP_KEYS.index("basics"))
    students = view.page_for("basics").editors["students"]  # type: ignore[attr-defined]
    students.setFocus()
    students.selectAll()
    QTest.keyClicks(students, "4250")
    QTest.keyClick(students, Qt.Key.Key_Return)
    context = window.context
    assert context is not None
    qtbot.waitUntil(lambda: context.proposal_input is not None and not context.busy)
    qtbot.waitUntil(lambda: context.proposal_input.students == 4250)  # type: ignore[union-attr]
    view.show_step(STEP_KEYS.index("review"))
    qtbot.waitUntil(lambda: review.tabs.count() == 6)  # type: ignore[attr-defined]
    qtbot.wait(100)
    # Every tab that holds a stop: the Sensitivity table and the Rubric cards had gone after
    # Back, Next and the summary, as each table's headers moved with it in the ordering.
    for number in (0, 3, 4, 5):
        review.tabs.setCurrentIndex(number)  # type: ignore[attr-defined]
        page = review.tabs.widget(number)  # type: ignore[attr-defined]
        review.tabs.tabBar().setFocus()  # type: ignore[attr-defined]
        _press(Qt.Key.Key_Tab)
        reached = QApplication.focusWidget()
        assert page.isAncestorOf(reached), (number, type(reached).__name__)
        if number == 3:
            assert reached is review.scenario_table  # type: ignore[attr-defined]


def test_a_library_opened_on_home_puts_the_keyboard_in_the_list(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, tmp_path: Path
) -> None:
    """Opening a library that shows Home left the keyboard on "New proposal", so Return made a
    new proposal rather than opening the selected one."""
    from desktop.services.library import open_library
    from desktop.services.proposals import create_proposal

    other = tmp_path / "other.buyinlib"
    library = open_library(other)
    try:
        create_proposal(library, "Bond refresh plan")
    finally:
        library.close()
    window = active_window(qtbot, open_window, library_path)
    window.home.new_button.setFocus()
    assert window.open_library_path(other)
    qtbot.wait(50)
    assert window.stack.currentWidget() is window.home
    assert QApplication.focusWidget() is window.home.view


def test_the_cfo_summary_is_a_tab_stop_after_next_that_reads_and_copies_its_figures(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The summary's figures were labels the keyboard never reached: a screen reader could not
    get to them, and nobody could copy them without the mouse."""
    from tests.ui.conftest import engine_tco

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(1)
    view.next_button.setFocus()
    _press(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.summary
    assert window.library is not None and window.context is not None
    tco = engine_tco(window.library, window.context.proposal_id)
    description = view.summary.accessibleDescription()
    assert f"Total cost of ownership (5 years): {tco}" in description.splitlines()
    assert "Budget & resources rubric:" in description
    QApplication.clipboard().clear()
    _press(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text()
    assert copied.startswith("CFO summary: Riverside USD")
    assert f"Total cost of ownership (5 years): {tco}" in copied.splitlines()
    _press(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is view.next_button


def test_reviews_figure_cards_and_rubric_are_tab_stops_that_read_their_content(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from desktop.ui.layouts import ReadableFrame
    from tests.ui.conftest import engine_tco

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("review"))
    review = view.page_for("review")
    tabs = review.tabs  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: tabs.count() == 6)
    tabs.setCurrentIndex(0)
    tabs.tabBar().setFocus()
    _press(Qt.Key.Key_Tab)
    card = QApplication.focusWidget()
    assert isinstance(card, ReadableFrame)
    assert window.library is not None and window.context is not None
    tco = engine_tco(window.library, window.context.proposal_id)
    assert (
        card.accessibleName().startswith("Total cost of ownership") and tco in card.accessibleName()
    )
    _press(Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert tco in QApplication.clipboard().text()
    _press(Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), ReadableFrame)
    assert QApplication.focusWidget() is not card
    # The rubric's cards say why each element is at its level, as words, not markup.
    tabs.setCurrentIndex(5)
    tabs.tabBar().setFocus()
    _press(Qt.Key.Key_Tab)
    rubric = QApplication.focusWidget()
    assert isinstance(rubric, ReadableFrame)
    said = rubric.accessibleDescription()
    assert ("✓ " in said or "○ " in said) and "<" not in said


def test_a_refused_new_name_is_asked_for_again_as_typed(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty name closed the New proposal dialog behind a terse message; the director had
    to start again. The reason is shown and the dialog comes back with what was typed."""
    from PySide6.QtWidgets import QMessageBox

    from desktop.services.proposals import list_proposals

    window = active_window(qtbot, open_window, library_path)
    window.show_home()
    answers = iter([("   ", True), ("Spring 2027 refresh", True)])
    offered: list[str] = []
    refusals: list[str] = []

    def ask(*_args: object, **kwargs: object) -> tuple[str, bool]:
        offered.append(str(kwargs.get("text")))
        return next(answers)

    monkeypatch.setattr("desktop.ui.home.ask_text", ask)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **_kw: refusals.append(args[2]))
    assert window.library is not None
    before = len(list_proposals(window.library))
    new_id = window.home.new_blank()
    assert offered == ["New proposal", "   "]  # asked again with what was typed
    assert len(refusals) == 1 and "cannot be empty" in refusals[0]
    assert new_id is not None
    names = [p.name for p in list_proposals(window.library)]
    assert len(names) == before + 1 and "Spring 2027 refresh" in names


@pytest.mark.parametrize("leave_with", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_a_refused_cell_keeps_what_was_typed_in_its_editor(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, leave_with: Qt.Key
) -> None:
    """A typo in a long amount ("12,5OO") closed the editor and took the typing with it: only
    the line under the table said what had been refused. The cell's editor comes back holding
    what was typed, to be put right; Escape leaves the cell as it was."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "items")
    column = [spec.name for spec in table.model.specs].index("unit_cost")
    index = table.proxy.index(0, column)
    stored = table.proxy.data(index)
    _type_into_cell(table, index, "12,5OO")
    _press(leave_with)
    qtbot.waitUntil(lambda: "12,5OO" in table.problem_label.text())

    def reopened() -> bool:
        focused = QApplication.focusWidget()
        return (
            focused is not None
            and focused is not table.view
            and _inside(focused, table.view)
            and table.view.currentIndex() == index
        )

    qtbot.waitUntil(reopened)
    editor = QApplication.focusWidget()
    assert editor.text() == "12,5OO"  # type: ignore[union-attr]
    assert "12,5OO" in table.problem_label.text() and not table.problem_label.isHidden()
    assert table.proxy.data(index) == stored

    _press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table.view)
    assert table.proxy.data(index) == stored
    # Left as it was: the line quoting the refused "12,5OO" went with the typing (it stood
    # under the table beside "Saved" until the next edit).
    assert table.problem_label.isHidden()


def test_a_refused_cell_put_back_to_its_stored_value_is_saved_again(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "12,5OO" refused, then the stored figure typed back over it: the header kept saying
    "⚠ Not saved" and the line kept quoting "12,5OO" until some other edit."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "items")
    column = [spec.name for spec in table.model.specs].index("unit_cost")
    index = table.proxy.index(0, column)
    stored = table.proxy.data(index, Qt.ItemDataRole.EditRole)
    _type_into_cell(table, index, "12,5OO")
    _press(Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: window.save_label.text() == "⚠ Not saved")
    qtbot.waitUntil(
        lambda: table.view.currentIndex() == index and table.view.indexWidget(index) is not None
    )
    editor = table.view.indexWidget(index)
    assert editor.text() == "12,5OO"  # type: ignore[attr-defined]
    editor.setText(str(stored))  # type: ignore[attr-defined]
    _press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.save_label.text() == "✓ Saved")
    assert table.problem_label.isHidden()
    assert table.proxy.data(index, Qt.ItemDataRole.EditRole) == stored


def test_a_cell_being_typed_in_keeps_its_typing_when_the_cell_is_refreshed(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A refresh of the cell under its editor (new figures arriving) put the stored value back
    over what was being typed."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "items")
    column = [spec.name for spec in table.model.specs].index("unit_cost")
    index = table.proxy.index(0, column)
    _type_into_cell(table, index, "12")
    editor = QApplication.focusWidget()
    table.proxy.dataChanged.emit(index, index)  # as a recalculation announces the cell
    qtbot.wait(20)
    assert QApplication.focusWidget() is editor
    assert editor.text() == "12"  # type: ignore[union-attr]


def test_a_refused_scenario_quantity_keeps_what_was_typed_in_its_editor(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """In a scenario's list of items, a quantity typed wrong ("4O" for 40) closed its editor
    and took the typing with it, where the item table gives it back to be put right."""
    from PySide6.QtWidgets import QLineEdit

    editor = _first_scenarios_items(qtbot, open_window, library_path)
    items = editor.items_view
    model = items.model()
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    row = next(
        r
        for r in range(model.rowCount())
        if model.flags(model.index(r, 3)) & Qt.ItemFlag.ItemIsEditable
    )
    index = model.index(row, 3)
    stored = model.data(index)
    items.setFocus()
    items.setCurrentIndex(index)
    items.edit(index)
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit) and cell.placeholderText() == "number"
    cell.selectAll()
    QTest.keyClicks(cell, "4O")
    _press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "4O" in editor.problem.text())

    def reopened() -> bool:
        focused = QApplication.focusWidget()
        return isinstance(focused, QLineEdit) and _inside(focused, items)

    qtbot.waitUntil(reopened)
    assert QApplication.focusWidget().text() == "4O"  # type: ignore[union-attr]
    assert items.currentIndex() == index and model.data(index) == stored

    _press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is items)
    assert model.data(index) == stored
    assert editor.problem.isHidden()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0.3", "saved as 0.3%. Likelihoods are typed as percentages: if you meant 30%, type 30."),
        ("0.3%", ""),
        ("30", ""),
    ],
)
def test_a_likelihood_typed_as_a_fraction_is_saved_and_questioned(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, typed: str, said: str
) -> None:
    """ "0.3" in a likelihood is 0.3%; a director thinking of it as 30% saw it saved and the
    risk's avoided cost shrink a hundredfold without a word. It is saved as typed, and the line
    under the table says what to type for 30%; a value typed with "%" or of 1% and more is
    taken as meant."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "risks")
    column = [spec.name for spec in table.model.specs].index("likelihood_before")
    index = table.proxy.index(0, column)
    _type_into_cell(table, index, typed)
    _press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.proxy.data(index) == ("0.3%" if "0.3" in typed else "30%"))
    if said:
        assert table.problem_label.text() == f"Likelihood without mitigation {said}"
        assert table.problem_label.isVisible() and "Not saved" not in table.problem_label.text()
    else:
        assert table.problem_label.isHidden()


def test_a_likelihood_questioned_stays_questioned_until_its_cell_changes(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "0.3 saved as 0.3%… if you meant 30%, type 30" went as soon as the next cell was saved,
    typed a second later: a director entering a row never read it. It stands until its own
    cell is saved again, and goes when an undo takes the value away."""
    window = active_window(qtbot, open_window, library_path)
    table = _table_of(_view(window), "risks")
    names = [spec.name for spec in table.model.specs]
    chance = table.proxy.index(0, names.index("likelihood_before"))
    cost = table.proxy.index(0, names.index("cost_before"))
    label = table.problem_label

    def typed(index: QModelIndex, text: str) -> None:
        _type_into_cell(table, index, text)
        _press(Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table.view)

    typed(chance, "0.3")
    assert label.isVisible() and "if you meant 30%, type 30" in label.text()
    typed(cost, "260")
    assert label.isVisible() and "if you meant 30%, type 30" in label.text()
    typed(chance, "30")
    assert label.isHidden()
    typed(chance, "0.3")
    assert label.isVisible()
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table.proxy.data(chance) == "30%")
    assert label.isHidden()


def test_a_steps_buttons_answer_alt_and_their_letter(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "Add goal", "Typical items…" and the rest had no keyboard letter: a keyboard user Tabbed
    through the step to reach them. Alt+A adds a row on the step shown, and only there."""
    from desktop.services.editing import list_rows

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    assert window.library is not None and window.context is not None
    library, proposal = window.library, window.context.proposal_id
    goals, risks = (len(list_rows(library, proposal, kind)) for kind in ("goal", "risk"))
    view.page_for("risks")  # built, with its own "Add risk", but not shown
    view.show_step(STEP_KEYS.index("plans"))
    view.navigator.setFocus()
    _press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(list_rows(library, proposal, "goal")) == goals + 1)
    assert len(list_rows(library, proposal, "risk")) == risks  # the hidden Risks step's Add
    items = view.page_for("items")
    view.show_step(STEP_KEYS.index("items"))
    for button in (items.table.add_button, items.import_button, items.template_button):  # type: ignore[attr-defined]
        assert "&" in button.text(), button.text()


def test_tab_after_naming_a_new_scenario_goes_to_its_description(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A scenario's name reloads the list (names are made unique), and the reload lost the
    current cell: Tab after naming a new scenario went to the first row's name, and the
    description typed next replaced "Lean"."""
    from desktop.services.editing import list_rows

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    page = view.page_for("items")
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    editor = page.scenarios.scenarios  # type: ignore[attr-defined]
    editor.add_button.click()
    qtbot.waitUntil(lambda: editor.view.currentIndex().row() == editor.model.rowCount() - 1)
    new_row = editor.view.currentIndex().row()
    QTest.keyClick(editor.view, "P")
    name_editor = QApplication.focusWidget()
    QTest.keyClicks(name_editor, "ilot")
    QTest.keyClick(name_editor, Qt.Key.Key_Tab)
    current = editor.view.currentIndex()
    assert (current.row(), current.column()) == (new_row, 1)  # its description, being edited
    description_editor = QApplication.focusWidget()
    assert description_editor is not name_editor and editor.view.isAncestorOf(description_editor)
    QTest.keyClicks(description_editor, "Two schools first")
    QTest.keyClick(description_editor, Qt.Key.Key_Tab)  # a long text takes Return as a new line
    assert window.context is not None
    rows = list_rows(window.library, window.context.proposal_id, "scenario")
    assert rows[0]["name"] == "Lean"
    assert (rows[-1]["name"], rows[-1]["description"]) == ("Pilot", "Two schools first")


def test_home_and_export_buttons_have_alt_keys_and_find_says_when_it_has_nothing(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Home's buttons, the Export step's choices and its Export button had no Alt key, unlike
    every other step's; and Ctrl+F on Basics, Review or Export did nothing at all."""
    from PySide6.QtWidgets import QAbstractButton

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("export"))
    export = view.page_for("export")
    qtbot.wait(50)
    keys = []
    for button in export.findChildren(QAbstractButton):
        if button.isVisible() and button.isEnabled() and button.text():
            assert "&" in button.text(), button.text()
            keys.append(button.text().split("&")[1][0].lower())
    assert len(keys) == len(set(keys)) >= 7, keys  # six formats and Export, no key twice
    menu_keys = {"f", "e", "v", "g", "h", "x"}  # the menus' and the header's
    assert not menu_keys & set(keys), keys
    view.show_step(STEP_KEYS.index("basics"))
    window.focus_filter()
    assert window.statusBar().currentMessage().startswith("Nothing to find on this step")
    window.show_home()
    home = window.home
    buttons = (
        home.new_button,
        home.open_button,
        home.rename_button,
        home.duplicate_button,
        home.compare_button,
        home.delete_button,
        home.undo_button,
    )
    home_keys = [button.text().split("&")[1][0].lower() for button in buttons]
    assert len(set(home_keys)) == 7 and not menu_keys & set(home_keys), home_keys
    # Read out without the ampersand that marks the key.
    assert [b.accessibleName() for b in buttons[1:5]] == ["Open", "Rename", "Duplicate", "Compare"]


def _keys_of(dialog: QWidget) -> list[str]:
    """The Alt letter of each button and label shown in ``dialog``, asserting every button
    has one."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QTabWidget

    keys = []
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisibleTo(dialog) and button.text() and button.text() != "Cancel":
            assert "&" in button.text(), button.text()
            keys.append(button.text().split("&")[1][0].lower())
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None and "&" in label.text():
            keys.append(label.text().split("&")[1][0].lower())
    for tabs in dialog.findChildren(QTabWidget):
        keys += [tabs.tabText(n).split("&")[1][0].lower() for n in range(tabs.count())]
    return keys


def test_every_dialog_button_has_its_own_alt_key(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, tmp_path: Path
) -> None:
    """ "Tick all", "Choose file…", "Import 3 items", "Restore…", Close and "Undo delete" had
    no Alt key, and in the compare dialog Alt+S meant both Swap and the Funding sources tab."""
    from desktop.services.proposals import add_sample_proposal, template_items
    from desktop.ui.dialogs.compare import CompareDialog
    from desktop.ui.dialogs.import_items import ImportItemsDialog
    from desktop.ui.dialogs.item_templates import TemplateItemsDialog
    from desktop.ui.dialogs.restore_backup import RestoreBackupDialog

    window = active_window(qtbot, open_window, library_path)
    library = window.library
    assert library is not None and window.context is not None
    other = add_sample_proposal(library)
    dialogs = [
        TemplateItemsDialog(template_items(), set(), "USD", window),
        ImportItemsDialog(library, window.context.proposal_id, window),
        RestoreBackupDialog(library_path, window),
        CompareDialog(library, window.context.proposal_id, "this", [(other, "other")], window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        keys = _keys_of(dialog)
        assert keys and len(keys) == len(set(keys)), (type(dialog).__name__, keys)


def test_a_box_of_several_lines_shows_where_the_keyboard_is(qtbot: QtBot) -> None:
    """The executive summary and a link's reason showed focus only by the one-pixel caret;
    one-line fields get an outline."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    from desktop.ui.layouts import TextBox

    holder = QWidget()
    qtbot.addWidget(holder)
    field = QLineEdit(holder)
    box = TextBox(holder, lines=4)
    box.setPlainText("The plan costs")
    layout = QVBoxLayout(holder)
    layout.addWidget(field)
    layout.addWidget(box)
    holder.resize(300, 150)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    qtbot.waitUntil(holder.isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    unfocused = holder.grab(box.geometry()).toImage()
    box.setFocus()
    qtbot.waitUntil(box.hasFocus)
    qtbot.wait(20)
    focused = holder.grab(box.geometry()).toImage()
    differing = sum(
        focused.pixel(x, y) != unfocused.pixel(x, y)
        for x in range(focused.width())
        for y in range(focused.height())
    )
    assert differing > 2 * (box.width() + box.height())  # an outline, not a caret


def _read_out(widget: QWidget) -> str:
    """What a screen reader says for ``widget``: its accessible name, then its description."""
    from PySide6.QtGui import QAccessible

    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return f"{face.text(QAccessible.Text.Name)} / {face.text(QAccessible.Text.Description)}"


def test_status_lines_are_read_out_by_what_they_say(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A screen reader said "Save state", "What this step still lacks", "Why the last value was
    refused": each line's fixed name was read in place of what it showed."""
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    assert window.save_label.text() and window.save_label.text() in _read_out(window.save_label)
    assert window.title_label.text() in _read_out(window.title_label)
    view.show_step(STEP_KEYS.index("risks"))
    page = view.pages[STEP_KEYS.index("risks")]
    assert isinstance(page, TableStepPage)
    page.table.problem_label.report("Likelihood: must be at most 100%")
    said = _read_out(page.table.problem_label)
    assert said.startswith("⚠ Not saved — Likelihood: must be at most 100%")
    assert said.endswith("Why the last value was refused")
    view.step_warnings.setText("No risk is linked yet.")
    assert _read_out(view.step_warnings).startswith("No risk is linked yet.")


def test_removing_and_bringing_back_rows_is_announced(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    announced: list[str],
) -> None:
    """ "Removed 1 risk and 3 links to it", "Undone: …", "… was deleted" on Home: shown, never
    said, so a screen-reader user did not learn what a key press had removed."""
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("risks"))
    page = view.page_for("risks")
    assert isinstance(page, TableStepPage)
    table = page.table
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy.index(0, 0))
    announced.clear()
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(announced))
    assert announced[-1].startswith("Removed 1 risk") and announced[-1].endswith(
        "Ctrl+Z brings them back."
    )
    announced.clear()
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(announced))
    assert announced[-1].startswith("Undone: ")
    window.show_home()
    qtbot.waitUntil(lambda: window.home.selected_id() is not None, timeout=5_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    announced.clear()
    name = window.home.selected_name()
    assert window.home.delete_selected()
    assert announced == [f"“{name}” was deleted. Undo delete brings it back."]


def test_export_by_keyboard_keeps_focus_on_export_and_says_the_result(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    announced: list[str],
) -> None:
    """Space on Export disabled it while the file was written, and focus fell to "← Back": the
    next Space went back to Review. Nor was "Saved …" or "Could not save …" said aloud."""
    from desktop.ui.steps import export as export_step
    from desktop.ui.steps.export import ExportPage

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(len(STEPS) - 1)
    page = view.page_for("export")
    assert isinstance(page, ExportPage)
    attempts = (
        (tmp_path / "case", "Saved case.json"),
        (tmp_path / "gone" / "case", "Could not save the proposal file"),
    )
    for target, result in attempts:
        monkeypatch.setattr(export_step, "ask_save_path", lambda *_args, t=target: t)
        page.select("proposal_json")
        page.export_button.setFocus()
        announced.clear()
        _press(Qt.Key.Key_Space)
        assert page.job is not None
        if page.job.running:
            assert QApplication.focusWidget() is not view.back_button
        qtbot.waitUntil(lambda: not page.job.running, timeout=20_000)
        qtbot.waitUntil(lambda: bool(announced), timeout=5_000)
        assert QApplication.focusWidget() is page.export_button
        assert announced[-1].startswith(result), announced


def test_lists_and_tables_show_where_the_keyboard_is(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Focus on a table or the step list only changed the current cell's tint, by 1.1:1
    against white: a keyboard user could not find it. They are outlined while focused, in
    the colour the text boxes use."""
    from desktop.ui.theme import focus_outline_colour

    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    page = view.page_for("items")
    assert isinstance(page, ItemsPage)
    outline = focus_outline_colour(window.palette()).rgb()

    def edge(widget: QWidget) -> int:
        viewport = widget.viewport()  # type: ignore[attr-defined]
        image = viewport.grab().toImage()
        return image.pixel(viewport.width() - 2, viewport.height() // 2)

    for widget in (page.table.view, view.navigator):
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert edge(widget) == outline, widget.accessibleName()
        window.home_button.setFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus())
        assert edge(widget) != outline, widget.accessibleName()


def test_undoing_a_removed_row_makes_it_the_current_row_again(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Ctrl+Delete on the third risk, then Ctrl+Z: the risk came back, but the current row was
    the one after it, so the next key press acted on a risk the director had not chosen."""
    window = active_window(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("risks"))
    page = view.page_for("risks")
    assert isinstance(page, TableStepPage)
    table = page.table
    title = table.proxy.index(2, 0).data()
    table.view.setFocus()
    table.view.setCurrentIndex(table.proxy.index(2, 1))
    _press(Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table.proxy.index(2, 0).data() != title)
    _press(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: table.proxy.index(2, 0).data() == title)
    current = table.view.currentIndex()
    assert (current.row(), current.column()) == (2, 1)


def test_scrolling_a_focused_list_leaves_no_trace_of_its_outline(qtbot: QtBot) -> None:
    """Scrolling moves the pixels drawn, the outline's with them: its edges were left as lines
    across the rows of a long list or table, one pair a step."""
    from PySide6.QtGui import QColor, QGuiApplication

    from desktop.ui.layouts import OutlinedList
    from desktop.ui.theme import focus_outline_colour

    listed = OutlinedList()
    qtbot.addWidget(listed)
    listed.addItems([f"row {number}" for number in range(300)])
    listed.resize(300, 300)
    listed.show()
    qtbot.waitExposed(listed)
    listed.activateWindow()
    listed.setFocus()
    qtbot.waitUntil(listed.hasFocus)
    for _ in range(40):
        listed.verticalScrollBar().setValue(listed.verticalScrollBar().value() + 1)
        QApplication.processEvents()
    screen = QGuiApplication.primaryScreen()
    image = screen.grabWindow(listed.winId()).toImage()
    viewport = listed.viewport()
    corner = viewport.mapTo(listed, viewport.rect().topLeft())
    outline = focus_outline_colour(listed.palette()).rgb()

    def outlined(y: int) -> int:
        return sum(
            QColor(image.pixel(corner.x() + x, corner.y() + y)).rgb() == outline
            for x in range(20, viewport.width() - 20)
        )

    assert outlined(1) > viewport.width() // 2  # the outline itself, along the top
    assert [y for y in range(6, viewport.height() - 6) if outlined(y) > viewport.width() // 2] == []
