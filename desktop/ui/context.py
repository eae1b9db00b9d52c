"""The open proposal as every step page sees it: library, proposal id, undo stack, latest result.

Step pages never talk to each other. They push undo commands through ``ProposalContext.push``
(whose redo()/undo() call the services), listen to ``data_changed`` to reload what changed, and to
``result_changed`` to show fresh figures. Recalculation is debounced and runs on a worker thread:
reading the proposal and computing 5,000 items takes long enough that doing it on the GUI thread
would make typing stutter. Each request carries a generation number so a slow, stale computation
can never overwrite a newer one.

Step-page convention: every page is a ``QWidget`` subclass constructed as
``Page(context: ProposalContext, parent=None)`` with class attributes ``title`` (short) and
``guidance`` (one sentence), and a ``refresh()`` method that reloads from the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.memory import release_freed_memory

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput
    from desktop.finance.result import ProposalResult, ValidationIssue
    from desktop.services.library import Library
    from desktop.services.snapshot import LiveSnapshot

RECALCULATION_DELAY_MS = 150
# How often, at most, memory freed by recalculations is handed back to the system from the
# window's thread (see ``release_freed_memory``).
RELEASE_EVERY_SECONDS = 5.0


@dataclass(frozen=True)
class RowsAdded:
    """Rows just written, by id (new, copied, or brought back by undo or redo): a table puts
    them where its order places them instead of reading every row again (a second at 10,000
    items)."""

    ids: tuple[int, ...]


@dataclass(frozen=True)
class RowsRemoved:
    """Rows just deleted, by id: a table takes out those alone."""

    ids: tuple[int, ...]


RowChange = dict[int, dict[str, Any]] | RowsAdded | RowsRemoved | None


class _Relay(QObject):
    """Carries a worker's answer back to the GUI thread (queued, because it lives there)."""

    finished = Signal(int, object, object, list, str)  # generation, input, result, issues, error


class _RecalculationTask(QRunnable):
    """Reads the proposal (what changed since the last read) and computes it, off the GUI
    thread."""

    def __init__(self, live: LiveSnapshot, generation: int, relay: _Relay):
        super().__init__()
        self.live = live
        self.generation = generation
        self.relay = relay

    def run(self) -> None:
        snapshot: Any = None
        result: Any = None
        issues: list[Any] = []
        error = ""
        try:
            from desktop.finance import ValidationError, compute

            snapshot = self.live.read()
            try:
                result = compute(snapshot)
            except ValidationError as invalid:
                issues = list(invalid.issues)
        except Exception as failure:  # noqa: BLE001 - shown to the user instead of crashing
            error = str(failure) or type(failure).__name__
        self.relay.finished.emit(self.generation, snapshot, result, issues, error)


