"""Reading the last proposal straight from the file: the same proposal the services read, and
nothing at all (``None``) whenever the file or the proposal is out of the ordinary."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.models.migrate import HEAD_REVISION
from desktop.services import library_file, peek
from desktop.services.library import Library
from desktop.services.peek import peek_proposal
from desktop.services.snapshot import proposal_input

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "libraries"


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def test_the_revision_it_accepts_is_the_schema_this_version_writes() -> None:
    assert library_file.HEAD_REVISION == HEAD_REVISION


def test_it_reads_what_the_services_read_and_writes_nothing(
    library: Library, sample_id: int, library_path: Path
) -> None:
    expected = proposal_input(library, sample_id)
    library.close()  # as at a start: nothing else has the file open
    before = _files(library_path.parent)
    peeked = peek_proposal(library_path, sample_id)
    assert peeked is not None
    assert peeked.proposal_id == sample_id
    assert peeked.proposal_input == expected
    assert _files(library_path.parent) == before  # no byte changed, no side file created


def test_a_proposal_that_is_not_there_gives_nothing(
    library: Library, sample_id: int, library_path: Path
) -> None:
    assert peek_proposal(library_path, sample_id + 1) is None


def test_no_file_or_not_a_library_gives_nothing(tmp_path: Path) -> None:
    assert peek_proposal(tmp_path / "missing.buyinlib", 1) is None
    text = tmp_path / "notes.buyinlib"
    text.write_text("not a database " * 20, encoding="utf-8")
    assert peek_proposal(text, 1) is None
    other = tmp_path / "other.buyinlib"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE proposal (id INTEGER PRIMARY KEY, name TEXT)")
        connection.execute("INSERT INTO proposal VALUES (1, 'Someone else''s')")
    connection.close()
    assert peek_proposal(other, 1) is None


def test_a_library_at_an_older_schema_gives_nothing(tmp_path: Path) -> None:
    """It must be migrated first, after a backup: the normal path does both."""
    path = tmp_path / "old.buyinlib"
    shutil.copyfile(FIXTURES / "schema-0001.buyinlib", path)
    assert peek_proposal(path, 1) is None
    current = tmp_path / "current.buyinlib"
    shutil.copyfile(FIXTURES / f"schema-{HEAD_REVISION}.buyinlib", current)
    assert peek_proposal(current, 1) is not None


def test_a_damaged_library_gives_nothing(
    library: Library, sample_id: int, library_path: Path
) -> None:
    library.close()
    data = bytearray(library_path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 3 * page] = b"\xff" * page  # a page in the middle overwritten
    library_path.write_bytes(bytes(data))
    assert peek_proposal(library_path, sample_id) is None


def test_a_library_it_could_not_save_to_gives_nothing(
    library: Library, sample_id: int, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only file (or folder) is refused by the normal path with its reason; a preview
    would only raise hopes. Permissions are simulated: tests may run as an administrator."""
    library.close()
    real_access = os.access

    def read_only(path: object, mode: int) -> bool:
        return False if mode == os.W_OK else real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", read_only)
    assert peek_proposal(library_path, sample_id) is None
    monkeypatch.undo()
    assert peek_proposal(library_path, sample_id) is not None


def test_a_very_large_proposal_opens_the_normal_way(
    library: Library, sample_id: int, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = len(proposal_input(library, sample_id).items)
    monkeypatch.setattr(peek, "MAX_PREVIEW_ITEMS", items - 1)
    assert peek_proposal(library_path, sample_id) is None
    monkeypatch.setattr(peek, "MAX_PREVIEW_ITEMS", items)
    assert peek_proposal(library_path, sample_id) is not None


def test_edits_committed_but_not_yet_checkpointed_are_seen(
    library: Library, sample_id: int, library_path: Path
) -> None:
    """With the library still open elsewhere, recent edits live in the -wal file."""
    from desktop.services.proposals import rename_proposal

    rename_proposal(library, sample_id, "Renamed just now")
    assert Path(f"{library_path}-wal").exists()
    peeked = peek_proposal(library_path, sample_id)
    assert peeked is not None and peeked.proposal_input.name == "Renamed just now"
