"""Layouts and read-only widgets several pages repeat: parts stacked edge to edge, two panes in a
splitter, a scrolling tab, a table of text for reading, a hint in quiet text, and a panel of
figures the keyboard can reach."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.finance.money import format_count
from desktop.ui.theme import focus_outline_colour, link_colour, quiet_text_colour
from desktop.wording import clip, match_key


def stack(host: QWidget, *parts: QWidget | QLayout, stretch: QWidget | None = None) -> QVBoxLayout:
    """Lay ``parts`` top to bottom on ``host`` with no margin; ``stretch`` takes the spare room."""
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is stretch else 0)
    return layout


def split(
    page: QWidget,
    orientation: Qt.Orientation,
    first: QWidget,
    second: QWidget,
    sizes: tuple[int, int],
) -> QSplitter:
    """Fill ``page`` with a splitter holding ``first`` and ``second`` at ``sizes``."""
    splitter = QSplitter(orientation, page)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setSizes(list(sizes))
    stack(page, splitter)
    return splitter


class _ReadingTable(QTableWidget):
    """A table of text for reading, as tall as its rows and, with ``fit_width``, no wider
    than its columns; both followed again when a larger font or a longer figure changes them.
    The sizing is done by methods of the table, so that Qt drops the connections when the
    table goes (a closure would be called by a header already deleted)."""

    def __init__(self, rows: int, columns: int, *, fit_width: bool) -> None:
        super().__init__(rows, columns)
        self._fits_width = fit_width

    def follow_contents(self) -> None:
        header = self.horizontalHeader()
        self._fit()
        self.horizontalScrollBar().rangeChanged.connect(self._fit)
        # The header's length is brought up to date only once all its sections are resized, as
        # it tells its geometry changed.
        header.sectionResized.connect(self._fit)
        header.geometriesChanged.connect(self._fit)
        self.verticalHeader().sectionResized.connect(self._fit)

    def _fit(self, *_changed: int) -> None:
        header, bar = self.horizontalHeader(), self.horizontalScrollBar()
        if self._fits_width:
            self.setMaximumWidth(header.length() + 2 * self.frameWidth())
        # Room for the horizontal scroll bar only when it shows: no empty band under the last
        # row on a wide window.
        height = header.sizeHint().height() + 4 + self.verticalHeader().length()
        self.setFixedHeight(height + (bar.sizeHint().height() if bar.maximum() > 0 else 0))


class WordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows where any column shows the typed text, compared as names are (see
    ``match_key``): a name imported decomposed ("e" + an accent) was not found by "école"
    typed composed, though the duplicate checks and Compare took them for one."""

    # Between two cells' texts in a row's cached text: never typed, so no match spans two cells.
    _BETWEEN = "\x1f"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wanted = ""
        # Each source row's cells as the filter compares them, kept across keystrokes: read
        # afresh, a 10,000-row table took half a second a letter. Dropped when rows change.
        self._texts: dict[int, str] = {}

    def setSourceModel(self, source: QAbstractItemModel) -> None:  # noqa: N802 - Qt's name
        old = self.sourceModel()
        if old is not None:
            old.dataChanged.disconnect(self._forget_rows)
            for signal in self._changes(old):
                signal.disconnect(self._forget)
        self._texts.clear()
        if source is not None:
            # Connected before the proxy's own handlers, which filter the rows inserted or
            # changed: they must read the new texts, not the ones kept from before. An edited
            # cell drops its own row's text only: the next letter typed does not read the
            # whole table again.
            source.dataChanged.connect(self._forget_rows)
            for signal in self._changes(source):
                signal.connect(self._forget)
        super().setSourceModel(source)

    @staticmethod
    def _changes(source: QAbstractItemModel) -> tuple[Any, ...]:
        return (
            source.rowsInserted,
            source.rowsRemoved,
            source.rowsMoved,
            source.modelReset,
            source.layoutChanged,
            source.columnsInserted,
            source.columnsRemoved,
        )

    def _forget(self, *_changed: object) -> None:
        self._texts.clear()

    def _forget_rows(
        self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object
    ) -> None:
        if top_left.parent().isValid():
            return  # only top-level rows are kept
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._texts.pop(row, None)

    def filter_by(self, typed: str) -> None:
        self.beginFilterChange()
        self._wanted = match_key(typed)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(  # noqa: N802 - Qt's name
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        wanted = self._wanted
        source = self.sourceModel()
        if not wanted or source is None:
            return True
        if source_parent.isValid():  # a tree's child rows: not cached by their row alone
            return wanted in self._row_text(source, source_row, source_parent)
        text = self._texts.get(source_row)
        if text is None:
            text = self._texts[source_row] = self._row_text(source, source_row, source_parent)
        return wanted in text

    def _row_text(
        self,
        source: QAbstractItemModel,
        row: int,
        parent: QModelIndex | QPersistentModelIndex,
    ) -> str:
        role = self.filterRole()
        shown = (
            source.index(row, column, parent).data(role)
            for column in range(source.columnCount(parent))
        )
        return self._BETWEEN.join(match_key(str(text)) for text in shown if text is not None)


class FilteredOutNote(QLabel):
    """Said above a list while its filter hides every row, with a link that clears it: a
    filter typed and forgotten left an empty list with no word, as if the rows were gone."""

    def __init__(
        self,
        filter_box: QLineEdit,
        proxy: QSortFilterProxyModel,
        names: tuple[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.filter_box, self.proxy, self.names = filter_box, proxy, names
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        # Reached with Tab and followed with Return, not by mouse alone.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.setAccessibleDescription(f"No {names[1]} shown")
        self.linkActivated.connect(lambda _link: filter_box.clear())
        self.hide()
        for signal in (
            filter_box.textChanged,
            proxy.rowsInserted,
            proxy.rowsRemoved,
            proxy.modelReset,
            proxy.layoutChanged,
        ):
            signal.connect(self.follow)
        source = proxy.sourceModel()
        if source is not None:
            # A row put in or taken out that the filter hides changes the count said, not the
            # rows shown.
            source.rowsInserted.connect(self.follow)
            source.rowsRemoved.connect(self.follow)

    def follow(self, *_changed: object) -> None:
        typed = self.filter_box.text()
        source = self.proxy.sourceModel()
        total = source.rowCount() if source is not None else 0
        hidden = bool(typed) and self.proxy.rowCount() == 0 and total > 0
        was_shown = not self.isHidden()
        if hidden:
            singular, plural = self.names
            colour = link_colour(self.palette()).name()  # readable on a dark theme too
            said = f"No {plural} contain \u201c{clip(typed, 40)}\u201d."
            rest = f"to see {format_count(total, singular, plural)}."
            self.setText(
                f"{html.escape(said)} <a href='clear' style='color: {colour}'>Clear the "
                f"filter</a> {rest}"
            )
        self.setVisible(hidden)
        if hidden and not was_shown:
            # The table going blank says nothing to a screen reader.
            announce(self, f"{said} Clear the filter {rest}")


# Pixels a line takes at a system's usual font (14 on Linux, about 16 on Windows and macOS):
# a dialog grows only past that.
USUAL_LINE_SPACING = 16
FRAME_ALLOWANCE = 48  # pixels of title bar and frame the free area must also hold


def size_to_font(dialog: QWidget, width: int, height: int) -> None:
    """Size ``dialog`` ``width`` × ``height`` at the usual font, in proportion at a larger one,
    never more than its screen's free area."""
    scale = max(1.0, dialog.fontMetrics().lineSpacing() / USUAL_LINE_SPACING)
    wide, tall = round(width * scale), round(height * scale)
    screen = dialog.screen()
    if screen is not None:
        room = screen.availableGeometry()
        wide = min(wide, room.width() - FRAME_ALLOWANCE)
        tall = min(tall, room.height() - FRAME_ALLOWANCE)
    dialog.resize(wide, tall)


# The share of the window a reading dialog opens over that it takes: most of it, the window's
# edges still showing around it so it reads as a dialog over it.
WINDOW_SHARE = 0.9
# The most it takes at the usual font (in proportion at a larger one): over a window filling a
# large screen, its figures would stand a long way from their names.
READING_MOST = (1440, 960)


def size_to_window(dialog: QWidget, width: int, height: int) -> None:
    """Size ``dialog`` to most of the window it opens over (of its screen's free area when it
    has none), never less than ``width`` × ``height`` in proportion to the font
    (``size_to_font``) nor more than the free area: a dialog for reading side by side (Compare
    at 760 × 560 on a 1366 × 768 screen stacked its changes eight lines to a row)."""
    size_to_font(dialog, width, height)
    screen = dialog.screen()
    if screen is None:
        return
    room = screen.availableGeometry()
    parent = dialog.parentWidget()
    over = parent.window().frameGeometry() if parent is not None else room
    scale = max(1.0, dialog.fontMetrics().lineSpacing() / USUAL_LINE_SPACING)
    sizes = []
    for least, share, most, free in (
        (dialog.width(), over.width(), READING_MOST[0], room.width()),
        (dialog.height(), over.height(), READING_MOST[1], room.height()),
    ):
        wanted = min(round(share * WINDOW_SHARE), round(most * scale))
        sizes.append(min(max(least, wanted), free - FRAME_ALLOWANCE))
    dialog.resize(*sizes)


def read_only_table(
    headers: list[str],
    rows: Sequence[tuple[str, ...]],
    tips: list[str],
    *,
    stretch_first: bool = True,
) -> QTableWidget:
    """A table of text for reading: the first column left, figures right-aligned, as tall as
    its rows so the page, not the table, scrolls. With ``stretch_first`` the first column takes
    the room left; without, names are kept whole, each column is as wide as its figures and the
    table no wider than they are (no empty strip beside them), and a narrow window scrolls it."""
    table = _ReadingTable(len(rows), len(headers), fit_width=not stretch_first)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move between cells
    table.setHorizontalHeaderLabels(headers)
    for column, tip in enumerate(tips):
        title = table.horizontalHeaderItem(column)
        if title is not None:
            title.setToolTip(tip)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if column > 0:  # figures right-aligned so the digits line up
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, cell)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch_first:
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    else:
        table.resizeColumnsToContents()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    table.follow_contents()
    return table


def emptied(tabs: QTabWidget) -> int:
    """Take every page out of ``tabs`` (deleted later) to fill them anew; returns the index of
    the tab that was open, for the new pages to open the same one."""
    current = tabs.currentIndex()
    while tabs.count():
        page = tabs.widget(0)
        tabs.removeTab(0)
        if page is not None:
            page.deleteLater()
    return current


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area, for a tab taller than the window."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Not a Tab stop of its own: Tab goes from the tab bar straight to what the tab holds.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(content)
    return area


# On event types: a handler that sees every event tests the event's class before its type().
# The bindings make a Python enum of each type() read, for every event, Qt's internal ones too;
# the app once stopped with "deallocating None" (a reference miscounted in the bindings) inside
# that read, in a filter on a list's viewport, which sees a great many events. Found by class
# (QKeyEvent, QResizeEvent), type() is read only for the few events a handler is about.


class TabPageKeys(QObject):
    """Page Up and Page Down, and the Up and Down arrows, on a tab bar scroll the open tab's
    ``scrolled`` area: a tab of cards and charts has nothing that takes focus, so without this
    its lower part could not be reached from the keyboard (the bar keeps Left and Right)."""

    _STEPS = {
        Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
        Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
        Qt.Key.Key_Down: QAbstractSlider.SliderAction.SliderSingleStepAdd,
        Qt.Key.Key_Up: QAbstractSlider.SliderAction.SliderSingleStepSub,
    }

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        tabs.tabBar().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False  # the class first (see the note on event types above)
        action = self._STEPS.get(Qt.Key(event.key()))
        page = self.tabs.currentWidget()
        if action is None or not isinstance(page, QScrollArea):
            return False
        page.verticalScrollBar().triggerAction(action)
        return True


def _outline(surface: QWidget, owner: QWidget) -> None:
    """An outline in the highlight colour around ``surface``, that shows the keyboard is on
    ``owner``."""
    # Imported here: the summary is painted at start-up, without the focus, and these classes'
    # enum types cost a few milliseconds to build.
    from PySide6.QtGui import QPainter, QPen

    painter = QPainter(surface)
    pen = QPen(focus_outline_colour(owner.palette()))
    pen.setWidth(2)
    painter.setPen(pen)
    painter.drawRect(surface.rect().adjusted(1, 1, -1, -1))
    painter.end()


class FocusOutlined:
    """For a scroll area: a list, a table, a box of text, a chart (before its Qt class among
    the bases). An outline in the highlight colour while the keyboard is on it: a list's own
    sign of focus is a pale tint on the current cell, measured 1.1:1 against white, and a box
    of several lines had only its one-pixel caret. A plain mixin: the Qt bindings take one Qt
    base."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        view = cast(QAbstractScrollArea, self)
        super().paintEvent(event)  # type: ignore[misc]
        if view.hasFocus():
            _outline(view.viewport(), view)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)  # type: ignore[misc]
        cast(QAbstractScrollArea, self).viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)  # type: ignore[misc]
        cast(QAbstractScrollArea, self).viewport().update()  # the outline goes

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt's name
        super().scrollContentsBy(dx, dy)  # type: ignore[misc]
        view = cast(QAbstractScrollArea, self)
        if view.hasFocus():
            # Scrolling moves the pixels drawn, the outline's with them: its edges were left as
            # lines across the rows or the text, and its top edge gone.
            view.viewport().update()


class CopiesItsText:
    """For a widget read from its accessible name and description (before its Qt class among
    the bases): Ctrl+C copies ``copy_text()``, those two unless a subclass says otherwise."""

    def copy_text(self) -> str:
        widget = cast(QWidget, self)
        return "\n".join(
            part for part in (widget.accessibleName(), widget.accessibleDescription()) if part
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            QApplication.clipboard().setText(self.copy_text())
            event.accept()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class ReadableFrame(CopiesItsText, QFrame):
    """A framed panel of figures that is one stop of the Tab order: a screen reader reads it
    from its accessible name and description, Ctrl+C copies ``copy_text()`` (its name unless a
    subclass says otherwise), and an outline in the highlight colour shows the keyboard is on
    it, which a frame has no other way to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def describe_contents(self) -> None:
        """Make the text of the labels inside the description (rich text as plain), so that
        what the panel holds is read aloud, and copied, without reaching each label."""
        from PySide6.QtGui import QTextDocumentFragment

        texts = []
        for label in self.findChildren(QLabel):
            text = label.text()
            if label.textFormat() != Qt.TextFormat.PlainText and "<" in text:
                text = QTextDocumentFragment.fromHtml(text).toPlainText()
            texts.append(text.strip())
        self.setAccessibleDescription("\n".join(text for text in texts if text))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.hasFocus():
            _outline(self, self)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.update()


class Hint(QLabel):
    """A word-wrapped line of guidance in quiet text that stays readable: its colour follows the
    theme (``theme.quiet_text_colour``), light or dark, also when the system switches."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._tint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()

    def _tint(self) -> None:
        style = f"color: {quiet_text_colour(QApplication.palette()).name()};"
        if self.styleSheet() != style:
            self.setStyleSheet(style)


class ElidedLabel(QLabel):
    """One line of plain text that ends in "…" where it does not fit, never cut mid-word, with
    the whole text in its tooltip then. ``text()`` is always the whole text."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._whole = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        # It may be narrower than its text: the layout gives it what is left, it elides.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fit()

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._whole = text
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def shown_text(self) -> str:
        """What is on screen: the text, shortened with "…" to the label's width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, width)

    def _fit(self) -> None:
        shown = self.shown_text()
        if super().text() != shown:
            super().setText(shown)
        self.setToolTip(self._whole if shown != self._whole else "")


class ProblemLabel(QLabel):
    """Why the last value typed or pasted was refused (or, for one saved, what it may not have
    meant): a wrapped line that shows only while there is something to say (an empty one would
    cost a table a row on a small screen).

    The reason is also the accessible description of the field it is ``about`` while it stands,
    and is announced as an alert: focus has usually moved on by then, and a screen reader
    would otherwise never say that the value was not saved."""

    refusal = Signal(str)  # the reason refused, or "" once none stands

    def __init__(
        self,
        purpose: str,
        parent: QWidget | None = None,
        *,
        about: QWidget | None = None,
        typed: bool = True,
        keep_notes: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        # A table's note about one cell stands while other cells are saved (``note``).
        self.keep_notes = keep_notes
        # A label's accessible name would be read in place of its text: the reason itself is
        # what a screen reader must say, the purpose after it.
        self.setAccessibleDescription(purpose)
        self.about = about
        # What was refused while it stands, when it was typed (and is still on screen, to be
        # put right): leaving the proposal would drop it. A refused logo file leaves nothing.
        self.typed = typed
        self.refused = ""
        self._noted = False  # a note about a saved value is shown (not a refusal)
        self._description = about.accessibleDescription() if about is not None else ""
        self.hide()

    def report(self, message: str) -> None:
        """Show ``message`` as not saved, or hide the line when it is empty (a note standing
        about a saved value stays: see ``note``). ``refusal`` tells when a refusal comes to
        stand or stops standing (the header's save state follows)."""
        if not message and self._noted and self.keep_notes and not self.refused:
            return  # another value saved: the note about this one still holds
        self._noted = False
        stood = not self.isHidden()
        self._show(f"⚠ Not saved — {message}" if message else "")
        self.refused = message
        if stood or message:
            self.refusal.emit(message)

    def report_block(self, message: str) -> None:
        """Show why a paste or a clearing was refused as a whole (or hide the line when
        ``message`` is empty). Nothing typed stays on screen to put right, so the header goes
        back to its saved state: a refused paste read "Not saved" until the proposal closed,
        and closing asked for a correction there was nothing to make."""
        self._noted = False
        stood = not self.isHidden()
        self._show(f"\u26a0 {message}" if message else "")
        self.refused = ""
        if stood or message:
            self.refusal.emit("")

    def note(self, message: str) -> None:
        """Show ``message`` about a value that was saved (what it may not have meant), or hide
        the line when it is empty. It stands through other edits until ``note`` is called
        again or a refusal takes its place."""
        self._show(message)
        self.refused = ""
        self._noted = bool(message)

    def _show(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        if self.about is not None:
            self.about.setAccessibleDescription(
                " ".join(part for part in (text, self._description) if part)
            )
        if text:
            from PySide6.QtGui import QAccessible, QAccessibleEvent

            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))


class TextBox(FocusOutlined, QPlainTextEdit):
    """Text that wraps over several lines, saved when focus leaves the box; Tab moves on to the
    next field, as in a form. ``one_paragraph``: Enter saves too, instead of starting a line
    the field would join up again. ``lines``: the box is that many lines high."""

    finished = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, lines: int = 0, one_paragraph: bool = False
    ) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._one_paragraph = one_paragraph
        if lines:
            margins = 2 * (self.document().documentMargin() + self.frameWidth())
            self.setFixedHeight(int(self.fontMetrics().lineSpacing() * lines + margins) + 2)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - as QLineEdit names it
        if self.toPlainText() != text:
            self.setPlainText(text)  # its start in view, and the cursor there

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if self._one_paragraph and enter:
            event.accept()
            self.finished.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)  # the outline goes (``FocusOutlined``)
        self.finished.emit()


