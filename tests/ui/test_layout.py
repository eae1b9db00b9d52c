"""What the director sees on screen: hints shown whole, names readable, the step list no wider than
its words, at the usual window size and at a small laptop's."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.editing import update_proposal
from desktop.services.wizard import STEP_KEYS, STEPS
from desktop.ui.main_window import MainWindow
from desktop.ui.proposal_view import ProposalView
from desktop.ui.row_table import RowTableEditor
from tests.ui.conftest import WindowFactory, on_screen, settle

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints", "This plugin does not support raise"
)

SIZES = ((1400, 900), (1100, 750))


def _shown_on_sample(qtbot: QtBot, open_window: WindowFactory, path: Path) -> MainWindow:
    window = open_window(path)
    on_screen(qtbot, window)
    return window


def _view(window: MainWindow) -> ProposalView:
    assert window.view is not None
    return window.view


def _step_page(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    key: str,
    size: tuple[int, int] | None = None,
) -> tuple[MainWindow, QWidget]:
    """The sample open at the step ``key`` (in a window of ``size``), laid out."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    if size is not None:
        window.resize(*size)
    view = _view(window)
    view.show_step(STEP_KEYS.index(key))
    settle(qtbot, window)
    qtbot.wait(50)  # the layout passes after the page's first resize
    return window, view.page_for(key)


def _clipped(label: QLabel) -> bool:
    """A wrapped label is cut off when it is lower than its lines need at its width."""
    return label.isVisible() and label.height() < label.heightForWidth(label.width())