class ProposalContext(QObject):
    """What every step page needs: library, open proposal, undo stack, latest result."""

    result_changed = Signal(object)  # the new ProposalResult, or None when it cannot be computed
    data_changed = Signal(str)  # "proposal", "item", "goal", "risk", "metric", "funding_source",
    # "scenario", "link", "funding_amount", "scenario_entry"
    # entity, then {row id: new values} (patch in place), ``RowsAdded`` or ``RowsRemoved`` (those
    # rows put in or taken out), None (reload every row), or for "link"
    # {"kind", "item_id", "target_id", "linked", "rationale"}
    rows_changed = Signal(str, object)
    validation_changed = Signal(list)  # the finance ValidationIssue list (empty when valid)
    save_state_changed = Signal(str, str)  # "saving" | "saved" | "failed", and the reason
    recalculation_failed = Signal(str)  # why the figures could not be updated (not validation)

    def __init__(
        self,
        library: Library,
        proposal_id: int,
        undo_stack: QUndoStack,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.proposal_id = proposal_id
        self.undo_stack = undo_stack
        # The last command run from the stack and whether it went through (``ServiceCommand``):
        # what Undo or Redo just did, told in the status bar, or nothing when it failed.
        self.last_command: tuple[Any, bool] | None = None
        # Rows an undo or redo is bringing back, (entity, ids), while their tables reload: the
        # first becomes the current row, not the one that took its place when it was deleted.
        self.restored_rows: tuple[str, list[int]] | None = None
        self._result: ProposalResult | None = None
        self._input: ProposalInput | None = None
        self._issues: list[ValidationIssue] = []
        self._failure = ""
        self._live: LiveSnapshot | None = None
        self._generation = 0
        self._pending = 0
        self._pool = QThreadPool(self)
        # One worker is enough: requests are debounced, and a queue of stale work is pointless.
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECALCULATION_DELAY_MS)
        self._timer.timeout.connect(self._start_recalculation)

    # --- what pages read ---------------------------------------------------------------------

    @property
    def result(self) -> ProposalResult | None:
        return self._result

    @property
    def proposal_input(self) -> ProposalInput | None:
        """The latest snapshot used for ``result`` (also kept when validation failed)."""
        return self._input

    @property
    def issues(self) -> list[ValidationIssue]:
        return list(self._issues)

    @property
    def failure(self) -> str:
        """Why the last recalculation failed ("" when it did not): ``result`` is then None."""
        return self._failure

    @property
    def busy(self) -> bool:
        """True while a recalculation is waiting or running."""
        return self._timer.isActive() or self._pending > 0

    # --- edits -------------------------------------------------------------------------------

    def push(self, command: QUndoCommand) -> None:
        """Every edit goes through here: the stack calls redo(), which calls the service."""
        self.undo_stack.push(command)

    def notify_changed(self, entity: str, updates: RowChange = None) -> None:
        """Called by undo commands after their service call: views reload, figures recompute.

        ``updates`` (row id → new values) lets table models patch rows in place instead of
        reloading thousands of rows after a single cell edit, and ``RowsAdded`` or
        ``RowsRemoved`` lets them put in or take out just those rows. Edited values also let
        the next recalculation read back only the edited items (values, or one item's links);
        rows added or removed change the list itself (and which scenarios hold a new item), so
        it reads the whole proposal."""
        live = self._live
        if live is not None:
            if entity == "item" and isinstance(updates, dict):
                live.note_items_changed(updates)
            elif entity == "link" and isinstance(updates, dict) and "item_id" in updates:
                live.note_items_changed([int(updates["item_id"])])
            else:
                live.invalidate()
        self.rows_changed.emit(entity, updates)
        self.data_changed.emit(entity)
        self._schedule()

    def report_saved(self, notice: str = "") -> None:
        """The edit was saved; ``notice`` is what the status bar should add ("" for nothing)."""
        self.save_state_changed.emit("saved", notice)

    def report_failed(self, reason: str) -> None:
        self.save_state_changed.emit("failed", reason)

    def report_refusal(self, reason: str) -> None:
        """A value typed in a table was refused (``reason``), or the refusal was put right or
        given up (""): the header says "Not saved" while the refused text is on screen, as it
        does for a field of the Basics step, and "Saved" again after."""
        if reason:
            self.report_failed(reason)
        else:
            self.report_saved()

    # --- recalculation -----------------------------------------------------------------------

    def request_recalculation(self) -> None:
        """Read the whole proposal again and recompute soon (after a change made elsewhere)."""
        if self._live is not None:
            self._live.invalidate()
        self._schedule()

    def _schedule(self) -> None:
        """Recompute soon; several quick edits in a row cause one computation."""
        self._generation += 1
        self._timer.start()

    def recalculate_now(self) -> None:
        """Read everything and compute at once (first load), skipping the debounce delay."""
        if self._live is not None:
            self._live.invalidate()
        self._generation += 1
        self._timer.stop()
        self._start_recalculation()

    @Slot()
    def _start_recalculation(self) -> None:
        if self._live is None:
            from desktop.services.snapshot import LiveSnapshot

            self._live = LiveSnapshot(self.library, self.proposal_id)
        self._pending += 1
        self._pool.start(_RecalculationTask(self._live, self._generation, self._relay))

    @Slot(int, object, object, list, str)
    def _on_finished(
        self, generation: int, snapshot: Any, result: Any, issues: list[Any], error: str
    ) -> None:
        self._pending -= 1
        if generation != self._generation:
            return  # a newer edit is already being computed; this answer is out of date
        if error:
            # Never leave the previous figures up as if they were current: the summary, the
            # Review step and Export would show (or write) numbers the proposal no longer has.
            # The last snapshot that could be read stays, so the editors keep their lists.
            self._result = None
            self._issues = []
            self._failure = error
            if snapshot is not None:
                self._input = snapshot
            self.recalculation_failed.emit(error)
            self.validation_changed.emit([])
            self.result_changed.emit(None)
            return
        self._failure = ""
        self._input = snapshot
        self._result = result
        self._issues = issues
        self.validation_changed.emit(list(issues))
        self.result_changed.emit(result)
        # The previous figures, and whatever the worker made on the way, are free now; handed
        # back now and then, not at each keystroke's recalculation (the window's own thread).
        release_freed_memory(at_most_every=RELEASE_EVERY_SECONDS)

    def wait_for_idle(self, timeout_ms: int = 5000) -> bool:
        """Block until queued work has finished (used when closing, so no thread outlives us)."""
        self._timer.stop()
        return bool(self._pool.waitForDone(timeout_ms))
