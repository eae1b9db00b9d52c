"""The main window's header bar (Home, the proposal's title, save state, Export) and menu bar,
and keeping both in step with what is open.

The widgets and actions built here are kept as the window's own attributes (``title_label``,
``save_label``, ``export_button``, ``export_menu``, ``undo_action``, ...), where the window and
its tests reach them; this module only builds them and sets what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui.layouts import ElidedLabel, clear_stale_status, show_status
from desktop.wording import isolated, left_to_right, without_overrides

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# The header's Export menu: (entry, format key on the Export step).
# Each entry is its format's label (``export_formats``, not imported at start-up) with "…", and
# "&" before the letter that chooses it from the keyboard once the menu is open.
EXPORT_MENU = (
    ("&Full business case (PDF)…", "full_pdf"),
    ("&Two-page handout (PDF)…", "handout_pdf"),
    ("&Excel workbook (.xlsx)…", "workbook"),
)
# The rest of the Export step's formats, below the CFO's documents: the header's menu offered
# three of six, and a proposal file to share was two clicks and a step away.
EXPORT_MENU_DATA = (
    ("&Items (CSV)…", "items_csv"),
    ("&Proposal file (.json)…", "proposal_json"),
    ("&Shareable proposal (.buyin)…", "shareable"),
)
SAVED_TIP = "Every change is saved as you make it."
SUMMARY_SETTING = "view/summary"  # whether the CFO summary is shown beside the steps
SUMMARY_ACTION = "CFO &summary beside the steps"  # View menu; says when put away for room


def build_header(window: MainWindow) -> QWidget:
    """The bar above the editor: Home, the proposal's title, its save state and Export."""
    window.title_label = ElidedLabel(APP_NAME)
    font = window.title_label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    window.title_label.setFont(font)
    window.title_label.setAccessibleDescription("Proposal title")
    window.save_label = QLabel("")
    window.save_label.setAccessibleDescription("Save state")
    window.home_button = QPushButton("⌂ Home")
    window.home_button.setAccessibleName("Home")
    window.home_button.setToolTip("Back to the list of proposals (Ctrl+Shift+H)")
    window.home_button.clicked.connect(window.show_home)
    window.export_button = QToolButton()
    window.export_button.setText("E&xport ▾")  # every format; Alt+X opens it
    # The arrow is in the text: the style's own indicator would sit on top of the last letter.
    window.export_button.setStyleSheet("QToolButton::menu-indicator { image: none; }")
    window.export_button.setAccessibleName("Export")
    window.export_button.setToolTip(
        "Save the business case, the handout or the workbook, or go to the Export step (Alt+X)"
    )
    window.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    window.export_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    window.export_menu = QMenu(window.export_button)
    for text, key in EXPORT_MENU:
        action = window.export_menu.addAction(text, lambda key=key: window.export_now(key))
        if key == "full_pdf":
            # The document the director saves most: one key from anywhere in the editor
            # (Ctrl+P would promise printing). Added to the window too, or a key held by a
            # closed menu would never fire.
            action.setShortcut(QKeySequence("Ctrl+E"))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
    window.export_menu.addSeparator()
    for text, key in EXPORT_MENU_DATA:
        window.export_menu.addAction(text, lambda key=key: window.export_now(key))
    window.export_menu.addSeparator()
    window.export_menu.addAction("&Go to Export step", window.show_export)
    window.export_button.setMenu(window.export_menu)
    header = QWidget()
    header_layout = QHBoxLayout(header)
    header_layout.setContentsMargins(12, 8, 12, 8)
    header_layout.addWidget(window.home_button)
    header_layout.addSpacing(8)
    header_layout.addWidget(window.title_label, 1)
    header_layout.addWidget(window.save_label)
    header_layout.addSpacing(12)
    header_layout.addWidget(window.export_button)
    return header


