"""Automatic backups and restoring them: a damaged library is one command (or one dialog) away
from yesterday's data, from the app and from ``buyin``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.cli import main as buyin
from desktop.paths import backups_dir_for
from desktop.services import backups as backups_module
from desktop.services.backups import (
    KEEP,
    backup_details,
    list_backups,
    restore_backup,
    take_backup,
)
from desktop.services.library import Library, LibraryError, NotALibraryError, open_library
from desktop.services.proposals import create_proposal, list_proposals
from tests.reliability.support import integrity, sha256

NAMES = ["Riverside 1:1", "Lakeside BYOD", "Hilltop refresh"]


def _make_library(path: Path) -> None:
    library = open_library(path)
    for name in NAMES:
        create_proposal(library, name, students=900, executive_summary="Why it matters. " * 200)
    library.close()


def _names(path: Path) -> list[str]:
    library = open_library(path)
    try:
        return sorted(item.name for item in list_proposals(library, with_figures=False))
    finally:
        library.close()


def _overwrite_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\x00garbage\xff" * 1024
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


def test_opening_a_library_backs_it_up_once_a_day(library_path: Path) -> None:
    _make_library(library_path)  # creating a library has nothing to back up yet
    assert list_backups(library_path) == []
    first = open_library(library_path)
    first.close()
    assert first.backup_on_open is not None and first.backup_problem is None
    second = open_library(library_path)
    second.close()
    assert second.backup_on_open is None  # today's backup exists already
    [info] = backup_details(library_path)
    assert info.reason == "daily" and info.reason_label == "Daily backup"
    assert info.size == info.path.stat().st_size > 0
    assert integrity(info.path) == ["ok"]


def test_a_backup_that_cannot_be_taken_does_not_stop_the_library_opening(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_library(library_path)

    def disk_full(path: Path) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("desktop.services.library.take_daily_backup", disk_full)
    library = open_library(library_path)
    library.close()
    assert library.backup_problem == (
        f"Today's backup of {library_path.name} could not be taken: the disk is full; free "
        "some space there, as edits need room too. The library itself is unchanged; the backup "
        "is tried again the next time the library opens."
    )
    assert _names(library_path) == sorted(NAMES)


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (PermissionError(13, "Permission denied"), "the folder {folder} cannot be written"),
        (OSError(36, "File name too long"), "File name too long"),
        (
            sqlite3.DatabaseError("database disk image is malformed"),
            "the library could not be read for the copy (database disk image is malformed)",
        ),
    ],
)
def test_a_failed_backup_says_why_in_words_without_the_raw_error(
    library_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, said: str
) -> None:
    _make_library(library_path)

    def failing(path: Path) -> Path:
        raise error

    monkeypatch.setattr("desktop.services.library.take_daily_backup", failing)
    library = open_library(library_path)
    library.close()
    problem = library.backup_problem or ""
    assert said.format(folder=backups_dir_for(library_path)) in problem
    assert "Errno" not in problem and "unchanged" in problem


def test_only_the_newest_backups_are_kept(library_path: Path) -> None:
    _make_library(library_path)
    made = [take_backup(library_path, reason="daily") for _ in range(KEEP + 5)]
    kept = list_backups(library_path)
    assert len(kept) == KEEP
    assert kept == sorted(made, reverse=True)[:KEEP]


def test_another_librarys_backups_are_not_listed(tmp_path: Path) -> None:
    one, other = tmp_path / "library.buyinlib", tmp_path / "library-old.buyinlib"
    _make_library(one)
    _make_library(other)
    take_backup(other, reason="daily")
    assert list_backups(one) == []
    assert len(list_backups(other)) == 1


@pytest.mark.parametrize("damage", [_overwrite_middle, _truncate], ids=["overwritten", "truncated"])
def test_a_damaged_library_is_restored_from_its_backup(library_path: Path, damage: object) -> None:
    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    damage(library_path)  # type: ignore[operator]
    damaged_bytes = library_path.read_bytes()
    with pytest.raises(LibraryError, match="damaged|not a Buy-In library"):
        open_library(library_path)
    restore_backup(backup, library_path)
    assert integrity(library_path) == ["ok"]
    assert _names(library_path) == sorted(NAMES)
    # The damaged file is kept aside, byte for byte, never deleted.
    [aside] = library_path.parent.glob("library.buyinlib.damaged-*[0-9]")
    assert aside.read_bytes() == damaged_bytes


def test_restoring_keeps_the_current_library_as_a_backup_first(library_path: Path) -> None:
    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    library = open_library(library_path)
    create_proposal(library, "Added after the backup", students=5)
    library.close()
    restore_backup(backup, library_path)
    assert _names(library_path) == sorted(NAMES)
    before_restore = [b for b in list_backups(library_path) if b.name.endswith("restore.buyinlib")]
    assert len(before_restore) == 1
    restore_backup(before_restore[0], library_path)  # and the restore can be undone
    assert "Added after the backup" in _names(library_path)


def test_restoring_while_the_library_is_open_shows_the_restored_data(library_path: Path) -> None:
    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    library = open_library(library_path)
    try:
        create_proposal(library, "Uncommitted idea", students=5)
        restore_backup(backup, library_path)
        names = sorted(item.name for item in list_proposals(library, with_figures=False))
        assert names == sorted(NAMES)
        create_proposal(library, "After the restore", students=5)  # still writable
    finally:
        library.close()
    assert integrity(library_path) == ["ok"]
    assert "After the restore" in _names(library_path)


def test_a_bad_backup_file_is_refused_and_the_library_is_untouched(
    library_path: Path, tmp_path: Path
) -> None:
    _make_library(library_path)
    fake = tmp_path / "backup.buyinlib"
    fake.write_text("not a database", encoding="utf-8")
    before = sha256(library_path)
    with pytest.raises(NotALibraryError):
        restore_backup(fake, library_path)
    with pytest.raises(LibraryError, match="no backup file"):
        restore_backup(tmp_path / "missing.buyinlib", library_path)
    assert sha256(library_path) == before
    assert list_backups(library_path) == []


def test_the_command_line_lists_and_restores_backups(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_library(library_path)
    assert buyin(["--library", str(library_path), "backups"]) == 0
    assert "No backups" in capsys.readouterr().out
    backup = take_backup(library_path, reason="daily")
    assert buyin(["--library", str(library_path), "backups"]) == 0
    assert str(backup) in capsys.readouterr().out
    _truncate(library_path)
    assert buyin(["--library", str(library_path), "list"]) == 2
    assert "damaged" in capsys.readouterr().err
    assert buyin(["--library", str(library_path), "restore-backup", str(backup)]) == 0
    assert backup.name in capsys.readouterr().out
    assert buyin(["--library", str(library_path), "list"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in NAMES)


def test_the_command_line_refuses_a_bad_backup_with_a_message(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _make_library(library_path)
    fake = tmp_path / "notes.txt"
    fake.write_text("hello", encoding="utf-8")
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(fake)]) == 2
    assert "not a SQLite database" in capsys.readouterr().err
    assert sha256(library_path) == before


def test_backup_files_are_complete_sqlite_copies_even_mid_write(library_path: Path) -> None:
    """A backup taken while edits are still in the -wal log contains them."""
    _make_library(library_path)
    library = open_library(library_path)
    try:
        create_proposal(library, "Still in the log", students=5)
        backup = take_backup(library_path, reason="daily")
    finally:
        library.close()
    connection = sqlite3.connect(f"{backup.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM proposal")}
    finally:
        connection.close()
    assert "Still in the log" in names
    assert backups_module.backup_details(library_path)[0].path == backup


def test_restoring_the_oldest_of_a_full_set_of_backups_keeps_it(tmp_path: Path) -> None:
    """Taking the before-restore copy must not prune away the very backup being restored."""
    path = tmp_path / "library.buyinlib"
    library = open_library(path)
    create_proposal(library, "Only in the oldest backup", students=10)
    library.close()
    for _ in range(KEEP):
        take_backup(path, reason="manual")
    oldest = list_backups(path)[-1]
    library = open_library(path)
    create_proposal(library, "Made after the backups", students=10)
    library.close()
    restore_backup(oldest, path)
    assert oldest.exists()
    restored = open_library(path)
    try:
        assert [p.name for p in list_proposals(restored, with_figures=False)] == [
            "Only in the oldest backup"
        ]
    finally:
        restored.close()


def test_a_restore_aimed_at_something_else_moves_nothing_aside(
    library_path: Path, tmp_path: Path
) -> None:
    """Only a library that may have been harmed is renamed out of the way. A folder, a note, or
    another app's database named by mistake stay where and what they are; a library from a
    newer version is not overwritten with an older backup."""
    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    folder = tmp_path / "Documents"
    (folder / "inside").mkdir(parents=True)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    other_app = tmp_path / "photos.buyinlib"
    with sqlite3.connect(other_app) as connection:
        connection.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY)")
    other_app_hash = sha256(other_app)
    for target, reason in (
        (folder, "not a library file"),
        (notes, "not a Buy-In library"),
        (other_app, "not a Buy-In library"),
    ):
        with pytest.raises(LibraryError, match=reason) as refused:
            restore_backup(backup, target)
        assert "Nothing was restored" in str(refused.value) or "nothing was restored" in str(
            refused.value
        )
    assert (folder / "inside").is_dir()
    assert notes.read_text(encoding="utf-8") == "my notes"
    assert sha256(other_app) == other_app_hash
    assert sorted(path.name for path in tmp_path.iterdir() if "damaged" in path.name) == []


@pytest.mark.parametrize("name", ["district.db", "Library.BUYINLIB"])
def test_a_damaged_library_of_any_name_with_backups_is_restored(tmp_path: Path, name: str) -> None:
    """A library may have any name (--library); one with backups of its own is a library, and
    its damaged file is moved aside for the restore, whatever its extension or its case."""
    path = tmp_path / name
    _make_library(path)
    backup = take_backup(path, reason="daily")
    _truncate(path)
    restore_backup(backup, path)
    assert _names(path) == sorted(NAMES)


@pytest.mark.parametrize("name", ["from-colleague.buyin", "from-colleague.buyinlib"])
def test_a_shared_proposal_file_is_not_restored_over_the_library(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A colleague's one-proposal .buyin file was "restored" over a library of three: two
    proposals were left only in the before-restore backup. Renamed ".buyinlib", it still was:
    the file is now told by what it holds, not by its name."""
    from desktop.services.proposal_files import export_proposal_file

    _make_library(library_path)
    library = open_library(library_path)
    try:
        shared = tmp_path / "from-colleague.buyin"
        export_proposal_file(library, list_proposals(library)[0].id, shared)
        shared = shared.rename(tmp_path / name)
    finally:
        library.close()
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(shared)]) == 2
    error = capsys.readouterr().err
    assert f"{name} is a shared proposal file, not a backup" in error
    assert "buyin import-proposal" in error and "nothing was restored" in error
    assert sha256(library_path) == before


