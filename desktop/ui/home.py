"""The home screen: the library's proposals with their key figures, a filter, and New, Open,
Rename, Duplicate and Delete (with an Undo bar right after a deletion).

The list appears at once without figures; TCO, NPV and payback are computed on a worker thread
and filled in as they arrive, so a library with a very large proposal still opens instantly. When
the app goes straight into a proposal the list is not read at all until the home screen is shown
(``stale``): every proposal's figures would be worked out for nobody to see.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.home_columns import HomeColumns
from desktop.ui.home_empty import EmptyProposals
from desktop.ui.home_list import (  # noqa: F401 - the list's names stay importable from here
    HEADERS,
    NUMERIC_COLUMNS,
    FigureRelay,
    FiguresTask,
    Index,
    ProposalListModel,
    when_text,
)
from desktop.ui.layouts import (
    FilteredOutNote,
    OutlinedTable,
    WordFilterProxy,
    announce,
    clear_stale_status,
)
from desktop.vocabulary import TEMPLATE_PROPOSAL_NAME
from desktop.wording import left_to_right, quoted, undo_text

if TYPE_CHECKING:  # the database layer loads after the window is up (start-up time)
    from desktop.services.library import Library
    from desktop.services.proposal_removal import DeletedProposal
    from desktop.services.proposals import ProposalListing
    from desktop.ui.dialogs.compare import CompareDialog


def _proposals() -> ModuleType:
    from desktop.services import proposals

    return proposals


def ask_text(parent: QWidget, title: str, label: str, *, text: str) -> tuple[str, bool]:
    """Ask for a line of text, as ``QInputDialog.getText`` does, in a box wide enough for the
    text it starts with (a 280-pixel name sat in a 178-pixel box). The length is left to the
    refusal that says it: a box's limit counts an emoji twice, and cut a name that fits."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    box = dialog.findChild(QLineEdit)
    if box is not None:
        wanted = box.fontMetrics().horizontalAdvance(text) + 48
        dialog.resize(max(dialog.sizeHint().width(), min(wanted, 640)), dialog.sizeHint().height())
    try:
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        return dialog.textValue(), accepted
    finally:
        dialog.deleteLater()


COMPARE_TIP = "What changed between the selected proposal and another: figures, items, funding"


T = TypeVar("T")