def build_menus(window: MainWindow) -> None:
    """File, Edit (undo and redo across the open proposal), Go and Help."""
    file_menu = window.menuBar().addMenu("&File")
    window.new_blank_action = file_menu.addAction(
        "&New blank proposal…", lambda: window.may_leave_proposal() and window.home.new_blank()
    )
    window.new_blank_action.setShortcut(QKeySequence.StandardKey.New)
    window.new_template_action = file_menu.addAction(
        "New proposal from the 1:1 &template",
        lambda: window.may_leave_proposal() and window.home.new_from_template(),
    )
    import_action = file_menu.addAction("&Import proposal file…", window.choose_proposal_file)
    import_action.setToolTip("Add a shared proposal (.buyin) or a proposal JSON file")
    file_menu.addSeparator()
    open_action = file_menu.addAction("&Open library file…", window.choose_library)
    open_action.setShortcut(QKeySequence.StandardKey.Open)
    file_menu.addAction("New &library file…", window.create_library)
    window.home_action = file_menu.addAction("&Home", window.show_home)
    window.home_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
    # From the proposal itself: Compare was on Home only, and going there to compare closed
    # the proposal and its undo history.
    window.compare_action = file_menu.addAction(
        "&Compare with another proposal…", window.compare_with_another
    )
    # The dialog's module loads the database layer: imported when chosen, not at start-up.
    file_menu.addAction("&Restore a backup…", window._restore_from_menu)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("&Quit", window.close)
    # The platform's own key (none on Windows, where Alt+F4 closes the window) and Ctrl+Q.
    quit_action.setShortcuts(
        list(dict.fromkeys([*QKeySequence.keyBindings(QKeySequence.StandardKey.Quit),
                            QKeySequence("Ctrl+Q")]))
    )  # fmt: skip
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = window.menuBar().addMenu("&Edit")
    window.undo_action = window.undo_group.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
    window.redo_action = window.undo_group.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    # Connected after the group's own: by then the command is undone (or redone).
    window.undo_action.triggered.connect(lambda: window.announce_undo(undone=True))
    window.redo_action.triggered.connect(lambda: window.announce_undo(undone=False))
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    # The Home list's and each table's "Filter…" box: the app's Find.
    find_action = edit_menu.addAction("&Find…", window.focus_filter)
    find_action.setShortcut(QKeySequence.StandardKey.Find)

    view_menu = window.menuBar().addMenu("&View")
    # On a small screen the middle of the window is what needs the room: the CFO summary,
    # 280 pixels wide beside every step, can be put away (and is remembered so).
    window.summary_action = view_menu.addAction(SUMMARY_ACTION)
    window.summary_action.setCheckable(True)
    window.summary_action.setChecked(bool(window.settings.value(SUMMARY_SETTING, True, type=bool)))
    window.summary_action.toggled.connect(window.show_summary)

    go_menu = window.menuBar().addMenu("&Go")
    # The keys themselves (Alt+Left/Right, Ctrl+Page Up/Down) belong to the proposal view;
    # giving these actions the same shortcuts would make both ambiguous and neither fire.
    window.back_action = go_menu.addAction("&Previous step\tAlt+Left", lambda: _go(window, -1))
    window.next_action = go_menu.addAction("&Next step\tAlt+Right", lambda: _go(window, 1))

    help_menu = window.menuBar().addMenu("&Help")
    about = help_menu.addAction(f"&About {APP_NAME}", window.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)


def show_about(window: MainWindow) -> None:
    """Help ▸ About: the app's version and licences."""
    try:
        from desktop.ui.about import AboutDialog
    except ImportError:
        from desktop import __version__

        QMessageBox.about(window, f"About {APP_NAME}", f"{APP_NAME} {__version__}")
        return
    AboutDialog(window).exec()


def _go(window: MainWindow, step: int) -> None:
    if window.view is not None:
        if step < 0:
            window.view.go_back()
        else:
            window.view.go_next()


def show_header(window: MainWindow) -> None:
    """What the header and menus offer for what is open: the library's list, a proposal, or
    a later start's preview of one (shown, but not yet editable)."""
    previewing = window.preview is not None
    in_proposal = window.context is not None or previewing
    window.export_button.setVisible(in_proposal)
    window.home_button.setVisible(in_proposal)
    # Shown but not usable until the proposal is open for editing, so nothing moves then.
    window.export_button.setEnabled(not previewing)
    window.home_button.setEnabled(not previewing)
    window.home_action.setEnabled(not previewing)
    window.compare_action.setEnabled(window.context is not None)
    window.title_label.setVisible(in_proposal or window.library is None)
    window.save_label.setVisible(in_proposal)
    window.back_action.setEnabled(in_proposal)
    window.next_action.setEnabled(in_proposal)
    if window.preview is not None:
        title = without_overrides(window.preview.proposal_input.name)
        window.title_label.setText(_heading(title))
        window.setWindowTitle(f"{title} — {APP_NAME}")
    elif window.context is not None and window.library is not None:
        from desktop.services.proposals import proposal_basics

        basics = proposal_basics(window.library, window.context.proposal_id)
        title = without_overrides(str(basics["name"]))
        window.title_label.setText(_heading(title))
        window.setWindowTitle(f"{title} — {APP_NAME}")
    else:
        window.title_label.setText("Proposals" if window.library else APP_NAME)
        window.setWindowTitle(APP_NAME)


def _heading(name: str) -> str:
    """A proposal's name as the window's header shows it: at the left, where every name is, when
    it is written right to left (it sat at the far right, past the window's middle)."""
    shown = isolated(name)
    return left_to_right(shown) if shown != name else name


NOT_SAVED_PREFIX = "Not saved: "


def show_save_state(window: MainWindow, state: str, reason: str = "") -> None:
    """The header's save state: "saving", "saved" (also a freshly opened proposal), or
    anything else for a change that was not saved, with ``reason`` saying why."""
    if state in ("saving", "saved"):
        window.save_label.setAccessibleDescription("")
        # A refusal's line went on saying "Not saved: …" for its seconds after the value was
        # put right and saved.
        if window.statusBar().currentMessage().startswith(NOT_SAVED_PREFIX):
            window.statusBar().clearMessage()
    if state == "saving":
        clear_stale_status(window)  # what an earlier action said is not about this edit
        window.save_label.setText("Saving…")
        window.save_label.setToolTip("")
    elif state == "saved":
        window.save_label.setText("✓ Saved")
        window.save_label.setToolTip(SAVED_TIP)
        if reason:  # what the save did beyond the edit asked for
            show_status(window, reason, 15_000)
    else:
        # The header says so in two words, beside the title it must not push out; the reason
        # is in its tooltip and, for a few seconds, the status bar (cut to fit there with "…"),
        # and a refused value's own message stands beside its field.
        window.save_label.setText("⚠ Not saved")
        window.save_label.setToolTip(reason)
        window.save_label.setAccessibleDescription(reason)
        show_status(window, f"{NOT_SAVED_PREFIX}{reason}", 8000)
