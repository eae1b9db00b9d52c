"""Files the app must refuse to open, and how: a message naming the problem, not one byte
written, no new file beside it. And one it must open: a library with a leftover ``-wal`` log."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main as buyin
from desktop.services.library import (
    LibraryError,
    LibraryReadOnlyError,
    NewerLibraryError,
    NotALibraryError,
    open_library,
)
from desktop.services.proposals import create_proposal, list_proposals
from tests.reliability.support import folder_listing, sha256

SAMPLE_JSON = Path(__file__).resolve().parents[2] / "resources/sample/riverside_one_to_one.json"
RUNNING_AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _library_with_data(path: Path, proposals: int = 20) -> None:
    library = open_library(path)
    for number in range(proposals):
        create_proposal(library, f"Proposal {number}", students=100, executive_summary="x" * 4000)
    library.close()


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    _library_with_data(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _text_file(path: Path) -> None:
    path.write_text("District budget notes\n2025: laptops, Wi-Fi\n", encoding="utf-8")


def _other_apps_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE contact (name TEXT, phone TEXT)")
    connection.execute("INSERT INTO contact VALUES ('Ada', '555-0100')")
    connection.commit()
    connection.close()


def _newer_library(path: Path) -> None:
    _library_with_data(path, proposals=1)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    connection.commit()
    connection.close()


def _unstamped_library(path: Path) -> None:
    """Its tables are there but not its schema version (an upgrade cut short): upgrading it
    from scratch would fail half-way on tables that exist."""
    _library_with_data(path, proposals=1)
    connection = sqlite3.connect(path)
    connection.execute("DELETE FROM alembic_version")
    connection.commit()
    connection.close()


def _library_with_damaged_page(path: Path) -> None:
    _library_with_data(path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xde\xad\xbe\xef" * 1024
    path.write_bytes(bytes(data))


BAD_FILES: dict[str, tuple[Callable[[Path], None], type[LibraryError], tuple[str, ...]]] = {
    "zero-byte": (_zero_bytes, NotALibraryError, ("empty file",)),
    "truncated-library": (_truncated, LibraryError, ("damaged", "left untouched")),
    "random-bytes": (_random_bytes, NotALibraryError, ("not a SQLite database",)),
    "text-file": (_text_file, NotALibraryError, ("not a Buy-In library",)),
    "other-apps-sqlite": (_other_apps_database, NotALibraryError, ("not a Buy-In library",)),
    "newer-version": (_newer_library, NewerLibraryError, ("newer version", "Update")),
    "no-schema-version": (_unstamped_library, NotALibraryError, ("damaged", "schema version")),
    "damaged-page": (_library_with_damaged_page, LibraryError, ("damaged",)),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_by_name_and_left_exactly_as_it_was(
    tmp_path: Path, case: str
) -> None:
    make, error_type, words = BAD_FILES[case]
    path = tmp_path / "library.buyinlib"
    make(path)
    for leftover in tmp_path.glob("*-[ws][ah][lm]"):  # only the file itself is under test
        leftover.unlink()
    before, listing = sha256(path), folder_listing(tmp_path)
    with pytest.raises(error_type) as refused:
        open_library(path)
    message = str(refused.value)
    for word in words:
        assert word in message
    assert path.name in message
    assert sha256(path) == before
    assert folder_listing(tmp_path) == listing


@pytest.mark.parametrize("case", ["zero-byte", "random-bytes", "newer-version", "damaged-page"])
def test_the_command_line_reports_a_bad_file_and_exits_2(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _, words = BAD_FILES[case]
    path = tmp_path / "library.buyinlib"
    make(path)
    before = sha256(path)
    assert buyin(["--library", str(path), "list"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("buyin: ") and words[0] in error
    assert "Traceback" not in error
    assert sha256(path) == before


def test_a_folder_instead_of_a_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "library.buyinlib"
    folder.mkdir()
    with pytest.raises(NotALibraryError, match="is a folder"):
        open_library(folder)
    assert folder_listing(tmp_path) == ["library.buyinlib"]


def _deny_writes_to(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    """Root ignores permission bits, so there the check itself is made to see a read-only
    path: the message and the refusal are what is under test, not the kernel."""
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if Path(str(path)) == denied and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


def test_a_read_only_library_is_refused_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.buyinlib"
    _library_with_data(path, proposals=2)
    os.chmod(path, 0o444)
    if RUNNING_AS_ROOT:
        _deny_writes_to(monkeypatch, path)
    before, listing = sha256(path), folder_listing(tmp_path)
    try:
        with pytest.raises(LibraryReadOnlyError, match="read-only") as refused:
            open_library(path)
        assert "permissions" in str(refused.value)
        assert sha256(path) == before
        assert folder_listing(tmp_path) == listing
    finally:
        os.chmod(path, 0o644)


def _library_in_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A folder the tests cannot write to (the caller makes it writable again) and the
    library of two proposals in it."""
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    path = folder / "library.buyinlib"
    _library_with_data(path, proposals=2)
    os.chmod(folder, 0o555)
    if RUNNING_AS_ROOT:
        _deny_writes_to(monkeypatch, folder)
    return folder, path