def test_a_damaged_shared_proposal_file_is_not_sent_to_an_import_that_fails(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .buyin cut short was told "Import it instead", and the import then refused it: the
    refusal now says what is wrong with the file itself."""
    _make_library(library_path)
    damaged = tmp_path / "from-colleague.buyin"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(damaged)]) == 2
    error = capsys.readouterr().err
    assert "from-colleague.buyin is damaged or not a Buy-In proposal file" in error
    assert "Import it instead" not in error
    assert "named as a shared proposal file, not a backup of a library" in error
    assert "nothing was restored" in error
    assert sha256(library_path) == before


def test_a_whole_library_named_like_a_shared_file_is_told_how_to_restore_it(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library copied to "renamed.buyin" was told it was not a backup and to use a backup
    instead: it is one, under the wrong name."""
    import shutil

    _make_library(library_path)
    renamed = tmp_path / "renamed.buyin"
    shutil.copyfile(library_path, renamed)
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(renamed)]) == 2
    error = capsys.readouterr().err
    assert "renamed.buyin holds a whole library, though it is named as a shared proposal" in error
    assert "rename it to end in .buyinlib and restore that" in error
    assert "not a backup" not in error
    assert sha256(library_path) == before


def test_a_file_named_like_a_backup_with_no_real_date_is_not_one(
    library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "library-20261399-250000-000000-daily.buyinlib" in the backups folder made every
    command stop with a traceback: month 13 is no date, so it is no backup of ours."""
    _make_library(library_path)
    taken = take_backup(library_path, reason="daily")
    odd = taken.with_name(f"{library_path.stem}-20261399-250000-000000-daily.buyinlib")
    odd.write_bytes(taken.read_bytes())
    assert list_backups(library_path) == [taken]
    assert buyin(["--library", str(library_path), "list"]) == 0
    assert buyin(["--library", str(library_path), "backups"]) == 0
    assert odd.name not in capsys.readouterr().out


def test_a_backup_copied_with_its_log_is_restored_with_the_edits_the_log_holds(
    tmp_path: Path,
) -> None:
    """The restore checked a copy together with its "-wal" file but copied it without, and
    said "Restored" over data from before the edits the log held."""
    import shutil

    source = tmp_path / "elsewhere.buyinlib"
    _make_library(source)
    writer = sqlite3.connect(source)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE proposal SET name = 'Edited in the log' WHERE id = 1")
    writer.commit()
    copy = tmp_path / "copied.buyinlib"
    shutil.copyfile(source, copy)
    shutil.copyfile(f"{source}-wal", f"{copy}-wal")  # copied while the edit is in the log
    writer.close()
    library_path = tmp_path / "library.buyinlib"
    _make_library(library_path)
    restore_backup(copy, library_path)
    assert "Edited in the log" in _names(library_path)


def test_a_backup_holding_a_value_buyin_cannot_read_is_not_restored(
    library: Library, sample_id: int, library_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A backup changed outside Buy-In (an item's quantity "lots") was restored, and the
    library then refused every figure and export of the proposal, the good library set aside."""
    backup = take_backup(library_path, reason="daily")
    library.close()
    connection = sqlite3.connect(backup)
    try:
        connection.execute(
            "UPDATE item SET quantity = 'lots' WHERE id = (SELECT min(id) FROM item)"
        )
        connection.commit()
    finally:
        connection.close()
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(backup)]) == 2
    error = capsys.readouterr().err
    assert f"{backup.name} holds values Buy-In cannot read (in “Riverside" in error
    assert "Nothing was restored; choose another backup." in error
    assert sha256(library_path) == before


