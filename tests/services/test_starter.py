"""The starter library a first start copies into place: the sample, ready-made, exactly as
importing the sample's proposal file into a new library makes it; placed only where nothing is,
and refused (placing nothing) whenever it is not sound or current."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import desktop.services.starter as starter_module
from desktop import __version__
from desktop.models.migrate import HEAD_REVISION
from desktop.services.library import open_library
from desktop.services.proposal_format import export_document
from desktop.services.proposals import add_sample_proposal, list_proposals
from desktop.services.starter import (
    build_starter_library,
    place_starter_library,
    starter_library_path,
    starter_sample_id,
)
from tests.conftest import date_library_long_ago

SAMPLE = Path("resources/sample/riverside_one_to_one.json")
STALE = "Run `make starter-library` to rebuild resources/sample/starter.buyinlib."


def _revision(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def _apart_from_dates(library_file: Path, tmp_path: Path) -> list[str]:
    """Every row of a library file as SQL, with the dates a first start sets made equal."""
    copy = tmp_path / f"compare-{library_file.name}-{len(list(tmp_path.iterdir()))}"
    shutil.copyfile(library_file, copy)
    date_library_long_ago(copy)
    connection = sqlite3.connect(copy)
    try:
        connection.execute("UPDATE buyin_library SET created_by_version = ''")
        connection.commit()
        return list(connection.iterdump())
    finally:
        connection.close()


def test_the_shipped_starter_is_the_sample_at_the_current_schema(tmp_path: Path) -> None:
    shipped = starter_library_path()
    assert shipped.is_file(), STALE
    assert _revision(shipped) == HEAD_REVISION, STALE
    sample_id = starter_sample_id(shipped)
    assert sample_id is not None, STALE

    fresh = open_library(tmp_path / "fresh.buyinlib")
    try:
        expected = export_document(fresh, add_sample_proposal(fresh))
    finally:
        fresh.close()
    copy = tmp_path / "copy.buyinlib"
    shutil.copyfile(shipped, copy)
    starter = open_library(copy, create=False, daily_backup=False)
    try:
        assert export_document(starter, sample_id) == expected, STALE
    finally:
        starter.close()


def test_a_first_start_places_a_copy_that_opens_on_the_sample(tmp_path: Path) -> None:
    target = tmp_path / "new folder" / "library.buyinlib"
    sample_id = place_starter_library(target)
    assert sample_id is not None
    # The starter's every row, apart from the dates of this start.
    assert _apart_from_dates(target, tmp_path) == _apart_from_dates(
        starter_library_path(), tmp_path
    )
    assert sorted(path.name for path in target.parent.iterdir()) == ["library.buyinlib"]
    library = open_library(target, create=False)
    try:
        [listing] = list_proposals(library, with_figures=False)
        assert listing.id == sample_id
        assert listing.name == "Riverside USD — 1:1 Infrastructure 2027–2031"
    finally:
        library.close()


def test_it_never_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "library.buyinlib"
    target.write_bytes(b"the director's own work")
    assert place_starter_library(target) is None
    assert target.read_bytes() == b"the director's own work"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["library.buyinlib"]


def test_a_folder_that_cannot_be_made_places_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the folder should be")
    assert place_starter_library(blocker / "library.buyinlib") is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["not a folder"]


def _starter_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "starter-copy.buyinlib"
    shutil.copyfile(starter_library_path(), copy)
    return copy


def _second_proposal(connection: sqlite3.Connection) -> None:
    columns = [row[1] for row in connection.execute("PRAGMA table_info(proposal)")]
    copied = [name for name in columns if name not in ("id", "name")]
    connection.execute(
        f"INSERT INTO proposal (name, {', '.join(copied)}) "
        f"SELECT 'Second', {', '.join(copied)} FROM proposal"
    )


@pytest.mark.parametrize(
    "spoil",
    [
        lambda c: c.execute("UPDATE alembic_version SET version_num = '0001'"),
        lambda c: c.execute("UPDATE buyin_library SET application = 'Another app'"),
        _second_proposal,
    ],
    ids=["older schema", "not ours", "two proposals"],
)
def test_a_starter_that_is_not_sound_and_current_is_not_placed(
    tmp_path: Path, spoil: Callable[[sqlite3.Connection], object]
) -> None:
    starter = _starter_copy(tmp_path)
    connection = sqlite3.connect(starter)
    try:
        spoil(connection)
        connection.commit()
    finally:
        connection.close()
    target = tmp_path / "library.buyinlib"
    assert place_starter_library(target, starter) is None
    assert not target.exists()


def test_a_damaged_or_missing_starter_is_not_placed(tmp_path: Path) -> None:
    damaged = _starter_copy(tmp_path)
    damaged.write_bytes(damaged.read_bytes()[:4096])  # cut short
    target = tmp_path / "library.buyinlib"
    assert place_starter_library(target, damaged) is None
    assert place_starter_library(target, tmp_path / "missing.buyinlib") is None
    assert not target.exists()


def test_the_placed_library_is_dated_from_the_first_start(tmp_path: Path) -> None:
    starter = _starter_copy(tmp_path)
    date_library_long_ago(starter)
    target = tmp_path / "library.buyinlib"
    sample_id = place_starter_library(target, starter)
    assert sample_id is not None
    assert starter_sample_id(starter) == sample_id  # the shipped file itself is left as it was
    library = open_library(target, create=False)
    try:
        [listing] = list_proposals(library, with_figures=False)
    finally:
        library.close()
    assert listing.id == sample_id
    assert datetime.now(UTC) - listing.updated_at < timedelta(minutes=5)
    connection = sqlite3.connect(target)
    try:
        created, version = connection.execute(
            "SELECT created_at, created_by_version FROM buyin_library"
        ).fetchone()
    finally:
        connection.close()
    assert created.startswith(str(datetime.now(UTC).year)) and version == __version__
    connection = sqlite3.connect(starter)
    try:
        (kept,) = connection.execute("SELECT created_at FROM buyin_library").fetchone()
    finally:
        connection.close()
    assert kept.startswith("2020-")


def test_building_the_starter_gives_a_self_contained_current_library(tmp_path: Path) -> None:
    built = tmp_path / "starter.buyinlib"
    build_starter_library(built)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["starter.buyinlib"]
    assert _revision(built) == HEAD_REVISION
    assert starter_sample_id(built) == 1


def _no_part_files(folder: Path) -> bool:
    return not [path for path in folder.iterdir() if path.name.endswith(".part")]


@pytest.mark.parametrize(
    "link_error",
    [FileExistsError(17, "File exists"), PermissionError(1, "Operation not permitted")],
    ids=["with hard links", "without hard links"],
)
def test_a_library_that_appears_at_the_same_moment_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link_error: OSError
) -> None:
    target = tmp_path / "library.buyinlib"

    def another_app_won(source: Path, destination: Path) -> None:
        Path(destination).write_bytes(b"the other copy's library")
        raise link_error  # it exists now; or, on a FAT drive, hard links are not supported

    monkeypatch.setattr(starter_module.os, "link", another_app_won)
    assert place_starter_library(target) is None
    assert target.read_bytes() == b"the other copy's library"
    assert _no_part_files(tmp_path)


def test_a_drive_without_hard_links_still_gets_the_starter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unsupported(source: Path, destination: Path) -> None:
        raise PermissionError(1, "Operation not permitted")  # as on a FAT or exFAT drive

    monkeypatch.setattr(starter_module.os, "link", unsupported)
    target = tmp_path / "library.buyinlib"
    assert place_starter_library(target) is not None
    assert _apart_from_dates(target, tmp_path) == _apart_from_dates(
        starter_library_path(), tmp_path
    )
    assert _no_part_files(tmp_path)
