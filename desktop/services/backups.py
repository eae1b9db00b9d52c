"""Backups of a library file, taken with SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the ``-wal`` file,
so every copy goes through ``sqlite3.Connection.backup``, which sees exactly what a reader sees.
Backups sit in a ``backups`` folder beside the library; only the newest ``KEEP`` per library are
kept, so they never fill a laptop's disk.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.paths import backups_dir_for

KEEP = 20
SUFFIX = ".buyinlib"


def take_backup(library_path: Path, *, reason: str) -> Path:
    """Copy the library consistently into its backups folder and return the copy's path."""
    folder = backups_dir_for(library_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{library_path.stem}-{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"{library_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(partial)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    partial.replace(target)  # a backup is either whole or absent
    prune_backups(library_path)
    return target


def list_backups(library_path: Path) -> list[Path]:
    """This library's backups, newest first."""
    folder = backups_dir_for(library_path)
    if not folder.is_dir():
        return []
    found = folder.glob(f"{library_path.stem}-*{SUFFIX}")
    return sorted(found, key=lambda backup: backup.name, reverse=True)


def prune_backups(library_path: Path, keep: int = KEEP) -> None:
    for old in list_backups(library_path)[keep:]:
        old.unlink(missing_ok=True)


def restore_backup(backup_path: Path, library_path: Path) -> Path:
    """Replace the library's content with a backup's, after backing up the current file.

    The backup is checked first; the current library (even a damaged one) is kept as a
    ``before-restore`` copy when it can still be read, else renamed aside.
    """
    from desktop.services.library import inspect_library_file

    inspect_library_file(backup_path)
    if library_path.exists():
        try:
            inspect_library_file(library_path)
            take_backup(library_path, reason="before-restore")
        except Exception:  # damaged: keep its bytes aside rather than copy through SQLite
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            aside = library_path.with_name(f"{library_path.name}.damaged-{stamp}")
            library_path.replace(aside)
        for leftover in (Path(f"{library_path}-wal"), Path(f"{library_path}-shm")):
            leftover.unlink(missing_ok=True)
    source = sqlite3.connect(f"{backup_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(library_path)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return library_path