def test_a_starter_librarys_own_backup_is_restored_though_it_looks_like_a_shared_file(
    tmp_path: Path,
) -> None:
    """A backup taken as a starter library is first opened holds one proposal out of log
    mode, as a shared proposal file does; from the library's own backups folder, it is a
    backup and is restored."""
    from desktop.services.proposal_files import is_shared_proposal_content
    from desktop.services.starter import place_starter_library

    path = tmp_path / "library.buyinlib"
    place_starter_library(path)
    library = open_library(path, create=False)
    backup = library.backup_on_open
    library.close()
    assert backup is not None and is_shared_proposal_content(backup)
    assert restore_backup(backup, path)
    assert len(_names(path)) == 1


def test_a_restore_says_what_it_replaced_and_how_to_undo_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another person's library, restored over this one, replaced every proposal with its own,
    and `buyin restore-backup` printed only "Restored their.buyinlib.": nothing said the old
    library was kept, nor where, nor how to get it back."""
    mine = tmp_path / "mine" / "library.buyinlib"
    mine.parent.mkdir()
    _make_library(mine)
    theirs = tmp_path / "their.buyinlib"
    library = open_library(theirs)
    create_proposal(library, "Their plan", students=10)
    library.close()
    assert buyin(["--library", str(mine), "restore-backup", str(theirs)]) == 0
    [kept] = [b for b in list_backups(mine) if b.name.endswith("-before-restore.buyinlib")]
    assert capsys.readouterr().out == (
        "Restored their.buyinlib: library.buyinlib now holds its 1 proposal in place of the 3 "
        f"it held. The library as it was is kept as the backup {kept}; to undo this, restore "
        "that one.\n"
    )
    assert _names(mine) == ["Their plan"]
    assert buyin(["--library", str(mine), "restore-backup", str(kept)]) == 0
    assert _names(mine) == sorted(NAMES)


def test_a_library_is_not_restored_onto_itself(
    library_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring the library onto itself "succeeded", and made a backup for nothing."""
    _make_library(library_path)
    before = sha256(library_path)
    link = tmp_path / "same.buyinlib"
    link.symlink_to(library_path)
    for named in (library_path, link):
        with pytest.raises(LibraryError) as refused:
            restore_backup(named, library_path)
        assert str(refused.value) == (
            f"{named.name} is the library itself, not a backup of it: nothing was restored. "
            "Choose one of its backups (File ▸ Restore a backup…, or `buyin backups`)."
        )
    assert buyin(["--library", str(library_path), "restore-backup", str(library_path)]) == 2
    assert "is the library itself" in capsys.readouterr().err
    assert sha256(library_path) == before and list_backups(library_path) == []