@pytest.mark.parametrize("size", SIZES)
def test_table_hints_are_never_cut_off(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(*size)
    view = _view(window)
    for number, step in enumerate(STEPS):
        view.show_step(number)
        qtbot.wait(30)
        for editor in view.page(number).findChildren(RowTableEditor):
            if editor.isVisible():
                assert not _clipped(editor.hint), f"{step.title}: {editor.hint.text()}"


def _funding_page(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, width: int, height: int
) -> QWidget:
    """The sample's Funding step, shown in a window of ``width`` × ``height``."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(width, height)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("funding"))
    qtbot.wait(50)
    return view.page_for("funding")


def test_funding_hint_keeps_clear_of_the_splitter_below_it(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    page = _funding_page(qtbot, open_window, library_path, 1100, 750)
    hint = page.sources.hint  # type: ignore[attr-defined]
    caption = page.grid_caption  # type: ignore[attr-defined]
    assert "set Secured to Yes once the money is awarded or approved" in hint.text()
    hint_bottom = hint.mapTo(page, QPoint(0, hint.height())).y()
    caption_top = caption.mapTo(page, QPoint(0, 0)).y()
    assert caption_top - hint_bottom >= 10  # a gap, with the splitter handle inside it


def test_item_names_fit_their_column(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("items"))
    table = view.page_for("items").table  # type: ignore[attr-defined]
    metrics = table.view.fontMetrics()
    names = [str(row["name"]) for row in table.model.rows]
    short_enough = [name for name in names if metrics.horizontalAdvance(name) + 12 <= 330]
    fitting = [
        name
        for name in short_enough
        if metrics.horizontalAdvance(name) + 12 <= table.view.columnWidth(0)
    ]
    assert len(short_enough) >= len(names) * 3 // 4  # the sample's names are mostly short
    assert fitting == short_enough


def test_step_list_is_no_wider_than_its_labels_need(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    navigator = _view(window).navigator
    metrics = navigator.fontMetrics()
    widest = max(
        metrics.horizontalAdvance(navigator.item(row).text()) for row in range(navigator.count())
    )
    assert widest < navigator.viewport().width()  # every label whole
    assert navigator.width() <= widest + 70  # and no wide empty margin beside them


def test_the_steps_are_listed_a_little_apart_each_label_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Packed at the text's height, the nine steps read as one block of text, the first
    touching the list's edge: each row now has room above and below its name."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    navigator = _view(window).navigator
    metrics = navigator.fontMetrics()
    for row in range(navigator.count()):
        entry = navigator.item(row)
        rect = navigator.visualItemRect(entry)
        assert rect.height() >= metrics.height() + 8, entry.text()
        assert metrics.horizontalAdvance(entry.text()) < rect.width(), entry.text()
    last = navigator.visualItemRect(navigator.item(navigator.count() - 1))
    assert last.bottom() < navigator.viewport().height()  # all nine, no scrolling


def _tab_stops(window: MainWindow, start: QWidget, count: int) -> list[str]:
    """The accessible names Tab reaches from ``start``, in order (what a keyboard user meets)."""
    names: list[str] = []
    widget = start
    while len(names) < count:
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        focusable = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        if isinstance(widget, QRadioButton) and not widget.isChecked():
            continue  # Tab stops once on a group of choices, at the chosen one
        if focusable and widget.isVisibleTo(window) and widget.isEnabled():
            names.append(widget.accessibleName() or type(widget).__name__)
    return names


def test_tab_goes_down_the_basics_form_then_to_next(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    from desktop.services.fields import ENTITY_FIELDS

    window = _shown_on_sample(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(0)
    fields = [spec.label for spec in ENTITY_FIELDS["proposal"]]
    stops = _tab_stops(window, view.navigator, len(fields) + 2)
    assert stops == [*fields, "Choose a logo image", "Next step"]


def test_tab_reaches_a_steps_fields_before_back_and_next(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window = _shown_on_sample(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(len(STEPS) - 1)
    stops = _tab_stops(window, view.navigator, 4)
    assert stops == ["Full business case (PDF)", "Paper size", "Export to a file", "Previous step"]
    view.show_step([step.key for step in STEPS].index("funding"))
    stops = _tab_stops(window, view.navigator, 3)
    # The buttons above the table first, left to right, then the filter beside them.
    assert stops == ["Add funding source", "Filter funding sources", "Funding sources table"]


def test_funding_shows_every_source_and_every_grid_row_on_a_laptop_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1366×768 the sample's five sources and its whole year grid are in view: the grid is
    as tall as its rows, the list of sources takes the rest."""
    page = _funding_page(qtbot, open_window, library_path, 1366, 768)
    for table in (page.sources.view, page.grid_view):  # type: ignore[attr-defined]
        model = table.model()
        last = model.index(model.rowCount() - 1, 0)
        assert model.rowCount() >= 5
        assert table.visualRect(last).bottom() <= table.viewport().height(), table.accessibleName()


def test_still_to_link_wraps_its_lines_in_the_smallest_window(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×640 the "Still to link" note is wider than its list: it wraps inside it, with no
    sideways scroll bar hiding its end."""
    _window, page = _step_page(qtbot, open_window, library_path, "links", (1024, 640))
    glance = page.still_to_link  # type: ignore[attr-defined]
    entry = glance.item(0)
    rect = glance.visualItemRect(entry)
    needed = glance.fontMetrics().boundingRect(
        0, 0, rect.width(), 10_000, Qt.TextFlag.TextWordWrap, entry.text()
    )
    assert glance.fontMetrics().horizontalAdvance(entry.text()) > glance.viewport().width()
    assert not glance.horizontalScrollBar().isVisible()
    assert rect.right() <= glance.viewport().width()
    assert needed.height() <= rect.height(), entry.text()


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_export_step_shows_every_description_whole_and_keeps_its_button_in_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """In the smallest window the formats' descriptions wrapped past the page's foot and were
    cut; the choices now scroll (never sideways), and the Export button stays in view."""
    window, page = _step_page(qtbot, open_window, library_path, "export", size)
    for note in page.notes.values():  # type: ignore[attr-defined]
        assert not _clipped(note), (note.width(), note.height(), note.heightForWidth(note.width()))
    area = page._area  # type: ignore[attr-defined]
    assert not area.horizontalScrollBar().isVisible()
    button = page.export_button  # type: ignore[attr-defined]
    corner = button.mapTo(page, QPoint(0, button.height()))
    assert button.isVisible() and corner.y() <= page.height()
    visible = window.rect().contains(button.mapTo(window, QPoint(button.width(), button.height())))
    assert visible


def test_a_long_name_without_spaces_wraps_on_export_and_in_the_summary(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×700 a long name typed without spaces widened the Export step past its window,
    cutting the formats' descriptions at the right with no scroll bar, and ran past the CFO
    summary's edge with no "…"."""
    window, page = _step_page(qtbot, open_window, library_path, "export", (1024, 700))
    context, library = window.context, window.library
    assert context is not None and library is not None
    name = (
        "RiversideUnifiedSchoolDistrict_OneToOneInfrastructureAndConnectedLearningPlan"
        "_2027-2031_FinalDraftForBoardApproval"
    )
    update_proposal(library, context.proposal_id, {"name": name})
    context.recalculate_now()
    settle(qtbot, window)
    qtbot.wait(50)
    area = page._area  # type: ignore[attr-defined]
    content = page._content  # type: ignore[attr-defined]
    assert content.width() <= area.viewport().width()
    for note in page.notes.values():  # type: ignore[attr-defined]
        assert note.mapTo(area.viewport(), QPoint(note.width(), 0)).x() <= area.viewport().width()
        assert not _clipped(note), note.text()
    figures = page.figures  # type: ignore[attr-defined]
    assert figures.mapTo(area.viewport(), QPoint(figures.width(), 0)).x() <= (
        area.viewport().width()
    )
    document = QTextDocument()
    document.setHtml(figures.text())
    assert document.toPlainText().lstrip("\u200e").replace("\u200b", "").startswith(name)
    # The summary: its caption no wider than the panel, the whole name in its tooltip and in
    # what Ctrl+C copies.
    summary = _view(window).summary
    caption = summary.caption
    assert caption.minimumSizeHint().width() <= caption.width()
    assert caption.height() >= caption.heightForWidth(caption.width())
    assert "\u2026" in caption.text() and caption.toolTip() == name
    assert summary.copy_text().splitlines()[0] == f"CFO summary: {name}, base case with every item"


def test_export_step_shows_a_name_with_angle_brackets_as_typed(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    window, page = _step_page(qtbot, open_window, library_path, "export")
    context, library = window.context, window.library
    assert context is not None and library is not None
    update_proposal(library, context.proposal_id, {"name": "Grades K–5 <Phase 2> & R&D pilot"})
    context.recalculate_now()
    settle(qtbot, window)
    document = QTextDocument()
    document.setHtml(page.figures.text())  # type: ignore[attr-defined]
    assert document.toPlainText().lstrip("\u200e").startswith("Grades K–5 <Phase 2> & R&D pilot")
    # A name in a right-to-left script heads the figures on the left, as any other.
    update_proposal(library, context.proposal_id, {"name": "\u05ea\u05d5\u05db\u05e0\u05ea 2030"})
    context.recalculate_now()
    settle(qtbot, window)
    document.setHtml(page.figures.text())  # type: ignore[attr-defined]
    assert document.firstBlock().textDirection() is Qt.LayoutDirection.LeftToRight


def test_a_right_to_left_name_heads_the_window_at_the_left(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The header drew a Hebrew name at its far right, across the window from where every
    other name stands."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    context, library = window.context, window.library
    assert context is not None and library is not None
    label = window.title_label

    def inked_from() -> int:
        """The first column, from the left, where the label's text is drawn."""
        image = label.grab().toImage()
        background = image.pixelColor(image.width() - 1, image.height() - 1)
        for x in range(image.width()):
            for y in range(image.height()):
                if image.pixelColor(x, y) != background:
                    return x
        return image.width()

    latin_start = inked_from()
    hebrew = "\u05ea\u05d5\u05db\u05e0\u05d9\u05ea 2030"
    update_proposal(library, context.proposal_id, {"name": hebrew})
    window.open_proposal(context.proposal_id)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: hebrew in window.title_label.text())
    label = window.title_label
    assert label.fontMetrics().horizontalAdvance(hebrew) < label.width() / 2
    assert inked_from() <= latin_start + 4
    assert window.windowTitle().startswith(hebrew)


def test_the_summary_keeps_its_width_through_every_step_of_the_smallest_window(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The items table's buttons asked for more room than the smallest window gave the steps,
    so the CFO summary narrowed, and the steps moved, from the Items step on."""
    from desktop.ui.main_window import MINIMUM_HEIGHT, MINIMUM_WIDTH

    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(MINIMUM_WIDTH, MINIMUM_HEIGHT)
    view = _view(window)
    widths = set()
    for number in range(len(STEPS)):
        view.show_step(number)
        qtbot.wait(20)
        widths.add(view.summary.width())
        assert window.minimumSizeHint().width() <= MINIMUM_WIDTH, STEPS[number].title
    assert len(widths) == 1, widths


def test_funding_keeps_its_gap_row_in_view_in_the_smallest_window(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×640 the year grid scrolled its "Gap (cost not funded)" row out of view, under an
    empty line kept for a problem message that was not there."""
    page = _funding_page(qtbot, open_window, library_path, 1024, 640)
    grid = page.grid_view  # type: ignore[attr-defined]
    model = grid.model()
    gap = model.rowCount() - 1
    assert model.headerData(gap, Qt.Orientation.Vertical) == "Gap (cost not funded)"
    assert grid.visualRect(model.index(gap, 0)).bottom() <= grid.viewport().height()
    assert not page.problem.isVisible()  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_the_funding_grid_shows_all_five_plan_years_whole_on_a_laptop_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """At 1280×800 the grid's fifth year lay half under the pane's edge ("$818,64…") behind a
    sideways scroll bar, while the names beside it kept 280 pixels. The names now give way
    first, and every figure, the bold totals included, fits its column."""
    page = _funding_page(qtbot, open_window, library_path, *size)
    grid = page.grid_view  # type: ignore[attr-defined]
    model = grid.model()
    assert model.columnCount() == 5
    assert not grid.horizontalScrollBar().isVisible()
    last = model.index(0, model.columnCount() - 1)
    assert grid.visualRect(last).right() <= grid.viewport().width()
    bold = QFont(grid.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            text = str(model.data(model.index(row, column)))
            assert metrics.horizontalAdvance(text) < grid.columnWidth(column), (row, text)
    # The names keep a readable width, cut only where the room ran out.
    assert grid.verticalHeader().width() >= 180


@pytest.mark.parametrize("key", ["plans", "risks", "metrics"])
def test_a_wide_window_gives_the_names_the_room_the_notes_did_not_need(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, key: str
) -> None:
    """At 1920 pixels goals and risks were cut ("Devices retired before the planned r…") while
    the description column beside them took all the spare width."""
    _window, page = _step_page(qtbot, open_window, library_path, key, (1920, 1080))
    (editor,) = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
    column = editor._name_column  # type: ignore[attr-defined]
    assert column is not None
    view = editor.view
    assert view.columnWidth(column) >= view.sizeHintForColumn(column), key


def test_a_basics_field_that_gets_the_focus_scrolls_into_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Tab wrapping round from the header to the proposal's name left it focused but scrolled
    off the top of the form, where the director could not see where the cursor was."""
    window, page = _step_page(qtbot, open_window, library_path, "basics", (1024, 640))
    scroll = page._scroll  # type: ignore[attr-defined]
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the window
    bar.setValue(bar.maximum())
    name = page.editors["name"]  # type: ignore[attr-defined]
    window.home_button.setFocus()
    name.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(20)
    top = name.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    assert 0 <= top and top + name.height() <= scroll.viewport().height()


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_a_scenarios_quantity_column_is_in_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """The quantity a director types for a scenario was pushed mostly out of view ("3." and
    "4,") by a wide tick column and the item names; at 1024 the items had a 150-pixel sliver."""
    from PySide6.QtWidgets import QTabWidget

    from desktop.ui.steps.items import ScenariosEditor

    _window, page = _step_page(qtbot, open_window, library_path, "items", size)
    page.findChildren(QTabWidget)[0].setCurrentIndex(1)
    (editor,) = page.findChildren(ScenariosEditor)
    editor.scenarios.view.setCurrentIndex(editor.scenarios.proxy.index(1, 0))
    qtbot.wait(50)
    view = editor.items_view
    last = view.model().columnCount() - 1
    right = view.columnViewportPosition(last) + view.columnWidth(last)
    assert view.model().rowCount() > 0
    assert right <= view.viewport().width()
    assert view.columnWidth(last) >= view.horizontalHeader().sectionSizeHint(last) - 8


def test_the_scenarios_tab_opens_on_the_first_scenarios_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """It opened on an empty items table under "Choose a scenario on the left", where at 1024
    pixels the list is above."""
    from PySide6.QtWidgets import QTabWidget

    from desktop.ui.steps.items import ScenariosEditor

    _window, page = _step_page(qtbot, open_window, library_path, "items", (1024, 640))
    page.findChildren(QTabWidget)[0].setCurrentIndex(1)
    (editor,) = page.findChildren(ScenariosEditor)
    qtbot.waitUntil(lambda: editor.items_view.model().rowCount() > 0, timeout=5_000)
    first = editor.scenarios.proxy.index(0, 0)
    assert editor.scenarios.view.currentIndex() == first
    assert (
        editor.items_caption.text().lstrip("\u200e").startswith(f"\u201c{first.data()}\u201d keeps")
    )


def test_a_basics_field_with_wrapped_help_stays_level_with_its_label(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024 pixels the discount rate's help wraps to four lines; the field, centred in that
    tall row, sat 20 pixels below its label."""
    _window, page = _step_page(qtbot, open_window, library_path, "basics", (1024, 640))
    editor = page.editors["discount_rate"]  # type: ignore[attr-defined]
    label = next(lab for lab in page.findChildren(QLabel) if lab.buddy() is editor and lab.text())
    host = page._scroll.widget()  # type: ignore[attr-defined]
    field_middle = editor.mapTo(host, QPoint(0, editor.height() // 2)).y()
    label_middle = label.mapTo(host, QPoint(0, label.height() // 2)).y()
    assert abs(field_middle - label_middle) <= 4


def test_a_metric_measured_in_dollars_shows_its_figures_as_money(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Baseline and target of a metric in USD read "285,000" on screen but "$285,000" in the
    PDF; they now read as the PDF prints them. Other units stay plain numbers."""
    _window, page = _step_page(qtbot, open_window, library_path, "metrics")
    (editor,) = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
    model = editor.model
    names = [spec.name for spec in model.specs]
    shown = {
        (str(row.get("unit")), model.index(number, names.index("baseline")).data())
        for number, row in enumerate(model.rows)
    }
    assert ("USD", "$285,000") in shown
    assert ("%", "46") in shown


def test_a_name_column_the_director_widened_keeps_its_width(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The name column fits its names as the window changes, until the director drags it:
    then it stays as they left it."""
    window, page = _step_page(qtbot, open_window, library_path, "risks", (1920, 1080))
    (editor,) = [e for e in page.findChildren(RowTableEditor) if e.isVisible()]
    column = editor._name_column  # type: ignore[attr-defined]
    editor.view.horizontalHeader().resizeSection(column, 222)  # as a drag does
    window.resize(1400, 900)
    qtbot.wait(50)
    window.resize(1920, 1080)
    qtbot.wait(50)
    assert editor.view.columnWidth(column) == 222


@pytest.mark.parametrize("size", [(1024, 640), (1366, 768)])
def test_a_refusal_under_a_basics_field_shows_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, size: tuple[int, int]
) -> None:
    """ "dollars" as the currency: the refusal was squeezed into the 140-pixel field's width and
    cut at the top and bottom ("⚠ Not saved — must / be a three-letter code")."""
    window, page = _step_page(qtbot, open_window, library_path, "basics", size)
    problems = page.problems  # type: ignore[attr-defined]
    for name in ("currency", "students", "discount_rate", "name"):
        editor = page.editors[name]  # type: ignore[attr-defined]
        editor.setFocus()
        editor.setText("dollars" if name != "name" else "")
        editor.editingFinished.emit()
        qtbot.wait(50)
        problem = problems[name]
        assert problem.isVisible(), name
        assert not _clipped(problem), (name, problem.text())
        # As wide as the field column (the name's box fills it), not the narrow field's width.
        column = page.editors["name"].width()  # type: ignore[attr-defined]
        assert problem.width() >= column - 2, (name, problem.width(), column)
    assert window.context is not None


@pytest.mark.parametrize("horizon", [5, 15, 30])
def test_the_years_under_the_review_charts_fit_on_any_plan(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, horizon: int
) -> None:
    """At 15 years every year under the charts read "202…", at 30 years "…": each label now
    has the room it needs, shortened ("27–28") or, on a long plan, every few years."""
    from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis, QChartView
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QTabWidget

    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1366, 768)
    context, library = window.context, window.library
    assert context is not None and library is not None
    update_proposal(library, context.proposal_id, {"horizon_years": horizon})
    context.recalculate_now()
    settle(qtbot, window)
    view = _view(window)
    view.show_step(STEP_KEYS.index("review"))
    page = view.page_for("review")
    page.findChildren(QTabWidget)[0].setCurrentIndex(1)  # Cash and funding
    qtbot.wait(100)
    charts = [c for c in page.findChildren(QChartView) if c.isVisible()]
    assert len(charts) == 2
    for chart_view in charts:
        chart = chart_view.chart()
        room = chart.plotArea().width() / horizon
        axes = chart.axes(Qt.Orientation.Horizontal)
        (years,) = [a for a in axes if isinstance(a, QBarCategoryAxis)]
        (every_few,) = [a for a in axes if isinstance(a, QCategoryAxis)]
        measure = QFontMetricsF(years.labelsFont()).horizontalAdvance
        if years.labelsVisible():
            shown = list(years.categories())
            assert len(shown) == horizon and not every_few.isVisible()
            assert max(measure(text) for text in shown) <= room, shown
            if horizon == 5:
                assert shown[0] == "2027–28"  # whole while there is room
        else:
            assert every_few.isVisible() and horizon > 5
            labels = list(every_few.categoriesLabels())
            places = [every_few.endValue(text) for text in labels]
            assert labels[0] == "27–28" and places[0] == 0
            gaps = [(b - a) * room for a, b in zip(places, places[1:], strict=False)]
            assert min(gaps) >= max(measure(text) for text in labels), (labels, room)


def test_two_metric_names_that_differ_at_the_end_stay_apart_when_cut(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """ "Students meeting the grade-level standard in reading" and "... in mathematics" both
    showed as "Students meeting the grade-level standard…" on Metrics and Links."""
    from PySide6.QtGui import QFontMetrics

    _window, page = _step_page(qtbot, open_window, library_path, "metrics", (1024, 640))
    (editor,) = page.findChildren(RowTableEditor)
    view = editor.view
    model = view.model()
    names = [str(model.index(row, 0).data()) for row in range(model.rowCount())]
    pair = [n for n in names if n.startswith("Students meeting the grade-level standard")]
    assert len(pair) == 2
    metrics = QFontMetrics(view.font())
    room = view.columnWidth(0) - 12  # the cell's margins
    shown = {metrics.elidedText(name, view.textElideMode(), room) for name in pair}
    assert all(metrics.horizontalAdvance(name) > room for name in pair)  # both are cut
    assert len(shown) == 2, shown


def test_home_shows_every_figure_whole_on_a_small_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024 pixels Home's columns ran past the window and the payback read "Not withi"."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1024, 640)
    window.show_home()
    view = window.home.view
    qtbot.waitUntil(lambda: str(view.model().index(0, 5).data()) not in ("", "…", "—"))
    qtbot.wait(50)
    model = view.model()
    last = model.columnCount() - 1
    assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()
    metrics = view.fontMetrics()
    for column in range(2, model.columnCount()):  # the figures, the payback, the last edit
        text = str(model.index(0, column).data())
        assert metrics.horizontalAdvance(text) + 8 <= view.columnWidth(column), (column, text)


def _review_at(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, width: int, height: int
) -> tuple[MainWindow, QWidget]:
    """The sample's Review step, its six tabs made, in a window of the given size."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(width, height)
    view = _view(window)
    view.show_step(STEP_KEYS.index("review"))
    page = view.page_for("review")
    qtbot.waitUntil(lambda: page.tabs.count() == 6, timeout=10_000)  # type: ignore[attr-defined]
    qtbot.wait(50)
    return window, page


def test_every_review_tab_is_in_sight_beside_the_summary_on_a_small_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×640 with the CFO summary shown, the last tab read "Rubric and al" and the rest
    hid behind scroll arrows."""
    window, page = _review_at(qtbot, open_window, library_path, 1024, 640)
    bar = page.tabs.tabBar()  # type: ignore[attr-defined]
    assert _view(window).summary.isVisible()
    last = bar.tabRect(bar.count() - 1)
    assert bar.tabRect(0).left() >= 0 and last.right() <= bar.width(), (last, bar.width())
    # Each tab wide enough for its whole name: none cut short to fit ("Rubric and al…").
    metrics = bar.fontMetrics()
    for tab in range(bar.count()):
        assert bar.tabRect(tab).width() > metrics.horizontalAdvance(bar.tabText(tab)), tab


def test_the_scenario_table_is_as_wide_and_tall_as_its_figures(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1366×768 the Review's scenario table left an empty strip to the right of its last
    column and an empty band under its last row; at 1024×640 it scrolls sideways instead."""
    window, page = _review_at(qtbot, open_window, library_path, 1366, 768)
    page.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
    qtbot.wait(50)
    table = page.scenario_table  # type: ignore[attr-defined]
    header = table.horizontalHeader()
    rows = header.height() + sum(table.rowHeight(row) for row in range(table.rowCount()))
    assert table.width() == header.length() + 2 * table.frameWidth()
    assert not table.horizontalScrollBar().isVisible()
    assert table.height() - rows <= 2 * table.frameWidth() + 4
    window.resize(1024, 640)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().isVisible(), timeout=5_000)
    scroll_bar = table.horizontalScrollBar().height()
    assert table.height() - rows >= scroll_bar  # the last row stays above the scroll bar


def test_a_window_made_wider_leaves_no_blank_band_under_the_funding_grid(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """Fitted at 1024 pixels, where the grid scrolls sideways, its pane kept the scroll bar's
    height as a grey band under "Gap (cost not funded)" once the window was made wider."""
    page = _funding_page(qtbot, open_window, library_path, 1024, 640)
    view = page.grid_view  # type: ignore[attr-defined]
    model = view.model()
    assert view.horizontalScrollBar().maximum() > 0  # the years scroll at this width
    page.window().resize(1920, 1080)

    def band() -> int:
        last = view.visualRect(model.index(model.rowCount() - 1, 0)).bottom()
        return view.viewport().height() - last

    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() == 0, timeout=5_000)
    qtbot.waitUntil(lambda: band() <= 4, timeout=5_000)


def test_a_shorter_sentence_under_the_funding_grid_leaves_no_blank_band(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The panes were fitted while the sentence under the grid said where funding fell short,
    over three lines; once the amounts covered every year it took two, and the line it gave up
    stayed as an empty band inside the grid under "Gap (cost not funded)"."""
    page = _funding_page(qtbot, open_window, library_path, 1100, 750)
    view = page.grid_view  # type: ignore[attr-defined]
    model = view.model()
    position = page.position  # type: ignore[attr-defined]
    context = page.context  # type: ignore[attr-defined]

    def band() -> int:
        last = view.visualRect(model.index(model.rowCount() - 1, 0)).bottom()
        return view.viewport().height() - last

    def settled(text: str) -> bool:
        return not context.busy and position.text() != text

    covered = position.text()
    lines = position.height()
    assert model.setData(model.index(0, 0), "0")  # year 1 left unfunded: a longer sentence
    qtbot.waitUntil(lambda: settled(covered), timeout=10_000)
    qtbot.waitUntil(lambda: position.height() > lines, timeout=5_000)
    short = position.text()
    qtbot.wait(50)
    context.undo_stack.undo()
    qtbot.waitUntil(lambda: settled(short), timeout=10_000)
    qtbot.waitUntil(lambda: position.height() == lines, timeout=5_000)
    qtbot.waitUntil(lambda: band() <= 4, timeout=5_000)


def test_a_source_added_keeps_the_grids_gap_row_in_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1366×768, after "Add funding source" the grid gained a row and its "Gap (cost not
    funded)" row slid under the pane's edge, while the list of sources kept empty space."""
    page = _funding_page(qtbot, open_window, library_path, 1366, 768)
    grid = page.grid_view  # type: ignore[attr-defined]
    model = grid.model()
    rows = model.rowCount()
    page.sources.add_button.click()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: model.rowCount() == rows + 1, timeout=5_000)
    qtbot.wait(50)
    gap = model.rowCount() - 1
    assert model.headerData(gap, Qt.Orientation.Vertical) == "Gap (cost not funded)"
    assert grid.visualRect(model.index(gap, 0)).bottom() <= grid.viewport().height()


def test_a_screen_smaller_than_the_minimum_window_gets_a_window_that_fits(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 1366×768 and 150% (911×512 for Qt) the minimum of 1024×560 put Next and the CFO
    summary off the screen."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from desktop.ui.app import app_settings

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 911, 482))
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    assert window.minimumWidth() <= 911 and window.minimumHeight() <= 482
    assert window.width() <= 911 and window.height() <= 482


def test_prose_columns_are_cut_at_the_end_and_names_in_the_middle(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """A goal's description read "Riversi…equity." and a source's notes "Illustrative: 60%
    disc… purchases and their …": prose cut in the middle loses its sense. Names, which differ
    at the end ("… in reading", "… in mathematics"), keep the middle cut."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from desktop.ui.table_model import SPEC_ROLE

    window = _shown_on_sample(qtbot, open_window, library_path)
    view = _view(window)
    view.show_step(STEP_KEYS.index("plans"))
    table = view.page_for("plans").table.view  # type: ignore[attr-defined]
    model = table.model()
    modes = {}
    for column in range(model.columnCount()):
        index = model.index(0, column)
        option = QStyleOptionViewItem()
        option.textElideMode = table.textElideMode()
        table.itemDelegateForIndex(index).initStyleOption(option, index)
        modes[index.data(SPEC_ROLE).name] = option.textElideMode
    assert modes["description"] == Qt.TextElideMode.ElideRight
    assert modes["title"] == Qt.TextElideMode.ElideMiddle


def test_the_cfo_summary_can_be_put_away_for_a_small_screen_and_stays_so(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024×640 the steps had about 550 pixels beside a 280-pixel summary: the Items and
    Risks tables showed two columns. View ▸ CFO summary puts it away, and a proposal opened
    later (or the app started again) keeps it away."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1024, 640)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    qtbot.wait(50)
    page = view.page_for("items")
    narrow = page.width()
    assert window.summary_action.isChecked() and view.summary.isVisible()
    window.summary_action.trigger()
    qtbot.wait(50)
    assert not view.summary.isVisible()
    assert page.width() >= narrow + 250  # the room went to the step
    assert window.context is not None
    window.open_proposal(window.context.proposal_id)
    assert window.view is not None and not window.view.summary.isVisible()
    again = MainWindow(window.settings)
    qtbot.addWidget(again)
    assert not again.summary_action.isChecked()
    window.summary_action.trigger()
    assert window.view.summary.isVisibleTo(window)


def test_a_table_sized_to_its_figures_follows_them_when_the_font_grows(qtbot: QtBot) -> None:
    """The scenario table's width was fixed when it was built: with a larger font its columns
    needed more room than the cap and a scroll bar showed on a wide window."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QVBoxLayout

    from desktop.ui.layouts import read_only_table

    holder = QWidget()
    qtbot.addWidget(holder)
    rows = [("Net present value", "−$241,224.62", "−$1,000,000.00", "$2,000,000.00")] * 3
    table = read_only_table(
        ["", "As proposed", "Lean", "Full"], rows, [""] * 4, stretch_first=False
    )
    QVBoxLayout(holder).addWidget(table)
    holder.resize(1400, 500)
    holder.show()
    qtbot.wait(20)
    narrow = table.width()
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    table.setFont(font)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() > narrow, timeout=2_000)
    qtbot.waitUntil(
        lambda: table.width() == header.length() + 2 * table.frameWidth(), timeout=2_000
    )
    assert table.horizontalScrollBar().maximum() == 0


def _whole(label: QLabel) -> bool:
    """A one-line label shows all its text (a wrapped one all its lines)."""
    if label.wordWrap():
        return not _clipped(label)
    return label.width() >= label.sizeHint().width()


def test_a_large_font_cuts_no_figure_in_the_summary_the_review_or_home(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: object
) -> None:
    """At 14 points the CFO summary kept its 280 pixels and cut "$4,116,108.0" and "Total cost
    of" (no "ownership"); the Review's four cards across cut every sum; Home kept its column
    widths and middle-elided money into other amounts ("$4,1…8.04")."""
    window, page = _review_at(qtbot, open_window, library_path, 1366, 768)
    for label, value in page.figure_values.items():  # type: ignore[attr-defined]
        assert _whole(value), (label, value.text())
    # The summary is beside the steps at 14 points once the window has room for both.
    window.resize(1600, 900)
    summary = _view(window).summary
    qtbot.waitUntil(summary.isVisible)
    qtbot.wait(50)
    for key, value in summary.values.items():
        assert _whole(value), (key, value.text())
        assert _whole(summary.labels[key]), summary.labels[key].text()

    window.show_home()
    view = window.home.view
    qtbot.waitUntil(lambda: str(view.model().index(0, 5).data()) not in ("", "…", "—"))
    qtbot.wait(50)
    metrics, heading = view.fontMetrics(), view.horizontalHeader().fontMetrics()
    for column in range(2, view.model().columnCount()):
        text = str(view.model().index(0, column).data())
        title = str(view.model().headerData(column, Qt.Orientation.Horizontal))
        assert metrics.horizontalAdvance(text) + 8 <= view.columnWidth(column), (column, text)
        assert heading.horizontalAdvance(title) <= view.columnWidth(column), title


def test_a_large_font_leaves_the_review_charts_room_for_their_axis_labels(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 16 points the charts kept 260 pixels: the title, legend and axes took them, and Qt
    cut the net position chart's every amount to "…"."""
    from PySide6.QtCharts import QChartView, QValueAxis
    from PySide6.QtWidgets import QApplication

    large_font.setPointSizeF(16)
    QApplication.setFont(large_font)
    _window, page = _review_at(qtbot, open_window, library_path, 1366, 768)
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    qtbot.wait(100)
    views = page.findChildren(QChartView)
    assert views
    line = QFontMetrics(large_font).lineSpacing()
    for view in views:
        for axis in view.chart().axes(Qt.Orientation.Vertical):
            if isinstance(axis, QValueAxis):
                room = view.chart().plotArea().height()
                assert room >= axis.tickCount() * line, (view.accessibleName(), room)


@pytest.mark.parametrize(("points", "width"), [(14, 1024), (14, 1366), (9, 1024)])
def test_no_chart_label_on_the_review_tabs_is_cut(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    large_font: QFont,
    points: int,
    width: int,
) -> None:
    """At 14 points the years under the cash chart read "2027–…" (Qt gives a label less than
    a year's width), and the risks beside their bars "Class time lost to devic…"."""
    from PySide6.QtCharts import QChartView
    from PySide6.QtWidgets import QApplication

    large_font.setPointSizeF(points)
    QApplication.setFont(large_font)
    _window, page = _review_at(qtbot, open_window, library_path, width, 768)
    TEXT_ITEM_TYPE = 8  # QGraphicsTextItem::Type, which PySide does not name
    tabs = page.tabs  # type: ignore[attr-defined]
    seen = 0
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(100)
        for view in tabs.currentWidget().findChildren(QChartView):
            # Qt's own text items come back as plain graphics items; as graphics objects they
            # are text items again.
            texts = [
                item.toGraphicsObject().toPlainText()
                for item in view.scene().items()
                if item.type() == TEXT_ITEM_TYPE and item.isVisible()
            ]
            seen += len(texts)
            cut = [text for text in texts if "\u2026" in text or "..." in text]
            assert not cut, (tabs.tabText(index), view.accessibleName(), cut)
    assert seen > 40


def test_a_large_font_leaves_the_list_of_funding_sources_two_rows(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points the list of sources was fitted before the page was laid out for good, and
    the notes under it, wrapped onto another line, left it one source in view."""
    page = _funding_page(qtbot, open_window, library_path, 1366, 768)
    table = page.sources.view  # type: ignore[attr-defined]
    second = table.visualRect(table.model().index(1, 0))
    assert second.bottom() <= table.viewport().height()


def test_the_items_buttons_keep_their_words_in_the_smallest_window(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """With "Typical items…" beside "Import…" (once "Import from spreadsheet…"), the row of
    buttons over the items cut both at 1024 × 640 ("from spreads", "ypical item")."""
    from PySide6.QtWidgets import QPushButton

    from desktop.services.editing import update_proposal

    window = _shown_on_sample(qtbot, open_window, library_path)
    assert window.context is not None
    # In Canadian dollars the summary beside the step is wider ("CAD 4,116,108.04").
    update_proposal(window.library, window.context.proposal_id, {"currency": "CAD"})
    window.context.notify_changed("proposal")
    summary = _view(window).summary
    qtbot.waitUntil(lambda: summary.value_text("tco").startswith("CAD"))
    window.resize(1024, 640)
    view = _view(window)
    view.show_step([step.key for step in STEPS].index("items"))
    qtbot.wait(50)
    table = view.page_for("items").table  # type: ignore[attr-defined]
    buttons = [
        table.buttons.itemAt(n).widget()
        for n in range(table.buttons.count())
        if isinstance(table.buttons.itemAt(n).widget(), QPushButton)
    ]
    assert [b.text().replace("&", "") for b in buttons] == [
        "Add item", "Duplicate", "Remove", "Import…", "Typical items…"
    ]  # fmt: skip
    for button in buttons:
        assert button.width() >= button.sizeHint().width(), button.text()
    assert table.filter_box.width() >= table.filter_box.minimumWidth()


def test_the_chosen_funding_source_keeps_its_whole_name_in_bold(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The grid's names were measured in plain type, and the chosen row's name, drawn bold, was
    cut ("State digital learning gr…")."""
    from desktop.services.editing import list_rows, update_rows

    window = _shown_on_sample(qtbot, open_window, library_path)
    assert window.context is not None
    sources = list_rows(window.library, window.context.proposal_id, "funding_source")
    update_rows(
        window.library,
        "funding_source",
        {
            int(row["id"]): {"name": f"State digital learning grant {n}"}
            for n, row in enumerate(sources)
        },
    )
    window.context.notify_changed("funding_source")
    page = _funding_page(qtbot, open_window, library_path, 1366, 768)
    view = page.grid_view  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: str(view.model().headerData(0, Qt.Orientation.Vertical)).startswith("State")
    )
    bold = QFont(view.verticalHeader().font())
    bold.setBold(True)
    name = str(view.model().headerData(0, Qt.Orientation.Vertical))
    assert view.verticalHeader().width() >= QFontMetrics(bold).horizontalAdvance(name) + 8


def test_funding_names_cut_to_fit_the_grid_still_tell_the_sources_apart(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """With the grid's names cut at their end, the sample's two E-Rate sources both read
    "E-Rate Category…" at 14 points: which row took which amounts could not be told."""
    page = _funding_page(qtbot, open_window, library_path, 1024, 640)
    view = page.grid_view  # type: ignore[attr-defined]
    header = view.verticalHeader()
    font = QFont(header.font())
    font.setPointSize(14)
    header.setFont(font)
    model = view.model()
    names = [str(model.headerData(row, Qt.Orientation.Vertical)) for row in range(model.rowCount())]
    erate = [name for name in names if name.startswith("E-Rate")]
    assert len(erate) == 2
    room = header.width() - 16
    shown = [QFontMetrics(font).elidedText(name, header.textElideMode(), room) for name in erate]
    assert all("…" in text for text in shown)  # cut, as at 14 points in that window
    assert shown[0][:8] == shown[1][:8]  # they start alike ...
    assert shown[0] != shown[1]  # ... and what shows of them still differs


def test_a_large_font_in_a_small_window_puts_the_summary_away_until_there_is_room(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points in a 1024×640 window the summary took 405 pixels and left the steps about
    360: the Items buttons read "dd ite" and "uplica", the funding grid showed one year. The
    summary now goes while the window is too narrow for both, and says so; it comes back in a
    wider window, and View ▸ CFO summary keeps the director's choice throughout."""
    from PySide6.QtWidgets import QPushButton

    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1024, 640)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    qtbot.waitUntil(lambda: not view.summary.isVisible())
    assert window.summary_action.isChecked()
    assert (
        "summary is hidden until the window is wide enough" in window.statusBar().currentMessage()
    )
    # The menu says why its ticked summary is not on screen, after the status line has gone.
    assert window.summary_action.text().endswith("(hidden: window too narrow)")
    page = view.page_for("items")
    qtbot.wait(100)  # laid out in the room the summary left
    for button in page.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: view.summary.isVisible())
    assert window.statusBar().currentMessage() == ""
    assert window.summary_action.text() == "CFO &summary beside the steps"
    window.summary_action.trigger()  # put away by choice: a wide window does not bring it back
    window.resize(1920, 1080)
    qtbot.wait(50)
    assert not view.summary.isVisible()


def test_a_large_font_on_a_laptop_shows_each_proposals_whole_name_on_home(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points in a 1366×768 window Home read "Riverside…2027–2031" and "Riversi…istrict":
    two proposals of one district would look the same. A long name now takes more lines (or
    has the room for one)."""
    from PySide6.QtCore import QRect

    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1366, 768)
    window.show_home()
    view = window.home.view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    qtbot.wait(50)
    metrics = view.fontMetrics()
    for column in (0, 1):
        text = str(view.model().index(0, column).data())
        width = view.columnWidth(column)
        if metrics.horizontalAdvance(text) + 8 <= width:
            continue  # whole on one line
        wrapped = metrics.boundingRect(
            QRect(0, 0, width - 8, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        assert wrapped.height() <= view.rowHeight(0), (text, wrapped, view.rowHeight(0))
    assert window.statusBar().currentMessage() == ""  # nothing of the summary Home lacks


def test_home_gives_the_proposals_name_the_larger_share_of_the_room(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """At 1024 pixels the name and the district split the room evenly, and the name, what
    tells proposals apart, was cut to "Riverside U…e 2027–2031". The district now takes no more
    than it needs, and at most two fifths of what the figures leave."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.show_home()
    view = window.home.view
    qtbot.waitUntil(lambda: view.model().rowCount() > 0)
    metrics = view.fontMetrics()
    district = str(view.model().index(0, 1).data())
    for width in (1024, 1920):
        window.resize(width, 700)
        qtbot.wait(50)
        name_width, district_width = view.columnWidth(0), view.columnWidth(1)
        figures = sum(view.columnWidth(c) for c in range(2, view.model().columnCount()))
        assert district_width <= 0.4 * (view.viewport().width() - figures) + 1
        assert name_width > district_width
        if width == 1920:  # room for both: the district whole, the name whole
            assert metrics.horizontalAdvance(district) < district_width
            name = str(view.model().index(0, 0).data())
            assert metrics.horizontalAdvance(name) < name_width


def test_the_summary_widened_by_its_figures_still_leaves_the_steps_their_room(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 12 points in a 1110×700 window the summary fitted when shown, then its figures came
    and widened it, and the steps were left 547 pixels: the check that puts it away had run
    before the figures did."""
    from PySide6.QtWidgets import QApplication

    from desktop.ui.proposal_view import STEPS_ROOM_CHARACTERS

    large_font.setPointSizeF(12)
    QApplication.setFont(large_font)
    window = open_window(library_path)
    window.resize(1110, 700)
    window.show()  # before the figures are in
    qtbot.waitExposed(window)
    settle(qtbot, window)
    qtbot.wait(200)
    view = _view(window)
    needed = STEPS_ROOM_CHARACTERS * view.fontMetrics().averageCharWidth()
    centre = view.splitter.widget(1)
    assert not view.summary.isVisible() or centre.width() >= needed - 12, centre.width()


def test_a_large_font_on_a_laptop_puts_the_summary_away_so_items_show_their_costs(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points in a 1366×768 window the summary stayed beside the steps, and Items showed
    its item, category and quantity columns cut short, no cost at all."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1366, 768)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    qtbot.wait(100)
    assert not view.summary.isVisible()
    table = view.page_for("items").table.view  # type: ignore[attr-defined]
    model = table.model()
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(6)]
    column = next(c for c, text in enumerate(headers) if text.startswith("One-time cost"))
    cost = table.visualRect(model.index(0, column))
    assert 0 < cost.right() <= table.viewport().width(), (cost, table.viewport().width())


def test_a_large_font_in_a_small_window_shows_two_scenarios_above_their_items(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 14 points in a 1024×640 window the list of scenarios had a third of a short pane,
    and under its buttons, heading and note it showed half of one scenario ("Lean" cut)."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1024, 640)
    view = _view(window)
    view.show_step(STEP_KEYS.index("items"))
    page = view.page_for("items")
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    qtbot.wait(100)
    editor = page.scenarios  # type: ignore[attr-defined]
    for table, rows in ((editor.scenarios.view, 2), (editor.items_view, 2)):
        visible = table.viewport().height()
        bottom = table.visualRect(table.model().index(rows - 1, 0)).bottom()
        assert 0 < bottom <= visible, (table.accessibleName(), bottom, visible)


def test_a_refused_funding_amount_leaves_the_gap_row_in_view(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The message under the year grid for a refused amount took the height of its last row:
    the gap went out of view just as the director needed it."""
    page = _funding_page(qtbot, open_window, library_path, 1024, 640)
    grid = page.grid_view  # type: ignore[attr-defined]
    model = grid.model()
    gap = model.rowCount() - 1
    assert not model.setData(model.index(0, 1), "12k")
    qtbot.waitUntil(lambda: page.problem.isVisible())  # type: ignore[attr-defined]
    assert "'12k' uses k, M or B" in page.problem.text()  # type: ignore[attr-defined]
    qtbot.wait(50)
    assert grid.visualRect(model.index(gap, 0)).bottom() <= grid.viewport().height()
    # In place of the funding sentence, which comes back with the amount put right.
    assert not page.position.isVisible()  # type: ignore[attr-defined]
    assert model.setData(model.index(0, 1), "552000")
    qtbot.waitUntil(lambda: page.position.isVisible())  # type: ignore[attr-defined]
    assert not page.problem.isVisible()  # type: ignore[attr-defined]


def test_the_step_list_keeps_one_width_through_steps_and_proposals(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """The step list was sized to the marks of the moment and gave way to a wide step: it
    measured 160, 178 or 190 pixels by step and proposal, and the form beside it jumped."""
    from desktop.services.proposals import create_proposal

    window = _shown_on_sample(qtbot, open_window, library_path)
    widths = set()
    for number in range(len(STEPS)):
        _view(window).show_step(number)
        qtbot.wait(20)
        widths.add(_view(window).navigator.width())
    assert window.library is not None
    window.open_proposal(create_proposal(window.library, "Blank"))
    qtbot.wait(100)
    for number in range(len(STEPS)):
        _view(window).show_step(number)
        qtbot.wait(20)
        widths.add(_view(window).navigator.width())
    assert len(widths) == 1, widths
    # Fixed, whatever marks a proposal's steps carry when its view is made.
    navigator = _view(window).navigator
    assert navigator.minimumWidth() == navigator.maximumWidth() == widths.pop()


def test_home_fits_a_small_screen_at_a_large_font_and_keeps_names_readable(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: object
) -> None:
    """At 14 points on a 1024-pixel screen, Home's buttons pushed its filter box past the
    window's edge (260 pixels wide whatever the font), and the figures left the proposal and
    district names a few pixels each ("R… U…")."""
    window = _shown_on_sample(qtbot, open_window, library_path)
    window.show_home()
    window.resize(1024, 600)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1024
    home = window.home
    toolbar = home.toolbar
    assert home.filter_box.geometry().right() <= toolbar.width()
    view = home.view
    least = view.fontMetrics().averageCharWidth() * 14
    qtbot.waitUntil(lambda: view.columnWidth(0) >= least and view.columnWidth(1) >= least)


def test_the_compare_dialog_grows_with_a_large_font_and_keeps_the_figures_names(
    qtbot: QtBot, library_path: Path, large_font: object
) -> None:
    """At 14 points the Compare dialog kept its usual 720 × 520 on a screen with room: the
    figures' names were squeezed to a word a line and cut mid-word ("Tota", "Plan yea")."""
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal, duplicate_proposal
    from desktop.ui.dialogs.compare import CompareDialog

    library = open_library(library_path)
    try:
        first = add_sample_proposal(library)
        name = "Riverside USD — 1:1 Infrastructure 2028–2032, second version for the board"
        later = duplicate_proposal(library, first, name)
        dialog = CompareDialog(library, later, name, [(first, "Riverside USD — 1:1 2027–2031")])
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        room = dialog.screen().availableGeometry()
        assert dialog.width() > 720 or dialog.width() >= room.width() - 48
        table = dialog.tabs.widget(0).widget()  # the Figures tab's table
        qtbot.wait(50)
        names = table.columnWidth(0)
        assert names >= table.fontMetrics().horizontalAdvance("Recurring costs on")
        # Each name wraps at word breaks, a few words a line, never inside a word.
        for row in range(table.rowCount()):
            label = table.item(row, 0).text()
            longest = max(label.split(), key=table.fontMetrics().horizontalAdvance)
            assert table.fontMetrics().horizontalAdvance(longest) < names, label
    finally:
        library.close()


def test_the_name_question_fits_the_name_and_keeps_it_whole(qtbot: QtBot) -> None:
    """Rename showed a 281-pixel name in a 178-pixel box; a limit on the box's length (which
    counts an emoji twice) cut a name that fits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLineEdit

    from desktop.ui.home import ask_text

    name = "Riverside USD — 1:1 Infrastructure 2027–2031, board version " + "\U0001f4bb" * 150
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        box = dialog.findChild(QLineEdit)
        seen["wide"] = box.width() >= min(box.fontMetrics().horizontalAdvance(name[:60]), 580)
        dialog.accept()

    QTimer.singleShot(50, look)
    text, accepted = ask_text(None, "Rename proposal", "New name:", text=name)  # type: ignore[arg-type]
    assert accepted and seen == {"wide": True}
    assert text == name  # whole, emoji and all


def test_a_large_font_keeps_the_compared_proposals_name_whole(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, large_font: QFont
) -> None:
    """At 16 points the Compare dialog cut "Compare “Riverside USD — 1:1…astruct": the years
    that tell two versions apart were lost to a width fixed in pixels."""
    from tests.ui.test_compare import _two_versions

    large_font.setPointSizeF(16)
    from PySide6.QtWidgets import QApplication

    QApplication.setFont(large_font)
    _first, later = _two_versions(library_path)
    window = open_window(library_path)
    window.show_home()
    window.home.select_id(later)
    dialog = window.home.compare_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(1300, 720)  # what it takes on a 1366 × 768 screen at this font
    qtbot.waitUntil(lambda: dialog.width() == 1300)
    assert dialog.chosen.text().endswith("2028–2032”")
    assert _whole(dialog.chosen), (dialog.chosen.width(), dialog.chosen.sizeHint().width())


def _widened_question(
    qtbot: QtBot, line: str, point_size: float | None = None
) -> tuple[QMessageBox, QLabel]:
    """The headcount question listing ``line`` four times, widened for 96 characters a line
    and shown (at ``point_size`` when given): the box and its list's label."""
    from desktop.ui.layouts import widen_message

    box = QMessageBox()
    qtbot.addWidget(box)
    if point_size is not None:
        font = QFont(box.font())
        font.setPointSizeF(point_size)
        box.setFont(font)
    box.setText("These figures are sized to the headcount before the change:")
    box.setInformativeText("\n".join([line] * 4))
    widen_message(box, 96)
    box.show()
    qtbot.waitExposed(box)
    label = box.findChild(QLabel, "qt_msgbox_informativelabel")
    assert label is not None
    return box, label


def test_a_widened_question_still_fits_its_box_at_a_large_font(qtbot: QtBot) -> None:
    """The headcount question asked its list for 96 characters a line: at 14 pt on a
    1280-pixel screen that was wider than Qt lets a message box grow, and the new figures at
    the lines' ends were cut off."""
    line = "• “Teacher professional learning days” in the scenario “Lean”: 280 → 300 (teachers)"
    box, label = _widened_question(qtbot, line, point_size=14)
    assert label.geometry().right() <= box.contentsRect().right()
    assert label.minimumWidth() > 0


def test_a_widened_question_reads_its_lines_whole_on_a_small_screen(qtbot: QtBot) -> None:
    """On a screen 1,024 pixels wide or less (a laptop at 125% or more) the headcount question
    kept to the cap Qt sets only for larger screens: 400 pixels wide, every figure broken over
    two lines and the box very tall."""
    line = "• “Accidental damage beyond warranty”: number exposed 4,200 → 4,500 (students)"
    box, label = _widened_question(qtbot, line)
    screen = box.screen().availableGeometry().width()
    assert screen <= 1024  # the test platform's screen is a small one
    assert label.width() >= label.fontMetrics().horizontalAdvance(line)
    assert box.width() < screen
    assert label.geometry().right() <= box.contentsRect().right()


def test_the_export_step_shows_what_is_still_to_do_whole_when_there_is_room(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path
) -> None:
    """On a proposal from the template, the Export step listed the steps still to do in a
    pane sized while the page was hidden, its text measured before the page had its fonts:
    the warnings stopped mid-sentence and the last format was hidden, above a blank stretch
    under the button."""
    from desktop.services.proposals import create_from_template

    window = _shown_on_sample(qtbot, open_window, library_path)
    window.resize(1280, 800)
    assert window.library is not None
    window.open_proposal(create_from_template(window.library, "Lakeview 1:1"))
    settle(qtbot, window)
    view = _view(window)
    for step in range(len(STEPS)):  # as a director clicks through
        view.show_step(step)
        settle(qtbot, window)
    qtbot.wait(50)
    page = view.page_for("export")
    still = page.still_to_do  # type: ignore[attr-defined]
    assert still.isVisible() and still.text().count("⚠") >= 3
    area = page._area  # type: ignore[attr-defined]
    button = page.export_button  # type: ignore[attr-defined]
    room_below = page.height() - button.mapTo(page, QPoint(0, button.height())).y()
    assert room_below > 100
    # The page has room to spare, so nothing of the choices is scrolled out of sight.
    assert area.verticalScrollBar().maximum() == 0, (room_below, area.height())
    assert not _clipped(still)
    last = page.buttons["shareable"]  # type: ignore[attr-defined]
    bottom = last.mapTo(area.viewport(), QPoint(0, last.height())).y()
    assert bottom <= area.viewport().height()


@pytest.mark.parametrize("screen", [(1366, 728), (1280, 680)])
def test_about_gives_the_notices_room_at_a_large_font_and_fits_the_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, large_font: object, screen: tuple[int, int]
) -> None:
    """At 14 points About kept its 560 × 520: the wrapped description took the room and the
    notices showed four lines at a time, on a laptop screen with room to spare."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from desktop.ui.about import AboutDialog

    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, *screen))
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    view = dialog.notices_view
    assert view.viewport().height() >= 12 * view.fontMetrics().lineSpacing()
    # With its title bar and frame, it still fits the screen's free area.
    assert dialog.width() + 16 <= screen[0] and dialog.height() + 40 <= screen[1]
