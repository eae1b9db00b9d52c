"""Opening libraries: new ones are created at the current schema; files that are not Buy-In
libraries, or come from a newer Buy-In, are refused by name and left byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from desktop.models.migrate import head_revision
from desktop.services.library import (
    LibraryError,
    NewerLibraryError,
    NotALibraryError,
    open_library,
)
from desktop.services.proposals import create_proposal, list_proposals


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_library_is_created_at_the_current_schema(library_path: Path) -> None:
    library = open_library(library_path)
    library.close()
    with sqlite3.connect(library_path) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert revision == head_revision()
    assert mode == "wal"


def test_migrating_an_empty_database_to_head_matches_the_models(tmp_path: Path) -> None:
    """The migration scripts build exactly the schema the models describe: nothing missing,
    nothing extra, same types; otherwise an upgraded library would differ from a new one."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from desktop.models import Base, make_engine
    from desktop.models.migrate import current_revision, upgrade_to_head

    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade_to_head(engine)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    engine.dispose()
    assert differences == []


def test_a_library_from_a_newer_version_is_refused_and_untouched(library_path: Path) -> None:
    library = open_library(library_path)
    library.close()
    with sqlite3.connect(library_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = _digest(library_path)
    with pytest.raises(NewerLibraryError, match="newer version"):
        open_library(library_path)
    assert _digest(library_path) == before


def test_a_library_with_a_blank_schema_version_is_damaged_not_newer(library_path: Path) -> None:
    """It was called "saved by a newer version of Buy-In (schema )", which sends the director
    to update the app rather than to a backup."""
    library = open_library(library_path)
    library.close()
    with sqlite3.connect(library_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '  '")
    before = _digest(library_path)
    with pytest.raises(NotALibraryError, match="is damaged") as refused:
        open_library(library_path)
    assert "newer" not in str(refused.value)
    assert _digest(library_path) == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty file"),
        (b"Quarterly budget notes\nline two\n", "not a SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 40, "cut short"),
        (bytes(range(256)) * 64, "not a SQLite database"),
    ],
    ids=["empty", "text", "truncated-header", "random-bytes"],
)
def test_files_that_are_not_libraries_are_refused_and_untouched(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "not-a-library.buyinlib"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(NotALibraryError, match=expected):
        open_library(path)
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-library.buyinlib"]


def test_another_applications_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "contacts.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contact (name TEXT)")
        connection.execute("INSERT INTO contact VALUES ('Ada')")
    connection.close()
    before = _digest(path)
    with pytest.raises(NotALibraryError, match="not a Buy-In library"):
        open_library(path)
    assert _digest(path) == before


def test_a_truncated_library_is_refused_and_untouched(library_path: Path) -> None:
    library = open_library(library_path)
    for number in range(30):
        create_proposal(library, f"Proposal {number}", students=100, executive_summary="x" * 3000)
    library.close()
    data = library_path.read_bytes()
    library_path.write_bytes(data[: len(data) // 2])
    for leftover in library_path.parent.glob("*-wal"):
        leftover.unlink()
    before = _digest(library_path)
    with pytest.raises(LibraryError):
        open_library(library_path)
    assert _digest(library_path) == before


def test_edits_survive_closing_and_reopening(library_path: Path) -> None:
    library = open_library(library_path)
    create_proposal(library, "Kept", students=42)
    library.close()
    reopened = open_library(library_path)
    assert [p.name for p in list_proposals(reopened, with_figures=False)] == ["Kept"]
    reopened.close()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_pipe_named_as_the_library_is_refused_not_waited_on(tmp_path: Path) -> None:
    """Reading a named pipe for the library's header waited for ever, and every command with
    it."""
    path = tmp_path / "library.buyinlib"
    os.mkfifo(path)
    with pytest.raises(NotALibraryError, match="is not a file"):
        open_library(path)


@pytest.mark.parametrize("how", ["deleted", "moved", "replaced"])
def test_an_edit_to_a_library_deleted_or_replaced_while_open_is_refused_not_lost(
    library_path: Path, how: str
) -> None:
    """With the file deleted, moved to the bin or replaced by a sync client, every edit went
    on to the old file, said "Saved", and was gone when the library was next opened."""
    from desktop.services.library import LibraryGoneError

    library = open_library(library_path)
    try:
        create_proposal(library, "Before")
        if how == "deleted":
            library_path.unlink()
        elif how == "moved":
            library_path.rename(library_path.with_name("elsewhere.buyinlib"))
        else:
            other = open_library(library_path.with_name("other.buyinlib"))
            other.close()
            os.replace(library_path.with_name("other.buyinlib"), library_path)
        with pytest.raises(LibraryGoneError) as refused:
            create_proposal(library, "After")
        said = str(refused.value)
        assert "library.buyinlib" in said and "could not be saved" in said
        assert ("is gone" if how != "replaced" else "was replaced by another file") in said
        # Reading what it holds still works.
        assert [listing.name for listing in list_proposals(library)] == ["Before"]
    finally:
        library.close()


def test_making_or_upgrading_libraries_leaves_no_schema_objects_behind(tmp_path: Path) -> None:
    """Each library made or upgraded kept its migrations' tables reachable for the rest of the
    process (about 2,700 objects each, through the engine that ran them), so every later full
    garbage collection took longer: past a second, with the window frozen meanwhile."""
    import gc
    import shutil

    from sqlalchemy import Table

    oldest = min((Path(__file__).parents[1] / "fixtures" / "libraries").glob("schema-*.buyinlib"))

    def tables() -> int:
        gc.collect()
        return sum(isinstance(thing, Table) for thing in gc.get_objects())

    open_library(tmp_path / "first.buyinlib").close()  # the ORM's own tables, made once
    before = tables()
    for number in range(3):
        made = open_library(tmp_path / f"made-{number}.buyinlib")
        create_proposal(made, name="Riverside")
        made.close()
        upgraded = tmp_path / f"upgraded-{number}.buyinlib"
        shutil.copyfile(oldest, upgraded)
        open_library(upgraded).close()
    assert tables() == before


def test_a_library_in_memory_opens_at_the_current_schema() -> None:
    """Migrated on an engine of its own, a database in memory was gone before the library's
    engine saw it: every read failed with "no such table"."""
    from desktop.services.library import open_library_url

    library = open_library_url("sqlite://")
    try:
        create_proposal(library, name="Riverside")
        assert [p.name for p in list_proposals(library, with_figures=False)] == ["Riverside"]
    finally:
        library.close()
