"""Step 6: tie every item to the plan goals it serves (with one line on why), the risks it
mitigates and the metrics that will prove it; see at a glance what is still unlinked.

Pick an item on the left; tick goals, risks and metrics on the right. Every tick and every
rationale is one undo step. The "Still to link" list comes from the finance result's alignment
coverage, so it matches the Review step and the PDF.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.services.editing import LinkKind
from desktop.services.fields import FieldError
from desktop.services.wizard import step_guidance
from desktop.ui import theme
from desktop.ui.commands import LinkCommand
from desktop.ui.context import ProposalContext
from desktop.ui.delegates import WrappedListDelegate
from desktop.ui.layouts import OutlinedList, TextBox
from desktop.ui.steps.base import StepPage
from desktop.wording import clip, quoted, without_overrides

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # in "Still to link": item, goal, risk, heading, note
KINDS: tuple[LinkKind, ...] = ("goal", "risk", "metric")
HEADING, NOTE = "heading", "note"
# The sections of "Still to link", in order: the alignment coverage's field, the heading, and
# what its entries are (a click picks an item, or highlights a goal or a risk in its list).
GAPS = (
    ("items_without_goal", "Items that serve no goal", "item"),
    ("goals_without_item", "Goals no item serves", "goal"),
    ("items_without_metric", "Items with no metric to prove them", "item"),
    ("risks_without_item", "Risks no item mitigates", "risk"),
)
JUMP_TIPS = {
    "item": "click to pick this item and tick what it serves",
    "goal": "click to highlight this goal, then pick an item that serves it",
    "risk": "click to highlight this risk, then pick an item that mitigates it",
}
# Up to this many items the list wraps long names over lines; a longer list keeps every row
# one line high (and cut in the middle), which keeps thousands of items quick to lay out.
WRAP_ITEMS_UP_TO = 1000
# A name longer than this is cut in the lists (the full name is its tooltip): one 280-character
# name wrapped to twenty lines and filled the pane.
LISTED_NAME_LIMIT = 80
# Goals, risks and metrics are ticked by what they say, and a goal's code and title run longer
# than an item's name ("RSP 2.3 — Raise the share of students meeting …"): their lists cut a
# name at about this many lines of the list's width (never shorter than an item's), so a wide
# window shows the end that tells two goals apart.
LISTED_TARGET_LINES = 3
# The "Still to link" pane's height while it lists something (it shrinks to a note when not).
GLANCE_HEIGHT = 130


class LinksPage(StepPage):
    title = "Links"
    guidance = step_guidance("links")

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.links: dict[str, dict[tuple[int, int], str]] = {kind: {} for kind in KINDS}
        self._loading = False

        self.item_filter = QLineEdit()
        self.item_filter.setPlaceholderText("Filter items…")
        self.item_filter.setClearButtonEnabled(True)
        self.item_filter.setAccessibleName("Filter items")
        self.item_filter.textChanged.connect(self._filter_items)
        self.item_list = OutlinedList()
        self.item_list.setAccessibleName("Items")
        self.item_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.item_list.currentItemChanged.connect(lambda *_: self._show_item_links())
        left = QGroupBox("Items")
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.item_filter)
        left_layout.addWidget(self.item_list)

        # Names cut in the middle, not at the end: two metrics "Students meeting the grade-level
        # standard in reading" and "... in mathematics" would otherwise read the same.
        self.lists: dict[str, QListWidget] = {}
        boxes: dict[str, QGroupBox] = {}
        for kind, title in (
            ("goal", "Plan goals it serves"),
            ("risk", "Risks it mitigates"),
            ("metric", "Metrics that will prove it"),
        ):
            widget = OutlinedList()
            widget.setAccessibleName(title)
            # A narrow window wraps long names over lines; only a word longer than the list
            # is cut, in the middle.
            widget.setWordWrap(True)
            widget.setTextElideMode(Qt.TextElideMode.ElideMiddle)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.itemChanged.connect(lambda entry, kind=kind: self._on_ticked(kind, entry))
            # Its names are cut again to a new width: the viewport's, once laid out (the list's
            # own resize comes first), and a scroll bar coming or going changes it too.
            widget.viewport().installEventFilter(self)
            self.lists[kind] = widget
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            boxes[kind] = box
        # Four lines that wrap: in one line, a long reason showed its first words alone.
        self.rationale = TextBox(lines=4, one_paragraph=True)
        self.rationale.setPlaceholderText("Why the item serves the highlighted goal")
        self.rationale.setAccessibleName("Why the item serves the highlighted goal")
        self.rationale.finished.connect(self._commit_rationale)
        self.rationale_problem = QLabel()
        self.rationale_problem.setTextFormat(Qt.TextFormat.PlainText)
        self.rationale_problem.setWordWrap(True)
        # The reason's own label: once typed, the box no longer said what it was for, nor for
        # which goal (its placeholder, cut short at 1024 pixels, had said it).
        self.rationale_label = QLabel("Why it serves the highlighted goal:")
        self.rationale_label.setTextFormat(Qt.TextFormat.PlainText)  # a goal's code, as typed
        self.rationale_label.setWordWrap(True)
        self.rationale_label.setBuddy(self.rationale)
        boxes["goal"].layout().addWidget(self.rationale_label)
        boxes["goal"].layout().addWidget(self.rationale)
        boxes["goal"].layout().addWidget(self.rationale_problem)
        self.lists["goal"].currentItemChanged.connect(lambda *_: self._show_rationale())

        # One list of what is still to link, in sections (see GAPS), a full pane wide: names
        # and notes wrap rather than hide behind a sideways scroll bar.
        self.still_to_link = OutlinedList()
        self.still_to_link.setAccessibleName("Still to link")
        self.still_to_link.setWordWrap(True)
        self.still_to_link.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.still_to_link.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.still_to_link.itemActivated.connect(self._jump_to)
        self.still_to_link.itemClicked.connect(self._jump_to)
        self.glance = QGroupBox("Still to link")
        QVBoxLayout(self.glance).addWidget(self.still_to_link)

        # Narrow frames round the lists: on a small window every pixel goes to the names.
        for box in (left, *boxes.values(), self.glance):
            box.layout().setContentsMargins(4, 4, 4, 4)
        # A little air between entries, so where a wrapped name ends shows; laid out again
        # whenever the list's width changes, so wrapped names keep the height they need.
        for widget in (self.item_list, *self.lists.values(), self.still_to_link):
            widget.setSpacing(2)
            widget.setResizeMode(QListWidget.ResizeMode.Adjust)
            widget.setItemDelegate(WrappedListDelegate(widget))

        right = QWidget()
        right_layout = QGridLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(boxes["goal"], 0, 0, 2, 1)
        right_layout.addWidget(boxes["risk"], 0, 1)
        right_layout.addWidget(boxes["metric"], 1, 1)
        right_layout.setColumnStretch(0, 1)
        right_layout.setColumnStretch(1, 1)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setSizes([260, 740])
        outer = QSplitter(Qt.Orientation.Vertical, self)
        outer.addWidget(top)
        outer.addWidget(self.glance)
        outer.setSizes([580, GLANCE_HEIGHT])
        outer.setStretchFactor(0, 1)  # a taller window gives its height to the lists
        self.outer = outer
        self._glance_shrunk = False  # to its note, with nothing left to link
        self._glance_height = GLANCE_HEIGHT  # its height before it shrank
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(outer)
        self._item_names: tuple[tuple[int, str], ...] | None = None
        self._highlighted_for: int | None = None  # the item whose first goal was highlighted
        self._rationale_for: tuple[int | None, Any] | None = None  # whose reason the box shows
        self._targets: tuple[tuple[tuple[int, str], ...], ...] | None = None
        self._dirty = False
        context.result_changed.connect(self._on_snapshot)
        context.rows_changed.connect(self._on_rows_changed)
        self.refresh()

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild from the latest snapshot the figures were computed from.

        The snapshot already holds every item, goal, risk, metric and link, read on the worker
        thread, so this page never queries the library on the GUI thread (5,000 items)."""
        data = self.context.proposal_input
        self._dirty = False
        if data is None:
            return
        current = self.current_item_id()
        shown = without_overrides  # names as the tables show them
        item_names = tuple((item.key, shown(item.name)) for item in data.items)
        targets = (
            tuple(
                (g.key, shown(f"{g.code} — {g.title}" if g.code else g.title)) for g in data.goals
            ),
            tuple((risk.key, shown(risk.title)) for risk in data.risks),
            tuple((metric.key, shown(metric.name)) for metric in data.metrics),
        )
        self._loading = True
        if item_names != self._item_names:
            self._item_names = item_names
            self.item_list.clear()
            wrap = len(item_names) <= WRAP_ITEMS_UP_TO
            self.item_list.setWordWrap(wrap)
            self.item_list.setUniformItemSizes(not wrap)
            for key, name in item_names:
                entry = QListWidgetItem(clip(name, LISTED_NAME_LIMIT))
                entry.setData(ID_ROLE, key)
                entry.setToolTip(name)
                self.item_list.addItem(entry)
        if targets != self._targets:
            self._targets = targets
            for kind, rows in zip(KINDS, targets, strict=True):
                widget = self.lists[kind]
                widget.clear()
                for key, name in rows:
                    entry = QListWidgetItem(_listed(widget, name))
                    entry.setData(ID_ROLE, key)
                    entry.setToolTip(name)
                    entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    entry.setCheckState(Qt.CheckState.Unchecked)
                    widget.addItem(entry)
        self._loading = False
        self.links = {
            "goal": {
                (item.key, link.goal_key): link.rationale
                for item in data.items
                for link in item.goal_links
            },
            "risk": {(item.key, key): "" for item in data.items for key in item.risk_keys},
            "metric": {(item.key, key): "" for item in data.items for key in item.metric_keys},
        }
        self._filter_items(self.item_filter.text())
        if current is not None and current != self.current_item_id():
            self.select_item(current)
        if self.item_list.currentItem() is None and self.item_list.count():
            self.item_list.setCurrentRow(0)
        self._show_item_links(keep_typing=True)
        self._show_alignment()

    def _on_snapshot(self, *_: Any) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # rebuilt when the page is next shown

    def showEvent(self, event: Any) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_glance)  # laid out now: its heights are known

    def _on_rows_changed(self, entity: str, change: Any) -> None:
        """A link command ran: show it at once, before the new snapshot arrives."""
        if entity != "link" or not isinstance(change, dict):
            return
        links = self.links[change["kind"]]
        key = (change["item_id"], change["target_id"])
        if change["linked"]:
            links[key] = change["rationale"]
        else:
            links.pop(key, None)
        if change["item_id"] == self.current_item_id():
            self._show_item_links()

    def current_item_id(self) -> int | None:
        entry = self.item_list.currentItem()
        return None if entry is None else int(entry.data(ID_ROLE))

    def select_item(self, item_id: int | None) -> None:
        for row in range(self.item_list.count()):
            if self.item_list.item(row).data(ID_ROLE) == item_id:
                self.item_list.setCurrentRow(row)
                return

    def _filter_items(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.item_list.count()):
            entry = self.item_list.item(row)
            # The whole name (its tip): the list shows long ones cut short.
            entry.setHidden(bool(needle) and needle not in entry.toolTip().lower())

    def _show_item_links(self, *, keep_typing: bool = False) -> None:
        """The current item's ticks and reason; ``keep_typing``: a reason being typed for the
        goal it stands under stays as typed (new figures arriving rebuild the page)."""
        item_id = self.current_item_id()
        self._loading = True
        for kind in KINDS:
            widget = self.lists[kind]
            widget.setEnabled(item_id is not None)
            for row in range(widget.count()):
                entry = widget.item(row)
                linked = (item_id, entry.data(ID_ROLE)) in self.links[kind]
                entry.setCheckState(Qt.CheckState.Checked if linked else Qt.CheckState.Unchecked)
        self._loading = False
        # Highlight the first goal the item serves, so its rationale is in view at once: when
        # another item is picked, not when a tick changes or the figures come back, or Space
        # on a goal just unticked would land on the next ticked one and untick that too.
        goals = self.lists["goal"]
        current = goals.currentItem()
        picked = item_id != self._highlighted_for
        self._highlighted_for = item_id
        if picked and (current is None or current.checkState() != Qt.CheckState.Checked):
            for row in range(goals.count()):
                if goals.item(row).checkState() == Qt.CheckState.Checked:
                    goals.setCurrentRow(row)
                    break
        self._show_rationale(keep_typing=keep_typing)

    def _show_rationale(self, *, keep_typing: bool = False) -> None:
        item_id = self.current_item_id()
        goal = self.lists["goal"].currentItem()
        key = (item_id, goal.data(ID_ROLE)) if goal is not None else None
        linked = key is not None and key in self.links["goal"]
        # The figures of a goal just ticked come back a moment later and rebuild the page: the
        # reason the director had started to type was put back to the saved one (none), its
        # first words lost. It is saved when the box is left.
        typing = keep_typing and self.rationale.hasFocus() and key == self._rationale_for
        self._rationale_for = key
        self.rationale.setEnabled(linked)
        self.rationale_label.setEnabled(linked)
        self.rationale_label.setText(
            f"Why it serves {quoted(goal.text().split(' — ')[0], 24)}:"  # the goal's code
            if linked and goal is not None
            else "Why it serves the highlighted goal (tick the goal first):"
        )
        if linked and typing:
            return
        self.rationale.setText(self.links["goal"].get(key, "") if linked and key else "")
        self.rationale_problem.clear()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint_notes()

    def _tint_notes(self) -> None:
        """The notes ("No items yet…", "✓ Nothing left…") are not choices but news to read:
        quiet text, as hints are, not the faint grey of a disabled entry (and again when the
        theme changes). Section headings keep the text colour, in bold."""
        palette = QApplication.palette()
        colours = {NOTE: theme.quiet_text_colour(palette), HEADING: palette.text().color()}
        for row in range(self.still_to_link.count()):
            entry = self.still_to_link.item(row)
            colour = colours.get(entry.data(KIND_ROLE)) if entry is not None else None
            if colour is not None:
                entry.setForeground(colour)

    def _show_alignment(self, *_: Any) -> None:
        result = self.context.result
        data = self.context.proposal_input
        glance = self.still_to_link
        glance.clear()
        if result is None or data is None:
            self.glance.setTitle("Still to link")
            return
        alignment = result.alignment
        notes = []
        if not data.items:
            notes.append("No items yet: add them on the Items step")
        if not data.goals:
            notes.append("No goals yet: add them on the Strategic plans step")
        sections = [(heading, kind, getattr(alignment, field)) for field, heading, kind in GAPS]
        if data.items:
            for heading, kind, named in sections:
                if not named:
                    continue
                title = QListWidgetItem(f"{heading} ({len(named):,})")
                title.setFlags(Qt.ItemFlag.NoItemFlags)
                title.setData(KIND_ROLE, HEADING)
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                glance.addItem(title)
                for gap in named:
                    entry = QListWidgetItem(gap.name)
                    entry.setData(ID_ROLE, gap.key)
                    entry.setData(KIND_ROLE, kind)
                    entry.setToolTip(f"{quoted(gap.name)}: {JUMP_TIPS[kind]}")
                    glance.addItem(entry)
        missing = sum(len(named) for _heading, _kind, named in sections)
        if data.items and data.goals and missing == 0:
            notes.append(
                "✓ Nothing: every item serves a goal and has a metric to prove it, every goal "
                "is served and every risk mitigated"
            )
        for note in notes:
            entry = QListWidgetItem(note)
            entry.setFlags(Qt.ItemFlag.NoItemFlags)
            entry.setData(KIND_ROLE, NOTE)
            glance.addItem(entry)
        self._tint_notes()
        # Nothing to jump to (only notes): no Tab stop, where focus vanished for a keypress
        # into a list with no current row to draw it on.
        choices = any(glance.item(row).flags() != Qt.ItemFlag.NoItemFlags
                      for row in range(glance.count()))  # fmt: skip
        glance.setFocusPolicy(Qt.FocusPolicy.StrongFocus if choices else Qt.FocusPolicy.NoFocus)
        QTimer.singleShot(0, self, self._fit_glance)
        # No total in the title: each heading counts its own, as the step list's ⚠ counts the
        # headings; "Links ⚠ 4" beside "Still to link (14)" read as two different tallies.
        self.glance.setTitle("Still to link")

    def _fit_glance(self) -> None:
        """With nothing left to link, the pane shrinks to its one note and the lists above take
        the room (at 1024×640 they showed half the risks beside an empty pane); when something
        is to link again, it gets back its height."""
        glance, listed = self.glance, self.still_to_link
        sizes = self.outer.sizes()
        if len(sizes) != 2 or not sum(sizes):
            return
        kinds = {listed.item(row).data(KIND_ROLE) for row in range(listed.count())}
        note_only = kinds <= {NOTE}
        if note_only:
            if not self._glance_shrunk:
                self._glance_height = sizes[1]  # the height it gets back, dragged or not
            content = sum(listed.visualItemRect(listed.item(row)).height() + 4
                          for row in range(listed.count()))  # fmt: skip
            # A list's own least height (some 70 pixels) would keep blank lines under the note.
            listed.setMinimumHeight(min(content, 70) + 2 * listed.frameWidth())
            wanted = glance.height() - listed.viewport().height() + max(content, 1)
        elif self._glance_shrunk:
            # Something to link again: the height it had before, once; a height the director
            # drags it to afterwards is left alone.
            listed.setMinimumHeight(0)
            wanted = max(self._glance_height, GLANCE_HEIGHT)
        else:
            return
        self._glance_shrunk = note_only
        wanted = min(wanted, sum(sizes) // 2)
        if wanted != sizes[1]:
            self.outer.setSizes([sum(sizes) - wanted, wanted])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # By class, not type() (see the note on event types in layouts.py); the list is looked
        # for only then.
        if not isinstance(event, QResizeEvent):
            return False
        widget = next((w for w in self.lists.values() if w.viewport() is watched), None)
        if widget is not None:
            self._loading = True  # a new text is no tick
            try:
                for row in range(widget.count()):
                    entry = widget.item(row)
                    shown = _listed(widget, entry.toolTip())
                    if entry.text() != shown:
                        entry.setText(shown)
            finally:
                self._loading = False
        return super().eventFilter(watched, event)

    def _jump_to(self, entry: QListWidgetItem) -> None:
        """An item still to link is picked on the left (the filter cleared, so it shows); a
        goal or risk is highlighted in its list, beside the items that could serve it."""
        kind, key = entry.data(KIND_ROLE), entry.data(ID_ROLE)
        if key is None or kind not in ("item", "goal", "risk"):
            return
        if kind == "item":
            self.item_filter.clear()
            self.select_item(int(key))
            self.item_list.scrollToItem(self.item_list.currentItem())
            self.item_list.setFocus(Qt.FocusReason.OtherFocusReason)  # Enter goes there too
            return
        targets = self.lists[kind]
        for row in range(targets.count()):
            if targets.item(row).data(ID_ROLE) == key:
                targets.setCurrentRow(row)
                targets.scrollToItem(targets.item(row))
                targets.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- writing -----------------------------------------------------------------------------

    def set_link(
        self, kind: LinkKind, target_id: int, linked: bool, rationale: str | None = None
    ) -> None:
        """Link or unlink the current item; ``rationale=None`` keeps a goal link's reason."""
        item_id = self.current_item_id()
        if item_id is None:
            return
        key = (item_id, target_id)
        was = (key in self.links[kind], self.links[kind].get(key, ""))
        reason = was[1] if rationale is None else rationale
        self.context.push(
            LinkCommand(self.context, kind, item_id, target_id, linked, reason, was=was)
        )

    def _on_ticked(self, kind: str, entry: QListWidgetItem) -> None:
        if self._loading:
            return
        linked = entry.checkState() == Qt.CheckState.Checked
        assert kind in KINDS
        self.set_link(kind, int(entry.data(ID_ROLE)), linked)  # type: ignore[arg-type]

    def _commit_rationale(self) -> None:
        goal = self.lists["goal"].currentItem()
        item_id = self.current_item_id()
        if goal is None or item_id is None:
            return
        key = (item_id, int(goal.data(ID_ROLE)))
        if key not in self.links["goal"]:
            return
        text = self.rationale.text()
        if text.strip() == self.links["goal"][key]:
            return
        from desktop.services.editing import RATIONALE_FIELD
        from desktop.services.fields import parse_value

        try:
            text = parse_value(RATIONALE_FIELD, text)
        except FieldError as error:
            self.rationale_problem.setText(f"⚠ Not saved — {error.message}.")
            return
        self.set_link("goal", key[1], True, text)


def _listed(widget: QListWidget, name: str) -> str:
    """``name`` as a goal, risk or metric list shows it: whole, or cut at about
    LISTED_TARGET_LINES lines of the list's present width."""
    per_line = widget.viewport().width() // max(widget.fontMetrics().averageCharWidth(), 1)
    return clip(name, max(LISTED_NAME_LIMIT, per_line * LISTED_TARGET_LINES))
