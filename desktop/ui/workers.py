"""Running slow work (exports, recalculations) off the GUI thread, with progress and a result.

``BackgroundJob`` wraps a plain function and runs it on a ``QThreadPool``. The function gets a
``report(percent, message)`` callable as its only argument; whatever it returns arrives in the
``finished`` signal, whatever it raises arrives in ``failed``. Every signal of a job is delivered
on the GUI thread, so handlers may touch widgets freely:

    job = BackgroundJob(lambda report: slow_export(report), parent=self)
    job.progress.connect(progress_bar.setValue_and_label)
    job.finished.connect(self._show_success)
    job.failed.connect(self._show_failure)
    job.start()

Why the relay: a signal emitted on a worker thread reaches a plain Python callable on that same
worker thread. Routing it through a QObject that lives on the GUI thread makes Qt queue the call
to the GUI thread, whatever the listener is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop.memory import release_freed_memory

ProgressReporter = Callable[[int, str], None]
Work = Callable[[ProgressReporter], Any]


class _Relay(QObject):
    """Carries a worker's news to the GUI thread (it is created there, so it lives there)."""

    progress = Signal(int, str)
    succeeded = Signal(object)
    raised = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            outcome = self._work(self._relay.progress.emit)
        except BaseException as error:  # noqa: BLE001 - every failure must reach the screen
            self._relay.raised.emit(error)
        else:
            self._relay.succeeded.emit(outcome)
        finally:
            # What the job made and let go of (an export's page layouts, say) is free now, in
            # this worker's own heap, which the window's thread does not draw on.
            release_freed_memory()


class BackgroundJob(QObject):
    """One run of ``work`` on a thread pool. Create, connect, ``start()``; single use."""

    progress = Signal(int, str)  # percent 0–100, a short message ("Drawing the charts…")
    finished = Signal(object)  # what ``work`` returned
    failed = Signal(object)  # the exception ``work`` raised

    def __init__(
        self,
        work: Work,
        parent: QObject | None = None,
        *,
        pool: QThreadPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._pool = pool or QThreadPool.globalInstance()
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress)
        self._relay.succeeded.connect(self._on_succeeded)
        self._relay.raised.connect(self._on_raised)
        self._running = False
        self._started = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        if self._started:
            raise RuntimeError("A background job runs only once; create a new one.")
        self._started = True
        self._running = True
        # The runnable keeps the relay alive until it has delivered its last signal.
        self._pool.start(_Runnable(self._work, self._relay))

    def wait(self, milliseconds: int = -1) -> bool:
        """Block until the pool is idle (tests and shutdown only; never from a busy GUI)."""
        return bool(self._pool.waitForDone(milliseconds))

    @Slot(int, str)
    def _on_progress(self, percent: int, message: str) -> None:
        self.progress.emit(percent, message)

    @Slot(object)
    def _on_succeeded(self, outcome: object) -> None:
        self._running = False
        self.finished.emit(outcome)

    @Slot(object)
    def _on_raised(self, error: object) -> None:
        self._running = False
        self.failed.emit(error)


def run_in_background(
    work: Work,
    *,
    parent: QObject | None = None,
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    on_progress: ProgressReporter | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundJob:
    """Create, connect and start a ``BackgroundJob`` in one call; returns it (keep a reference,
    or give it a ``parent``, so it outlives this call)."""
    job = BackgroundJob(work, parent, pool=pool)
    if on_progress is not None:
        job.progress.connect(on_progress)
    if on_finished is not None:
        job.finished.connect(on_finished)
    if on_failed is not None:
        job.failed.connect(on_failed)
    job.start()
    return job
