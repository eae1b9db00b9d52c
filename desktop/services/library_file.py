"""Recognising a Buy-In library file with the standard library's ``sqlite3``, without writing.

Both ways of opening a library use these checks: ``desktop.services.library`` before it opens
(or refuses, with a message naming the problem) a file, and ``desktop.services.peek`` when it
shows the last proposal before the database layer has loaded. Standard library only, so the peek
stays cheap to import.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop import APP_NAME

SQLITE_HEADER = b"SQLite format 3\x00"
# The schema revision this version writes, for the readers that must not load SQLAlchemy (the
# later-start peek, the starter library's check). Kept equal to
# desktop.models.migrate.HEAD_REVISION by tests/services/test_peek.py.
HEAD_REVISION = "0003"


class NotThisLibrary(Exception):
    """The file is not a sound Buy-In library; ``kind`` says why: "damaged" (``detail`` says
    what is wrong in plain words; ``technical``, SQLite's own, for a log), "foreign" (a SQLite
    database without our tables) or "not_ours" (our tables, another application's marker)."""

    def __init__(self, kind: str, detail: str = "", technical: str = "") -> None:
        super().__init__(kind, detail)
        self.kind, self.detail, self.technical = kind, detail, technical


def has_sqlite_header(header: bytes) -> bool:
    """Whether the first 100 bytes of a file are a whole SQLite database header."""
    return len(header) >= 100 and header.startswith(SQLITE_HEADER)


def read_only_uri(path: Path) -> str:
    """A ``sqlite3`` URI that reads ``path`` without creating anything beside it.

    A plain read-only connection to a WAL database creates ``-wal`` and ``-shm`` files and leaves
    them behind. With no ``-wal`` file present every committed page is in the main file, so it
    can be read as immutable (no locks, no side files). A leftover ``-wal`` holds committed edits
    that must be seen, so then the normal read-only mode is used.
    """
    query = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def library_revision(connection: sqlite3.Connection) -> str | None:
    """The schema revision of the Buy-In library behind ``connection`` (None: not stamped);
    raises ``NotThisLibrary`` for anything else, ``sqlite3.DatabaseError`` for an unreadable
    file."""
    problems = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
    if problems != ["ok"]:
        # The check's own words ("*** in database main *** Page 3: btreeInitPage() returns
        # error code 11") mean nothing to the director; they are kept for a log.
        raise NotThisLibrary("damaged", "part of it cannot be read", str(problems[0]))
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not {"buyin_library", "alembic_version"} <= tables:
        raise NotThisLibrary("foreign")
    # Buy-In makes tables and indexes only. A view where a table belongs was read as the table
    # (one that never ends made opening the file hang), and a trigger would run on our writes.
    made_by_others = connection.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') ORDER BY name"
    ).fetchone()
    if made_by_others is not None:
        kind, name = made_by_others
        raise NotThisLibrary(
            "damaged", f"it holds a {kind}, {str(name)[:60]!r}, that Buy-In never makes"
        )
    marker = connection.execute("SELECT application FROM buyin_library").fetchone()
    if marker is None or marker[0] != APP_NAME:
        raise NotThisLibrary("not_ours")
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        # The tables are there but not the schema version every library is stamped with as it
        # is made: an upgrade cut short, or a file edited by hand. It cannot be upgraded safely.
        raise NotThisLibrary("damaged", "its schema version is missing")
    return str(row[0])