@pytest.mark.parametrize("damage", [_overwrite_middle, _truncate], ids=["overwritten", "truncated"])
def test_a_damaged_backup_is_refused_with_advice_that_fits_a_restore(
    library_path: Path, damage: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """Restoring from a damaged backup said, of the backup, "Restore it from a backup", with
    SQLite's own words ("database disk image is malformed") in the middle."""
    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    damage(backup)  # type: ignore[operator]
    before = sha256(library_path)
    assert buyin(["--library", str(library_path), "restore-backup", str(backup)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"buyin: {backup} is damaged")
    assert error.endswith("Nothing was restored; choose another backup.\n")
    assert "Restore it from a backup" not in error and "malformed" not in error
    assert sha256(library_path) == before


def test_two_libraries_of_one_name_in_one_folder_keep_their_own_backups(tmp_path: Path) -> None:
    """ "district.db" and "district.sqlite" side by side shared their backups by the name they
    have in common: the second never got a daily backup of its own (it found the first's), and
    restoring "its" backup put the other library's proposals in its place."""
    first, second = tmp_path / "district.sqlite", tmp_path / "district.db"
    for path, name in ((first, "Riverside 1:1"), (second, "Lakeside BYOD")):
        library = open_library(path)
        create_proposal(library, name, students=900)
        library.close()
        open_library(path).close()  # opening takes the day's backup
    own = {path: list_backups(path) for path in (first, second)}
    assert len(own[first]) == 1 and len(own[second]) == 1
    assert own[first] != own[second]
    assert own[first][0].name.startswith("district.sqlite-")
    for path, name in ((first, "Riverside 1:1"), (second, "Lakeside BYOD")):
        restore_backup(list_backups(path)[-1], path)
        assert _names(path) == [name]
    # Backups taken before, under the name without its ending, stay in view while no other
    # library beside it has that name (here "district.sqlite" does).
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "backups").mkdir()
    lone = alone / "school.db"
    _make_library(lone)
    legacy = alone / "backups" / "school-20260101-120000-000000-daily.buyinlib"
    legacy.write_bytes(lone.read_bytes())
    assert legacy in list_backups(lone)
    assert not any(backup.name.startswith("district-") for backup in list_backups(first))
    # A library of this app's own kind keeps the names its backups always had.
    library_path = tmp_path / "library.buyinlib"
    _make_library(library_path)
    take_backup(library_path, reason="manual")
    assert any(backup.name.startswith("library-2") for backup in list_backups(library_path))


def test_a_restore_into_a_read_only_library_is_refused_before_anything_is_written(
    library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Restoring into a read-only library took a "before-restore" copy of it, then failed in
    SQLite's words ("attempt to write a readonly database"); a folder named as the backup was
    "no backup file at …", as if it were not there."""
    import os

    from tests.reliability.test_bad_files import RUNNING_AS_ROOT, _deny_writes_to

    _make_library(library_path)
    backup = take_backup(library_path, reason="daily")
    before = sorted(path.name for path in backups_dir_for(library_path).iterdir())
    library_hash = sha256(library_path)
    os.chmod(library_path, 0o444)
    if RUNNING_AS_ROOT:
        _deny_writes_to(monkeypatch, library_path)
    try:
        with pytest.raises(LibraryError) as refused:
            restore_backup(backup, library_path)
    finally:
        os.chmod(library_path, 0o644)
    assert str(refused.value) == (
        f"{library_path} is read-only, so nothing can be restored into it; nothing was "
        "changed. Change its permissions, or restore into a copy you can write to."
    )
    assert sorted(path.name for path in backups_dir_for(library_path).iterdir()) == before
    assert sha256(library_path) == library_hash
    with pytest.raises(LibraryError, match="is a folder, not a backup file"):
        restore_backup(tmp_path, library_path)


def test_a_library_with_a_long_name_is_backed_up_every_day_and_before_an_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup's name adds its time and reason (about 40 bytes) to the library's: a library
    whose name was near the 255 bytes a file's name may have was never backed up ("File name
    too long"). Two such names that differ only at their end keep their own backups."""
    words = "Riverside Unified School District technology plans library "
    long = (words * 4)[:215]
    libraries = [tmp_path / f"{long} {end}.buyinlib" for end in ("2026–27", "2027–28")]
    libraries.append(tmp_path / f"{'é' * 115}.sqlite")  # 230 bytes: letters of two bytes
    for path in libraries:
        assert len(path.name.encode("utf-8")) > 220
        _make_library(path)
        opened = open_library(path)
        opened.close()
        assert opened.backup_problem is None and opened.backup_on_open is not None
    backups = {path: list_backups(path) for path in libraries}
    for path, own in backups.items():
        assert len(own) == 1, path.name
        name = own[0].name
        assert len(name.encode("utf-8")) <= 255 - len(".partial-journal")
        # Recognisable: the name's start, and its end, before the time the backup was taken.
        assert name.startswith(path.name[:30]) and integrity(own[0]) == ["ok"]
    assert "2026–27~" in backups[libraries[0]][0].name
    assert backups[libraries[0]] != backups[libraries[1]]
    restore_backup(backups[libraries[1]][0], libraries[1])
    assert _names(libraries[1]) == sorted(NAMES)
    # The backup a schema upgrade takes first.
    upgraded = libraries[0]
    monkeypatch.setattr("desktop.services.library.head_revision", lambda: "9999_next")
    monkeypatch.setattr("desktop.services.library.upgrade_to_head", lambda engine: None)
    open_library(upgraded).close()
    assert "before-upgrade" in [info.reason for info in backup_details(upgraded)]
