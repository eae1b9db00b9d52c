"""Libraries saved by earlier versions open with today's code, with every row intact.

``tests/fixtures/libraries/schema-<revision>.buyinlib`` are frozen libraries, one per schema
revision, made once by ``tests/fixtures/make_fixture_libraries.py`` and never regenerated; each
has a ``.expected.json`` listing what it holds. The test opens a copy of each (migrating it to the
current schema) and compares.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.finance import compute
from desktop.models.migrate import head_revision, known_revisions
from desktop.services.backups import backup_details
from desktop.services.library import open_library
from desktop.services.snapshot import proposal_input
from tests.fixtures.make_fixture_libraries import describe
from tests.reliability.support import integrity, sha256

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "libraries"
LIBRARIES = sorted(FIXTURES.glob("schema-*.buyinlib"))


def test_there_is_a_frozen_library_for_every_schema_revision() -> None:
    """A new migration needs its fixture, so the next one is tested upgrading from it."""
    have = {path.stem.removeprefix("schema-") for path in LIBRARIES}
    assert have == known_revisions()


@pytest.mark.parametrize("fixture", LIBRARIES, ids=[path.stem for path in LIBRARIES])
def test_a_library_from_an_earlier_version_opens_with_its_data(
    fixture: Path, tmp_path: Path
) -> None:
    frozen = sha256(fixture)
    path = tmp_path / "library.buyinlib"
    shutil.copyfile(fixture, path)
    library = open_library(path)
    try:
        expected = json.loads(fixture.with_suffix(".expected.json").read_text("utf-8"))
        assert describe(library) == expected
        [proposal] = expected["proposals"]
        assert all(proposal["rows"][entity] for entity in proposal["rows"])  # every kind of row
        assert all(proposal["links"].values()) and proposal["funding_total"] != "0"
        for listing_id in (1,):
            result = compute(proposal_input(library, listing_id))
            assert result.tco_total > 0
    finally:
        library.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    connection.close()
    assert integrity(path) == ["ok"]
    assert sha256(fixture) == frozen  # the fixture itself is never touched


def test_an_older_library_is_backed_up_before_it_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Today head is the first revision, so a newer head is simulated: the file must be copied
    (whole, consistent) before the migration runs, and the migration must run."""
    path = tmp_path / "library.buyinlib"
    shutil.copyfile(LIBRARIES[0], path)
    original = sha256(path)
    migrated: list[str] = []

    def upgrade_to_head(engine: object) -> None:
        backups = backup_details(path)
        assert [info.reason for info in backups] == ["before-upgrade"]
        migrated.append(str(backups[0].path))

    monkeypatch.setattr("desktop.services.library.head_revision", lambda: "9999_next")
    monkeypatch.setattr("desktop.services.library.upgrade_to_head", upgrade_to_head)
    open_library(path).close()
    assert len(migrated) == 1
    backup = Path(migrated[0])
    assert integrity(backup) == ["ok"]
    with sqlite3.connect(f"{backup.as_uri()}?mode=ro&immutable=1", uri=True) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM proposal")]
    connection.close()
    assert names == [
        p["name"]
        for p in json.loads(LIBRARIES[0].with_suffix(".expected.json").read_text("utf-8"))[
            "proposals"
        ]
    ]
    assert original  # the copy in tmp was the fixture's bytes


def test_an_older_library_that_cannot_be_upgraded_is_refused_and_left_as_it_was(
    tmp_path: Path,
) -> None:
    """A link to a goal that is not there stopped the upgrade with a traceback from every
    command; the upgrade is one transaction, so the file is unchanged, and now it says so."""
    from desktop.services.library import NotALibraryError

    path = tmp_path / "old.buyinlib"
    shutil.copyfile(FIXTURES / "schema-0001.buyinlib", path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute(
        "UPDATE item_goal SET goal_id = 99999 WHERE rowid = (SELECT min(rowid) FROM item_goal)"
    )
    connection.commit()
    connection.close()

    def dump() -> list[str]:
        reader = sqlite3.connect(path)
        try:
            return list(reader.iterdump())
        finally:
            reader.close()

    before = dump()
    with pytest.raises(NotALibraryError, match="could not be upgraded") as refused:
        open_library(path)
    assert refused.value.damaged
    assert dump() == before  # still the old layout, every row as it was
