"""The starter library: a library already holding the sample proposal, copied on a first start.

A director's very first start used to create the library (loading the database layer and
running the migrations) and import the sample (validating the proposal file) before the window
could show anything but the home screen: about a second. The app ships that library ready-made
instead (``resources/sample/starter.buyinlib``, built from the sample's proposal file by
``build_starter_library``, kept in step with it and with the schema by the tests). A first start
copies it into place with the standard library and then starts exactly as a later start does:
the sample's figures on screen at once, the editors a moment later. The copy is dated from that
start and version before it is put in place, while no one else can see it.

Anything unusual (the file missing or from another schema revision, a library already at the
path, a folder that cannot be written) places nothing, and the app creates the library the
normal way, which explains any problem. Placing never replaces an existing file.

Standard library only at module level: placing the starter is on the start-up path.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop import __version__
from desktop.paths import resource
from desktop.services.library_file import HEAD_REVISION, library_revision, read_only_uri

STARTER_FILE = ("sample", "starter.buyinlib")
# How the database layer stores a timestamp (naive UTC; see desktop.models.types.UtcDateTime).
STORED_TIMESTAMP = "%Y-%m-%d %H:%M:%S.%f"


def starter_library_path() -> Path:
    return resource(*STARTER_FILE)


def starter_sample_id(starter: Path) -> int | None:
    """The id of the sample proposal in ``starter`` when it is a sound library at the schema
    revision this version writes and holds that one proposal; otherwise None."""
    try:
        connection = sqlite3.connect(read_only_uri(starter), uri=True)
        try:
            if library_revision(connection) != HEAD_REVISION:
                return None
            ids = [row[0] for row in connection.execute("SELECT id FROM proposal")]
        finally:
            connection.close()
    except Exception:  # noqa: BLE001 - no usable starter: the normal path creates the library
        return None
    return int(ids[0]) if len(ids) == 1 else None


def place_starter_library(path: Path, starter: Path | None = None) -> int | None:
    """Copy the starter library to ``path`` (which must not exist) and return the id of its
    sample proposal; None, placing nothing, when that cannot be done."""
    starter = starter if starter is not None else starter_library_path()
    if path.exists() or not starter.is_file():
        return None
    sample_id = starter_sample_id(starter)
    if sample_id is None:
        return None
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(starter, partial)
        _date_from_now(partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        _move_into_place(partial, path)
    except (OSError, sqlite3.Error):
        return None
    finally:
        try:
            partial.unlink(missing_ok=True)
        except OSError:
            pass  # a stray copy beside the library; the library itself is whole
    return sample_id


def _move_into_place(partial: Path, path: Path) -> None:
    """Give ``partial`` the name ``path`` without ever replacing a file that appeared there
    meanwhile (another copy of the app starting at the same moment); OSError otherwise."""
    try:
        os.link(partial, path)  # fails, replacing nothing, when ``path`` exists
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here (a FAT or exFAT drive, some network shares)
    if os.name == "nt":
        os.rename(partial, path)  # on Windows, refuses an existing ``path``
        return
    # Elsewhere a rename replaces: claim the name first (created only if nothing is there, not
    # even a dangling link), then put the copy in its place.
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    try:
        os.replace(partial, path)
    except OSError:
        path.unlink(missing_ok=True)  # the empty file claimed above, never someone else's
        raise


def _date_from_now(copy: Path) -> None:
    """Date the copy's library marker and sample from this start and this version (the shipped
    file carries the moment and version it was built with). The copy is private until it is
    placed, and is synced before that, so it is written without a journal of its own."""
    now = datetime.now(UTC).strftime(STORED_TIMESTAMP)
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("BEGIN")
        connection.execute(
            "UPDATE buyin_library SET created_at = ?, created_by_version = ?", (now, __version__)
        )
        connection.execute("UPDATE proposal SET created_at = ?, updated_at = ?", (now, now))
        connection.execute("COMMIT")
    finally:
        connection.close()


def build_starter_library(destination: Path) -> None:
    """Write the starter library to ``destination`` (replacing it): a new library holding the
    sample proposal imported from its proposal file, compacted."""
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal

    destination = Path(destination)
    building = destination.with_name(destination.name + ".building")
    building.unlink(missing_ok=True)
    library = open_library(building)
    try:
        add_sample_proposal(library)
    finally:
        library.close()
    connection = sqlite3.connect(building)
    try:
        # One self-contained file: no write-ahead log, no free pages.
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("VACUUM")
    finally:
        connection.close()
    os.replace(building, destination)


if __name__ == "__main__":  # python -m desktop.services.starter  (make starter-library)
    build_starter_library(starter_library_path())
    print(f"Wrote {starter_library_path()}")