def test_a_library_in_a_read_only_folder_is_refused_and_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, path = _library_in_read_only_folder(tmp_path, monkeypatch)
    before, listing = sha256(path), folder_listing(folder)
    try:
        with pytest.raises(LibraryReadOnlyError, match="folder .* is read-only"):
            open_library(path)
        assert sha256(path) == before
        assert folder_listing(folder) == listing
    finally:
        os.chmod(folder, 0o755)


def test_a_library_on_a_read_only_drive_can_still_be_read_and_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library on a read-only share or disk was refused even by the commands that only read
    it: the director could not list it or print its case. They now read it without writing a
    byte in or beside it (no backup, no journal); an edit is still refused with the reason."""
    folder, path = _library_in_read_only_folder(tmp_path, monkeypatch)
    before, listing = sha256(path), folder_listing(folder)
    out = tmp_path / "out"
    out.mkdir()
    try:
        library = ["--library", str(path)]
        assert buyin([*library, "list"]) == 0
        assert "Proposal 0" in capsys.readouterr().out
        assert buyin([*library, "export-pdf", "--proposal", "Proposal 1",
                      "--out", str(out / "case.pdf")]) == 0  # fmt: skip
        assert buyin([*library, "export-xlsx", "--proposal", "1",
                      "--out", str(out / "case.xlsx")]) == 0  # fmt: skip
        assert (out / "case.pdf").read_bytes().startswith(b"%PDF")
        assert (out / "case.xlsx").stat().st_size > 0
        capsys.readouterr()
        assert buyin([*library, "import-json", str(SAMPLE_JSON)]) == 2
        assert "read-only" in capsys.readouterr().err
        # A quote checked without importing it writes nothing, so it is read as it is.
        quote = out / "quote.csv"
        quote.write_text("Item,Quantity,Unit price\nSwitch,2,10\n", encoding="utf-8")
        assert buyin([*library, "import-items", str(quote), "--proposal", "1", "--dry-run"]) == 0
        assert "Would import 1 item" in capsys.readouterr().out
        assert buyin([*library, "import-items", str(quote), "--proposal", "1"]) == 2
        assert "read-only" in capsys.readouterr().err
        opened = open_library(path, read_only=True)
        try:
            assert sorted(p.name for p in list_proposals(opened)) == ["Proposal 0", "Proposal 1"]
            with pytest.raises(Exception, match="readonly"):
                create_proposal(opened, "Not saved", students=1)
        finally:
            opened.close()
        assert sha256(path) == before
        assert folder_listing(folder) == listing
    finally:
        os.chmod(folder, 0o755)


def test_reading_a_library_that_is_not_there_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`buyin list` on a mistyped path made the folders and an empty library there."""
    path = tmp_path / "no such folder" / "library.buyinlib"
    assert buyin(["--library", str(path), "list"]) == 2
    assert f"There is no library at {path}" in capsys.readouterr().err
    assert folder_listing(tmp_path) == []


def test_a_new_library_cannot_be_created_in_a_read_only_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shared-drive"
    folder.mkdir()
    os.chmod(folder, 0o555)
    if RUNNING_AS_ROOT:
        _deny_writes_to(monkeypatch, folder)
    try:
        with pytest.raises(LibraryReadOnlyError, match="read-only"):
            open_library(folder / "library.buyinlib")
        assert folder_listing(folder) == []
    finally:
        os.chmod(folder, 0o755)


_CRASH_AFTER_EDIT = """
import os, sys
sys.path.insert(0, sys.argv[2])
from desktop.services.library import open_library
from desktop.services.proposals import create_proposal
library = open_library(sys.argv[1])
create_proposal(library, "Only in the log", students=321)
os.kill(os.getpid(), 9)  # no clean close: the edit stays in the -wal file
"""


