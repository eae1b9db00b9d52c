"""The engine factory: how a library file is connected to, with settings fit for a document store.

- ``foreign_keys=ON``: SQLite ignores foreign keys unless asked, and links must never dangle.
- ``journal_mode=WAL`` with ``synchronous=FULL``: every committed edit is on disk before the
  commit returns (FULL syncs the write-ahead log at each commit), so a crash or a power cut loses
  nothing that was acknowledged; WAL also lets a second window read while the first writes.
  NORMAL would be faster but may drop the last commits on power loss, which this app must not do.
- ``busy_timeout``: a second instance waits for the first one's short write instead of failing.
- Python 3.11's sqlite3 driver opens transactions lazily and skips BEGIN before some statements;
  following SQLAlchemy's documented recipe the driver's own handling is switched off and the engine
  emits BEGIN itself, so every service call is one real transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path) -> URL:
    """A SQLAlchemy URL for a library file.

    A name holding bytes that are not UTF-8 (a Latin-1 "é" from an old file server) cannot be
    passed as text, so such a file is named by its ``file:`` URI, which spells those bytes out
    ("%E9") and opens it read-write as the plain name would."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return sqlite_uri_url(Path(path).resolve().as_uri())
    return URL.create("sqlite+pysqlite", database=str(path))


def sqlite_uri_url(uri: str) -> URL:
    """A SQLAlchemy URL for a SQLite ``file:`` URI, such as a read-only one."""
    return URL.create("sqlite+pysqlite", database=uri, query={"uri": "true"})


def make_engine(url: URL | str, *, read_only: bool = False) -> Engine:
    """Create an engine for a library URL; SQLite gets the durability settings described above."""
    engine = create_engine(url, connect_args=_connect_args(url))
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, read_only=read_only)
    return engine


def _connect_args(url: URL | str) -> dict[str, Any]:
    if str(url).startswith("sqlite"):
        return {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    return {}


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None  # the engine emits BEGIN itself (see "begin")
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services hand plain data back after committing.
    return sessionmaker(engine, expire_on_commit=False)
