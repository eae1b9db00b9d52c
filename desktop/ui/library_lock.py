"""One window at a time on a library: the window that opens a library holds a lock file beside
it (``<library>.lock``) until it closes it.

Two windows on one library (a second copy of the app started by double-clicking a proposal
file, say) each kept their own view and undo history: one window's Undo wrote back the values it
had seen, over what the other had saved, and neither said so. The lock names the process that
holds it; a lock left by an app that crashed is taken over (Qt checks whether that process still
runs). A library in a folder where no lock can be written is opened without one: nothing can be
saved there anyway.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from desktop.services.library import LibraryError


class LibraryInUseError(LibraryError):
    """Another Buy-In window holds the library. ``elsewhere``: its lock names another computer,
    whose processes this one cannot see (a lock that came with the file through a sync service
    stays until that computer lets it go), so the director may take it over."""

    def __init__(self, message: str, *, elsewhere: bool = False) -> None:
        super().__init__(message)
        self.elsewhere = elsewhere


def lock_path(library: Path) -> Path:
    return library.with_name(library.name + ".lock")


def claim_library(path: Path | None) -> QLockFile | None:
    """The lock on the library at ``path``, taken for this window (None: no lock is needed or
    none can be written). Raises ``LibraryInUseError`` when another window holds it."""
    if path is None:
        return None
    lock = QLockFile(str(lock_path(path)))
    lock.setStaleLockTime(0)  # never by age: only when the holder is no longer running
    if lock.tryLock(0):
        return lock
    if lock.error() != QLockFile.LockError.LockFailedError:
        return None  # a folder that takes no lock file: nothing is written there anyway
    pid, host, _app = lock.getLockInfo()
    here = QSysInfo.machineHostName()
    if pid == os.getpid() and host == here:
        return None  # this app's own (it opens one window; a test may open more)
    if host and host != here:
        raise LibraryInUseError(
            f"{path.name} is open in Buy-In on {host} (process {pid}), or was when that "
            "computer last saved its lock, which a sync service may have brought here with the "
            "file. Close it there first: two windows on one library would each write over the "
            "other's edits. If no one has it open there, open it here anyway.",
            elsewhere=True,
        )
    where = f"process {pid} on {host}" if host else f"process {pid}"
    raise LibraryInUseError(
        f"{path.name} is open in another Buy-In window ({where}). Switch to that window, or "
        "close it and open the library here: two windows on one library would each write over "
        "the other's edits."
    )


def take_over_library(path: Path) -> None:
    """Remove the lock another computer left on the library at ``path`` (the director has said
    no one has it open there), so that this window can claim it."""
    lock_path(path).unlink(missing_ok=True)