class HomeScreen(QWidget):
    open_requested = Signal(int)
    status_message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library: Library | None = None
        self.model = ProposalListModel(self)
        self.proxy = WordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        # Deletes, so Edit > Undo (Ctrl+Z) brings a proposal back as the "Undo delete" button
        # does; the window makes it the active stack while Home is shown.
        self.undo_stack = QUndoStack(self)
        self.restored_id: int | None = None  # the proposal the last undone delete brought back
        self.stale = False  # the list no longer shows the library: refresh before showing it
        self._generation = 0
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = FigureRelay(self)
        self._relay.computed.connect(self._on_figures)
        # Its own, so a copy never waits behind the figures being worked out.
        self._copy_pool = QThreadPool(self)
        self._copy_pool.setMaxThreadCount(1)
        # The figures Compare worked out, by proposal, for the next Compare while the list
        # shows the library as it was then (read again after any change, and emptied then).
        self._compared: dict[int, Any] = {}

        heading = QLabel("Your proposals")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        self.intro = QLabel(
            "Open a proposal to work on it, or start a new one — blank, or from the 1:1 template "
            "with typical items and illustrative figures."
        )
        self.intro.setWordWrap(True)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by name or district…")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setAccessibleName("Filter proposals")
        # In characters, not pixels: 260 pixels at 14 pt pushed Home past a 1024-pixel screen.
        character = self.filter_box.fontMetrics().averageCharWidth()
        self.filter_box.setMinimumWidth(character * 18)
        self.filter_box.setMaximumWidth(character * 32)  # room for its words when there is
        self.filter_box.textChanged.connect(self.proxy.filter_by)
        self.filtered_out = FilteredOutNote(self.filter_box, self.proxy, ("proposal", "proposals"))

        self.view = OutlinedTable()
        self.view.setTabKeyNavigation(False)  # Tab reaches the buttons; arrows move in the list
        self.view.setModel(self.proxy)
        self.view.setAccessibleName("Proposals")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        # A to Z by name (the header's own default would be Z to A).
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # A name or district too long for its column takes more lines, the row growing to
        # hold it, rather than "Riverside…2027–2031": two proposals of one district read alike.
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The name gets its room first, the figures theirs as they read (see home_columns).
        self.columns = HomeColumns(self.view, self.model)
        self.columns.measure()
        self.view.viewport().installEventFilter(self)
        self.model.dataChanged.connect(self.columns.on_data_changed)
        for changed in (self.model.modelReset, self.model.rowsInserted):
            changed.connect(lambda *_: self._fit_columns())
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.activated.connect(lambda _index: self.open_selected())
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        # Each with its Alt key, as the steps' buttons have (the menus hold F, E, V, G and H).
        self.new_button = QPushButton("&New proposal")  # the style draws the menu arrow
        new_menu = QMenu(self.new_button)
        new_menu.addAction("&Blank proposal…", self.new_blank)
        new_menu.addAction("From the 1:1 &template", self.new_from_template)
        self.new_button.setMenu(new_menu)
        self.open_button = QPushButton("&Open")
        self.rename_button = QPushButton("&Rename…")
        self.duplicate_button = QPushButton("D&uplicate…")
        self.delete_button = QPushButton("&Delete…")
        self.compare_button = QPushButton("Co&mpare…")
        self.compare_button.clicked.connect(self.compare_selected)
        self.open_button.clicked.connect(self.open_selected)
        self.rename_button.clicked.connect(self.rename_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        # The same commands from the list itself, for the keyboard: F2 renames, Delete deletes
        # (both ask first, as the buttons do); Return opens (``activated``).
        for button, key, command, tip in (
            (self.rename_button, QKeySequence(Qt.Key.Key_F2), self.rename_selected,
             "Rename the selected proposal (F2 in the list)"),
            (self.delete_button, QKeySequence(QKeySequence.StandardKey.Delete),
             self.delete_selected, "Delete the selected proposal (Delete in the list)"),
        ):  # fmt: skip
            action = QAction(button.text(), self.view)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(command)
            self.view.addAction(action)
            button.setToolTip(tip)
        self.toolbar = QWidget()
        buttons = QHBoxLayout(self.toolbar)
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.new_button, self.open_button, self.rename_button, self.duplicate_button,
            self.compare_button, self.delete_button,
        ):  # fmt: skip
            # Without the mnemonic's "&", which a screen reader would read out.
            button.setAccessibleName(button.text().replace("&", "").rstrip(" ▾…"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.filter_box, 1)

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_label = QLabel()
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)  # a proposal's name
        self.undo_button = QPushButton("Undo de&lete")
        self.undo_button.setAccessibleName("Undo delete")
        self.undo_button.clicked.connect(self.undo_delete)
        bar_layout = QHBoxLayout(self.undo_bar)
        bar_layout.addWidget(self.undo_label, 1)
        bar_layout.addWidget(self.undo_button)
        self.undo_bar.hide()

        self.empty_state = EmptyProposals()
        self.empty_state.new_from_template.connect(self.new_from_template)
        self.empty_state.new_blank.connect(self.new_blank)
        self.empty_state.add_sample.connect(self.add_sample)
        self.empty_state.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.filtered_out)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_state, 1)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------------

    def set_library(self, library: Library | None, *, refresh: bool = True) -> None:
        """Show ``library``'s proposals; with ``refresh=False`` the list is only emptied and
        read when ``refresh`` is next called (the window calls it before showing the list)."""
        self.library = library
        self._compared = {}  # another library's proposals, under the same ids perhaps
        self.undo_stack.clear()  # a delete belongs to the library it was made in
        self.undo_bar.hide()
        if refresh:
            self.refresh()
        else:
            self._generation += 1  # figures still being computed belong to the old list
            self.model.set_listings([], pending=False)
            self.mark_stale()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # By class, not type(): see the note on event types in layouts.py.
        if isinstance(event, QResizeEvent) and watched is self.view.viewport():
            self.columns.fit()
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # After the list's own font has changed too (children hear of it in turn).
            QTimer.singleShot(0, self, self._fit_columns)

    def _fit_columns(self) -> None:
        """Measure every row again and share the width (a new list, a new font)."""
        self.columns.measure()
        self.columns.fit()

    def mark_stale(self) -> None:
        """The library changed while the list was out of sight; read it again when shown."""
        self.stale = True

    def refresh(self, select_id: int | None = None) -> None:
        self.stale = False
        self._compared = {}  # a new one: a comparison still under way fills the old
        if self.library is None:
            self.model.set_listings([], pending=False)
            self._show_empty_state(False)
            return
        selected = select_id if select_id is not None else self.selected_id()
        listings = _proposals().list_proposals(self.library, with_figures=False)
        self.model.set_listings(listings, pending=True)
        self._show_empty_state(not listings)
        self._generation += 1
        self._pool.start(FiguresTask(self.library, listings, self._relay, self._generation))
        if selected is not None:
            self.select_id(selected)
        elif self.proxy.rowCount():
            self.view.selectRow(0)
        self._update_buttons()

    def _show_empty_state(self, empty: bool) -> None:
        """An empty library shows how to start instead of a bare table."""
        for widget in (self.toolbar, self.intro, self.view):
            widget.setVisible(not empty)
        self.empty_state.setVisible(empty)

    def focus_first(self) -> None:
        """Keyboard focus where work starts: the list, or the empty state's first button."""
        if self.empty_state.isVisibleTo(self):
            self.empty_state.template_button.setFocus()
        else:
            self.view.setFocus()

    def _on_figures(self, listing: ProposalListing, generation: int) -> None:
        if generation == self._generation:
            self.model.update_listing(listing)

    def wait_for_idle(self) -> None:
        self._pool.waitForDone(10_000)

    @property
    def figures_pending(self) -> bool:
        return bool(self.model.pending)

    # --- selection ---------------------------------------------------------------------------

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            return None
        return self.model.listing(self.proxy.mapToSource(rows[0]).row()).id

    def selected_name(self) -> str:
        rows = self.view.selectionModel().selectedRows()
        return self.model.listing(self.proxy.mapToSource(rows[0]).row()).name if rows else ""

    def select_id(self, proposal_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.listing(source.row()).id == proposal_id:
                self.view.selectRow(row)
                return

    def _update_buttons(self, *_: Any) -> None:
        chosen = self.selected_id() is not None
        for button in (self.open_button, self.rename_button, self.duplicate_button,
                       self.delete_button):  # fmt: skip
            button.setEnabled(chosen)
        comparable = chosen and self.model.rowCount() > 1
        self.compare_button.setEnabled(comparable)
        # Greyed out, it says what it needs rather than what it would do.
        self.compare_button.setToolTip(
            COMPARE_TIP
            if comparable
            else "Compare needs a second proposal: Duplicate this one to make next year's "
            "version, or import another."
            if chosen
            else "Choose a proposal in the list to compare it with another."
        )
        self.new_button.setEnabled(self.library is not None)

    def _context_menu(self, position: Any) -> None:
        if self.selected_id() is None:
            return
        self.row_menu().exec(self.view.viewport().mapToGlobal(position))

    def row_menu(self) -> QMenu:
        """What a right-click on a proposal offers, each with its underlined letter."""
        menu = QMenu(self)
        menu.addAction("&Open", self.open_selected)
        menu.addAction("&Rename…", self.rename_selected)
        menu.addAction("D&uplicate…", self.duplicate_selected)
        compare = menu.addAction("Co&mpare…", self.compare_selected)
        compare.setEnabled(self.model.rowCount() > 1)
        menu.addAction("&Delete…", self.delete_selected)
        return menu

    # --- actions -----------------------------------------------------------------------------

    def open_selected(self) -> None:
        proposal_id = self.selected_id()
        if proposal_id is not None:
            self.open_requested.emit(proposal_id)

    def new_blank(self) -> int | None:
        if self.library is None:
            return None
        library = self.library
        return self._new_named(
            "New proposal", "New proposal", lambda name: _proposals().create_proposal(library, name)
        )

    def _ask_name(
        self, title: str, label: str, text: str, act: Any, refused_title: str
    ) -> Any | None:
        """Ask for a name until ``act(name)`` takes it (its result) or the director cancels
        (``None``). A refused name is explained, then asked for again as it was typed: the
        dialog used to close on an empty name, and what was typed was gone."""
        while True:
            name, ok = ask_text(self, title, label, text=text)
            if not ok:
                return None
            try:
                return act(name)
            except Exception as error:  # noqa: BLE001 - refused input is shown, nothing changes
                QMessageBox.warning(self, refused_title, str(error))
                text = name

    def new_from_template(self) -> int | None:
        """Asks for the new proposal's name, as a blank one does: the template's own name
        ("1:1 Device Initiative Infrastructure") became the proposal's, and a second one's
        "(2)", until the director found Rename."""
        if self.library is None:
            return None
        library = self.library
        return self._new_named(
            "New proposal from the 1:1 template",
            TEMPLATE_PROPOSAL_NAME,
            lambda name: _proposals().create_from_template(library, name),
        )

    def _new_named(self, title: str, default: str, make: Any) -> int | None:
        """Create a proposal under the name the director gives (``make(name)``) and open it."""
        proposal_id = self._ask_name(
            title, "Name of the new proposal:", default, lambda name: int(make(name)),
            "Cannot create the proposal",
        )  # fmt: skip
        if proposal_id is None:
            return None
        self.refresh(select_id=proposal_id)
        self.open_requested.emit(proposal_id)
        return int(proposal_id)

    def add_sample(self) -> int | None:
        if self.library is None:
            return None
        return self._create(lambda: _proposals().add_sample_proposal(self.library))  # type: ignore[arg-type]

    def _create(self, make: Any) -> int | None:
        try:
            proposal_id = int(make())
        except Exception as error:  # noqa: BLE001 - refused input is shown, nothing is created
            QMessageBox.warning(self, "Cannot create the proposal", str(error))
            return None
        self.refresh(select_id=proposal_id)
        self.open_requested.emit(proposal_id)
        return proposal_id

    def rename_selected(self) -> None:
        proposal_id = self.selected_id()
        if proposal_id is None or self.library is None:
            return
        library, current = self.library, self.selected_name()

        def rename(name: str) -> bool:
            if name == current:
                return False
            _proposals().rename_proposal(library, proposal_id, name)
            return True

        renamed = self._ask_name(
            "Rename proposal",
            f"New name for {quoted(current, 60)}:",
            current,
            rename,
            "Cannot rename the proposal",
        )
        if renamed:
            self.refresh(select_id=proposal_id)

    def duplicate_selected(self) -> int | None:
        """Copy the chosen proposal under the name the director gives, and open the copy: next
        year's version, say, is named and worked on at once (it took Duplicate, find the
        "Copy of …", Rename and Open)."""
        proposal_id = self.selected_id()
        if proposal_id is None or self.library is None or self.copying:
            return None
        from desktop.services.proposals import MAX_NAME_LENGTH

        library, name = self.library, self.selected_name()
        from desktop.services.proposals import proposal_basics
        from desktop.vocabulary import ProposalStatus

        was_final = proposal_basics(library, proposal_id)["status"] is ProposalStatus.FINAL
        copy_id = self._ask_name(
            "Duplicate proposal",
            f"Name of the copy of {quoted(name)}:",
            f"Copy of {name}"[:MAX_NAME_LENGTH],
            lambda new: self._copy(library, proposal_id, name, new),
            "Cannot duplicate the proposal",
        )
        if copy_id is None:
            return None
        self.refresh(select_id=copy_id)
        copy_name = self.selected_name()  # with "(2)" when the name given was taken
        self.open_requested.emit(copy_id)
        self.status_message.emit(
            f"Duplicated {quoted(name, 60)} as {quoted(copy_name, 60, middle=True)}"
            + (", a draft: nobody has approved it yet." if was_final else ".")
        )
        return int(copy_id)

    def _copy(self, library: Library, proposal_id: int, name: str, new_name: str) -> int:
        """Copy the proposal on a worker, the window drawn meanwhile (a 10,000-item copy froze
        it for seconds, with no word) and saying it is copying when that takes a while."""
        return self._off_the_gui_thread(
            lambda: int(_proposals().duplicate_proposal(library, proposal_id, new_name)),
            f"Copying {quoted(name, 60)}…",
        )

    def _off_the_gui_thread(self, work: Callable[[], T], message: str) -> T:
        """``work`` (a copy, a delete or its undo) done on a worker, the window drawn and no
        second one started meanwhile; ``message`` shown when it takes a while. Deleting a
        10,000-item proposal froze the window for six seconds, saving it for undo."""
        from desktop.ui.busy import wait_for

        return wait_for(work, self, message, pool=self._copy_pool)

    @property
    def copying(self) -> bool:
        """Whether a Duplicate, a Delete or its undo is under way (being waited for)."""
        from desktop.ui.busy import waiting

        return waiting()

    def compare_selected(self) -> CompareDialog | None:
        """Open the comparison of the chosen proposal with another of the library; returns the
        dialog (shown, not waited for), or None when there is nothing to compare it with."""
        proposal_id = self.selected_id()
        if proposal_id is None or self.library is None:
            return None
        from desktop.ui.dialogs.compare import CompareDialog

        listings = [self.model.listing(row) for row in range(self.model.rowCount())]
        return CompareDialog.open_for(
            self,
            self.library,
            (proposal_id, self.selected_name()),
            [(item.id, item.name) for item in listings],
            self._compared,
        )

    def delete_selected(self) -> bool:
        proposal_id = self.selected_id()
        if proposal_id is None or self.library is None or self.copying:
            return False
        name = self.selected_name()
        answer = QMessageBox.question(
            self,
            "Delete proposal",
            f"Delete {quoted(name)} with all its items, links and funding?\n\n"
            "You can bring it back with “Undo delete” or Edit ▸ Undo (Ctrl+Z).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        # The proposal below the deleted one (above it, for the last) is selected next, so
        # Return, F2 and Delete carry on without first picking a row.
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        neighbours = [r for r in (row + 1, row - 1) if 0 <= r < self.proxy.rowCount()]
        after = (
            self.model.listing(self.proxy.mapToSource(self.proxy.index(neighbours[0], 0)).row()).id
            if neighbours
            else None
        )
        self.undo_stack.push(_DeleteProposal(self, proposal_id, name, after))
        self.view.setFocus()
        return True

    def undo_delete(self) -> int | None:
        """Bring the last deleted proposal back (the "Undo delete" button, Edit > Undo);
        returns its id (the one it had), or None."""
        if not self.undo_stack.canUndo():
            return None
        self.undo_stack.undo()
        return self.restored_id

    def _delete(self, proposal_id: int, name: str, select_after: int | None) -> DeletedProposal:
        """Delete a proposal (``_DeleteProposal.redo``); returns what brings it back."""
        assert self.library is not None
        library = self.library
        deleted = self._off_the_gui_thread(
            lambda: _proposals().delete_proposal(library, proposal_id),
            f"Deleting {quoted(name, 60)}…",
        )
        said = f"{quoted(name)} was deleted."
        self._clear_stale_status()
        self.undo_label.setText(left_to_right(said))
        self.undo_bar.show()
        announce(self.undo_bar, f"{said} Undo delete brings it back.")
        self.refresh(select_id=select_after)
        return deleted

    def _restore(self, deleted: DeletedProposal) -> int | None:
        """Bring a deleted proposal back (``_DeleteProposal.undo``); its id, or None."""
        if self.library is None:
            return None
        library = self.library
        name = deleted.name
        try:
            restored = self._off_the_gui_thread(
                lambda: _proposals().restore_proposal(library, deleted),
                f"Bringing back {quoted(name, 60)}…",
            )
        except Exception as error:  # noqa: BLE001 - shown, and the list stays as it is
            QMessageBox.warning(self, "Cannot bring the proposal back", str(error))
            return None
        # Undo goes back from the latest delete, the one the bar names: the bar's work is done.
        self._clear_stale_status()
        self.undo_bar.hide()
        self.restored_id = restored
        self.refresh(select_id=restored)
        self.view.setFocus()
        return restored

    def _clear_stale_status(self) -> None:
        """A delete or its undo says what it did beside the list: the status bar's message from
        an earlier action ("Duplicated …") is not about it."""
        window = self.window()
        if isinstance(window, QMainWindow):
            clear_stale_status(window)


class _DeleteProposal(QUndoCommand):
    """Deleting a proposal on Home, as one undo step. Undone, the proposal comes back as it
    was, under its own id; redone, it is deleted again."""

    def __init__(self, home: HomeScreen, proposal_id: int, name: str, after: int | None) -> None:
        super().__init__(undo_text(f"Delete {quoted(name, 40)}"))
        self.home, self.proposal_id, self.name, self.after = home, proposal_id, name, after
        self.deleted: DeletedProposal | None = None

    def redo(self) -> None:
        self.deleted = self.home._delete(self.proposal_id, self.name, self.after)

    def undo(self) -> None:
        if self.deleted is None:
            return
        restored = self.home._restore(self.deleted)
        if restored is None:
            self.setObsolete(True)  # it could not come back: no redo of it either
        else:
            self.proposal_id = restored