class OutlinedTable(FocusOutlined, QTableView):
    """A ``QTableView`` outlined while it has the keyboard focus."""


class OutlinedList(FocusOutlined, QListWidget):
    """A ``QListWidget`` outlined while it has the keyboard focus."""


class OutlinedTableWidget(FocusOutlined, QTableWidget):
    """A ``QTableWidget`` outlined while it has the keyboard focus."""


def widen_message(box: QMessageBox, characters: int) -> None:
    """Give a message box's longer text about ``characters`` a line (Qt's narrow default broke
    each listed figure over two lines), but never more than the box may grow to: Qt caps it at
    the screen's width less 480 pixels (1,000 at most), and a wider text was cut at its edge,
    the new figures lost, at a large font on a 1280-pixel screen. On a screen 1,024 pixels
    wide or less Qt lets the box span the screen: there it is kept a little inside it (that
    cap, taken for every screen, left such a box 400 pixels wide, every line wrapped)."""
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is None:
        return
    wanted = characters * box.fontMetrics().averageCharWidth()
    screen = box.screen()
    if screen is not None:
        width = screen.availableGeometry().width()
        # The box's own cap, less its icon and margins.
        cap = width - 80 if width <= 1024 else min(width - 480, 1000)
        wanted = min(wanted, cap - 140)
    informative.setMinimumWidth(max(wanted, 0))