def test_a_library_with_a_leftover_wal_log_opens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "library.buyinlib"
    _library_with_data(path, proposals=1)
    checkout = str(Path(__file__).resolve().parents[2])
    subprocess.run([sys.executable, "-c", _CRASH_AFTER_EDIT, str(path), checkout], check=False)
    wal = Path(f"{path}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    library = open_library(path)
    try:
        names = [listing.name for listing in list_proposals(library, with_figures=False)]
    finally:
        library.close()
    assert sorted(names) == ["Only in the log", "Proposal 0"]


def test_a_copy_replaces_a_library_with_its_journal_and_never_an_open_one(
    tmp_path: Path,
) -> None:
    """A library copied over another file took that file's place but not its leftover
    journal, and SQLite replayed the old journal over the copy: the "copy" showed the other
    library's proposals. Copying over a library open in the app is refused outright."""
    from desktop.services.library import copy_library

    source = tmp_path / "shared.buyinlib"
    _library_with_data(source, proposals=2)
    target = tmp_path / "mine.buyinlib"
    _library_with_data(target, proposals=1)
    open_target = open_library(target)  # holds a -wal beside the target
    create_proposal(open_target, "Written to the journal", students=1)
    assert Path(f"{target}-wal").exists()
    with pytest.raises(LibraryError, match="open now"):
        copy_library(source, target)
    journal = Path(f"{target}-wal").read_bytes()
    open_target.close()
    Path(f"{target}-wal").write_bytes(journal)  # as a crash would leave it
    copy_library(source, target)
    copied = open_library(target)
    try:
        assert sorted(p.name for p in list_proposals(copied)) == ["Proposal 0", "Proposal 1"]
    finally:
        copied.close()


def _disk_error(text: str, code: int, name: str) -> sqlite3.OperationalError:
    """The error SQLite raises when the disk under a library fails it."""
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode, error.sqlite_errorname = code, name
    return error


def _no_room_for_the_shared_memory_file(connection: sqlite3.Connection) -> str | None:
    # On a full disk a reader of a library with a "-wal" log cannot grow its "-shm" file.
    raise _disk_error("disk I/O error", 4874, "SQLITE_IOERR_SHMSIZE")


def _disk_full(connection: sqlite3.Connection) -> str | None:
    raise _disk_error("database or disk is full", 13, "SQLITE_FULL")


@pytest.mark.parametrize("failure", [_no_room_for_the_shared_memory_file, _disk_full])
def test_a_library_on_a_full_disk_is_not_called_damaged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: Callable[[sqlite3.Connection], str | None],
) -> None:
    """With the disk full, `buyin list` said the library "is damaged or not a Buy-In library
    (disk I/O error)": a director told so restores a backup over a sound library."""
    path = tmp_path / "library.buyinlib"
    _library_with_data(path, proposals=1)
    before = sha256(path)
    monkeypatch.setattr("desktop.services.library.library_revision", failure)
    with pytest.raises(LibraryError) as refused:
        open_library(path)
    assert not isinstance(refused.value, NotALibraryError)
    message = str(refused.value)
    assert "damaged" not in message and "not a Buy-In library" not in message
    assert message == (
        f"{path} could not be read: the disk it is on reported an error (it may be full). "
        "Nothing was changed; free some space on that disk and try again."
    )
    assert buyin(["--library", str(path), "list"]) == 1
    assert capsys.readouterr().err == f"buyin: {message}\n"
    assert sha256(path) == before


# SQLite's own words, which mean nothing to a director ("*** in database main *** Page 3:
# btreeInitPage() returns error code 11").
SQLITE_WORDS = ("***", "btree", "error code", "malformed", "sqlite3", "disk image", "Page ")


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_bad_file_is_refused_in_plain_words(tmp_path: Path, case: str) -> None:
    make, error_type, _words = BAD_FILES[case]
    path = tmp_path / "library.buyinlib"
    make(path)
    with pytest.raises(error_type) as refused:
        open_library(path)
    message = str(refused.value)
    assert not [word for word in SQLITE_WORDS if word in message], message


def test_a_damaged_page_is_named_as_such_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "library.buyinlib"
    _library_with_damaged_page(path)
    with pytest.raises(NotALibraryError) as refused:
        open_library(path)
    assert str(refused.value) == (
        f"{path} is damaged (part of it cannot be read). Restore it from a backup (File ▸ "
        "Restore a backup, or `buyin restore-backup`)."
    )