def show_status(window: QMainWindow, message: str, timeout_ms: int) -> None:
    """Show ``message`` in ``window``'s status bar for ``timeout_ms``: cut to the bar's width
    with "…" (the bar itself cut a long message off mid-word, with no sign that more was
    said), the whole of it in the bar's tooltip."""
    bar = window.statusBar()
    # The bar spans the window, which is laid out when the bar may not be yet.
    room = max(window.width() - 40, 200)
    shown = bar.fontMetrics().elidedText(message, Qt.TextElideMode.ElideRight, room)
    bar.setToolTip(message if shown != message else "")
    if not bar.property("clears_its_tip"):
        # The whole message's tooltip goes with the message (timed out, or cleared).
        bar.messageChanged.connect(lambda text, bar=bar: None if text else bar.setToolTip(""))
        bar.setProperty("clears_its_tip", True)
    bar.showMessage(shown, timeout_ms)
    # Said by the action now running: an edit it saves next must not take it away
    # (``clear_stale_status``).
    bar.setProperty("said_now", True)
    QTimer.singleShot(0, bar, lambda bar=bar: bar.setProperty("said_now", False))
    announce(bar, message)


def clear_stale_status(window: QMainWindow) -> None:
    """Take away the status bar's message, unless the action now running said it: an edit
    with nothing to say left an earlier edit's "Cleared the template's note on …" standing
    for its seconds, as if this edit had cleared a note too."""
    bar = window.statusBar()
    if bar.currentMessage() and not bar.property("said_now"):
        bar.clearMessage()


def announce(widget: QWidget, message: str) -> None:
    """Have a screen reader say ``message`` now, as it comes from ``widget``: a status bar's
    message or a bar shown beside a list raises no event of its own, so the result of a
    delete, an undo or a restore went unsaid."""
    if not message or not widget.isVisible():
        return
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))
