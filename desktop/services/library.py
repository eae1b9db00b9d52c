"""Opening a library: create it, recognise it, refuse what it must not touch, migrate it safely.

A library is one SQLite file holding every proposal. Before anything writes to an existing file,
it is inspected through a read-only connection: a file that is empty, not SQLite, damaged, another
application's database, or written by a newer Buy-In is refused with a message that says which,
and its bytes stay exactly as they were. A library on an older schema is first copied with
SQLite's online backup API (a plain file copy of a live WAL database can be inconsistent), then
migrated to the current schema. An up-to-date library gets a daily backup when opened (at most one
a day), so a damaged or mistakenly edited file can always be rolled back to yesterday's state; the
app takes that one a moment later instead (``daily_backup=False``, then ``take_daily_backup_of``),
once the proposal is on screen, because nothing the director waits for depends on it.

Two processes may open the same library: SQLite's WAL mode lets them read side by side, and every
write transaction takes the write lock at its first statement (see ``Library.transaction``), so
writes queue behind each other for up to the busy timeout instead of failing.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import URL, Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop import APP_NAME, __version__
from desktop.models import (
    LibraryInfo,
    make_engine,
    make_session_factory,
    sqlite_uri_url,
    sqlite_url,
)
from desktop.models.migrate import head_revision, known_revisions, upgrade_to_head
from desktop.services.backups import copy_database, take_backup, take_daily_backup
from desktop.services.files import (
    JOURNAL_SUFFIXES,
    is_open_library,
    protect,
    remove_database,
    unprotect,
)
from desktop.services.library_file import (
    NotThisLibrary,
    has_sqlite_header,
    library_revision,
    read_only_uri,
)
from desktop.wording import file_text

# Where SQLite's own words for a file it cannot read go (never into a message).
_log = logging.getLogger(__name__)
# Touches no row but makes SQLite take the write lock (waiting up to the busy timeout).
_TAKE_WRITE_LOCK = text("UPDATE buyin_library SET id = id WHERE 0")
# What to do about a damaged library, in every message that finds one (the menu named once).
RESTORE_ADVICE = "Restore it from a backup (File ▸ Restore a backup, or `buyin restore-backup`)."


class LibraryError(Exception):
    """A library cannot be opened; the message is written for the person using the app.

    The file names it holds are made showable (``file_text``): a name with bytes that are not
    text broke the window or the terminal that was to say what was wrong with the file."""

    def __init__(self, message: str) -> None:
        super().__init__(file_text(message))


class NotALibraryError(LibraryError):
    """``damaged``: the file may be a library that was harmed (cut short, unreadable pages),
    rather than clearly something else (a folder, another app's database).

    ``finding`` is what is wrong with the file and ``advice`` what to do about it, apart: the
    advice that fits opening a library ("Restore it from a backup") is wrong for a backup being
    restored, or a proposal file being imported, and those give their own. ``technical`` holds
    SQLite's own words for the problem, for a log: never in the message."""

    def __init__(
        self, finding: str, *, damaged: bool = False, advice: str = "", technical: str = ""
    ) -> None:
        super().__init__(f"{finding} {advice}" if advice else finding)
        self.finding, self.advice, self.technical = file_text(finding), advice, technical
        self.damaged = damaged
        if technical:
            _log.info("%s (%s)", self.finding, technical)


class NewerLibraryError(LibraryError):
    pass


class LibraryDiskError(LibraryError):
    """The disk under the library failed a read or a write: full, or reporting an I/O error.
    Not damage: once there is room the library opens as it was (SQLite rolled the write back),
    so the message must not send the director to a backup."""


# SQLite's primary result codes for a disk that is full and for one that failed a read or a
# write (an extended code, such as SQLITE_IOERR_SHMSIZE, keeps its primary in the low byte).
SQLITE_IOERR, SQLITE_FULL = 10, 13


def disk_trouble(error: BaseException) -> str | None:
    """ "full" or "io" when ``error`` (from sqlite3, SQLAlchemy or the file system) says the disk
    under a library is full or failed an I/O; ``None`` for anything else."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    if isinstance(cause, OSError):
        if cause.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "full"
        return "io" if cause.errno == errno.EIO else None
    code = getattr(cause, "sqlite_errorcode", None)
    if not isinstance(code, int):
        return None
    primary = code & 0xFF
    return "full" if primary == SQLITE_FULL else "io" if primary == SQLITE_IOERR else None


def _disk_error(message: str, error: BaseException) -> LibraryDiskError:
    """The plain-words error for a write the disk refused, with the database's own text noted
    in the log (the message leaves it out)."""
    _log.info("%s (%s)", message, error)
    return LibraryDiskError(message)


def not_saved_message(name: str, trouble: str) -> str:
    """What the director is told when a change to the library ``name`` could not be written."""
    why = (
        "the disk it is on is full"
        if trouble == "full"
        else "the disk it is on could not be written (it may be full, or no longer there)"
    )
    return (
        f"{name} could not be saved: {why}. Nothing was changed; free some space on that disk "
        "and try again."
    )


class LibraryGoneError(LibraryError):
    """The library's file was deleted, moved or replaced while it was open: an edit would go to
    the old file, which nothing will read again."""


class LibraryReadOnlyError(LibraryError):
    """``reason``: what is read-only, without the advice that follows it in the message (the
    app offers a copy instead)."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


@dataclass
class Library:
    """An open library: where it is and how to talk to it. Pass it to every service call."""

    path: Path | None
    engine: Engine
    sessions: sessionmaker[Session] = field(repr=False)
    backup_on_open: Path | None = None
    backup_problem: str | None = None
    read_only: bool = False  # opened for reading only: an edit fails
    # Opened from a file an earlier version saved, now upgraded (``backup_on_open`` is the file
    # as it was): the director is told, as that version can no longer open it.
    upgraded: bool = False
    # Made by this opening, as there was no library at ``path`` (``created_folder``: the first
    # of the folders made for it, when its folder was not there either). The command line says
    # so: a mistyped path otherwise reads as a library whose proposals have vanished.
    created: bool = False
    created_folder: Path | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back on any error.

        On SQLite the write lock is taken by the first statement. A transaction that read first
        and wrote later would fail at once with "database is locked" if another process had
        committed in between (WAL cannot upgrade a stale read snapshot, and the busy timeout
        does not apply); taking the lock up front makes a second writer wait its turn instead.
        """
        self._check_still_there()
        try:
            with self.sessions.begin() as session:
                if self.engine.dialect.name == "sqlite":
                    session.execute(_TAKE_WRITE_LOCK)
                yield session
        except (sqlite3.Error, SQLAlchemyError) as error:
            # A full disk said in the database's words ("(sqlite3.OperationalError) disk I/O
            # error") reads as a broken library; the transaction was rolled back whole.
            trouble = disk_trouble(error)
            if trouble is None:
                raise
            name = self.path.name if self.path is not None else "The library"
            raise _disk_error(not_saved_message(name, trouble), error) from error

    def _check_still_there(self) -> None:
        """Refuse to write when the file at ``path`` is no longer the one opened (deleted, moved
        to the bin, or replaced by a sync client): the connection would go on writing to the
        old file, saying "Saved", and every edit from then on would be lost."""
        if self.path is None or self._identity is None:
            return
        try:
            now = _file_identity(self.path)
        except OSError:
            now = None
        if now != self._identity:
            what = "is gone" if now is None else "was replaced by another file"
            raise LibraryGoneError(
                f"The library file {self.path.name} {what} since it was opened, so this edit "
                "could not be saved. Open the library again (File ▸ Open library file…), or "
                "put the file back."
            )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (nothing is committed)."""
        with self.sessions() as session:
            yield session

    def __post_init__(self) -> None:
        self._identity: tuple[int, int] | None = None
        if self.path is not None:
            protect(self.path)  # no export may be written over it while it is open
            try:
                self._identity = _file_identity(self.path)
            except OSError:
                self._identity = None

    def close(self) -> None:
        self.engine.dispose()
        if self.path is not None:
            unprotect(self.path)


def _file_identity(path: Path) -> tuple[int, int]:
    """Which file ``path`` names: its device and file number (the same file, however it was
    renamed in place; another file, if it was replaced)."""
    status = os.stat(path)
    return status.st_dev, status.st_ino


def open_library(
    path: Path | str, *, create: bool = True, daily_backup: bool = True, read_only: bool = False
) -> Library:
    """Open (or create) the library at ``path``, migrating it to the current schema.

    The backup before a migration is always taken first; ``daily_backup=False`` leaves today's
    backup to a later ``take_daily_backup_of`` call. ``read_only`` opens an existing library
    for reading alone, writing nothing in or beside it (no backup, no upgrade, no journal): how
    a library the user may not change (a read-only file, folder or disk) can still be read."""
    path = Path(path).expanduser()
    if not path.exists():
        if not create or read_only:
            raise LibraryError(f"There is no library at {path}.")
        return _create_library(path)
    revision = inspect_library_file(path)
    if read_only:
        return _open_for_reading(path, revision)
    if not os.access(path, os.W_OK):
        reason = f"{path} is read-only, so edits could not be saved."
        raise LibraryReadOnlyError(
            f"{reason} Copy it somewhere you can write to, or change its permissions.",
            reason=reason,
        )
    if not os.access(path.parent, os.W_OK):
        reason = (
            f"The folder {path.parent} is read-only; the library needs to write its journal "
            "beside the file."
        )
        raise LibraryReadOnlyError(
            f"{reason} Move the library to a folder you can write to.", reason=reason
        )
    backup, problem = None, None
    if revision != head_revision():
        # No upgrade without a copy of the file as it was: this one is not optional.
        backup = take_backup(path, reason="before-upgrade")
    elif daily_backup:
        backup, problem = _daily_backup(path)
    if revision != head_revision():
        try:
            _upgrade(sqlite_url(path))
        except (RuntimeError, SQLAlchemyError) as error:
            # The upgrade runs in one transaction, so the file is as it was: say so, instead of
            # a traceback (links to rows that are not there stopped it, in a damaged file).
            trouble = disk_trouble(error)
            if trouble is not None:  # no room to write the upgrade: not damage
                raise _disk_error(not_saved_message(path.name, trouble), error) from error
            raise NotALibraryError(
                f"{path} is damaged: it could not be upgraded to this version's layout, and it "
                "was left as it was.",
                damaged=True,
                advice=RESTORE_ADVICE,
                technical=str(error),
            ) from error
    engine = make_engine(sqlite_url(path))
    return Library(
        path,
        engine,
        make_session_factory(engine),
        backup_on_open=backup,
        backup_problem=problem,
        upgraded=revision != head_revision(),
    )


def created_notice(library: Library) -> str:
    """What to tell the director when opening ``library`` made it ("" when it was there)."""
    if not library.created or library.path is None:
        return ""
    folder = library.created_folder
    made = "" if folder is None else f", with the folder {folder}, which was not there either"
    return f"There was no library at {library.path}, so a new, empty one was created there{made}."


def open_staged(path: Path) -> Library:
    """A new library for an import to ``path``, where there is none yet, made at a private name
    beside it: ``publish_staged`` puts it in place once the import went through, and
    ``discard_staged`` takes it away when it did not. A refused import then leaves no empty
    library at a mistyped path, and never takes away one another command made meanwhile
    (deleting the file made at ``path`` itself lost a second command's import into it)."""
    path = Path(path).expanduser()
    staging = path.with_name(f".{path.name}.new-{os.getpid()}")
    if staging.exists():  # left by a command that was stopped: nothing else writes that name
        remove_database(staging)
    try:
        return open_library(staging)
    except LibraryError as error:  # said of the library asked for, not of its private name
        error.args = tuple(str(arg).replace(str(staging), str(path)) for arg in error.args)
        if isinstance(error, LibraryReadOnlyError):
            error.reason = error.reason.replace(str(staging), str(path))
        raise


def publish_staged(staged: Library, path: Path) -> Library:
    """Put the library ``open_staged`` made at ``path`` and open it there, said to be created
    (``created_notice``). Raises ``FileExistsError``, the staged library taken away, when
    another library appeared at ``path`` meanwhile: the import belongs in that one."""
    path = Path(path).expanduser()
    assert staged.path is not None
    staged.close()  # its last connection folds the write-ahead log into the file
    try:
        os.link(staged.path, path)  # never over a file: fails if one is there
    except FileExistsError:
        remove_database(staged.path)
        raise
    except OSError:  # a file system without hard links (FAT, some shares)
        if path.exists():
            remove_database(staged.path)
            raise FileExistsError(path) from None
        os.replace(staged.path, path)
    remove_database(staged.path)
    library = open_library(path, daily_backup=False)
    library.created, library.created_folder = True, staged.created_folder
    return library


def discard_staged(staged: Library) -> None:
    """Take away the library ``open_staged`` made, and the folders made for it while they are
    empty (nothing anyone put there is removed)."""
    staged.close()
    if staged.path is None:
        return
    remove_database(staged.path)
    folder, stop = staged.path.parent, staged.created_folder
    while stop is not None:
        try:
            folder.rmdir()
        except OSError:
            return
        if folder == stop:
            return
        folder = folder.parent


def upgrade_notice(library: Library) -> str:
    """What to tell the director when ``library`` was upgraded as it opened ("" when not)."""
    if not library.upgraded or library.path is None:
        return ""
    return (
        f"{library.path.name} was saved by an earlier version of {APP_NAME} and is upgraded to "
        "this one, which that version cannot open; the file as it was is kept as a backup."
    )


def _open_for_reading(path: Path, revision: str | None) -> Library:
    if revision != head_revision():
        raise LibraryReadOnlyError(
            f"{path} was saved by an earlier version of {APP_NAME} and must be upgraded before "
            "it can be read, which needs write access. Copy it somewhere you can write to, or "
            "change its permissions."
        )
    engine = make_engine(sqlite_uri_url(read_only_uri(path)), read_only=True)
    return Library(path, engine, make_session_factory(engine), read_only=True)


def copy_library(source: Path, target: Path) -> None:
    """Copy the library at ``source`` (one the user cannot write to, say) to ``target``, which
    is replaced only once the copy is whole; ``source`` is never written."""
    inspect_library_file(source)
    if target.exists() and target.samefile(source):
        raise LibraryError(
            f"{target.name} is the library itself; choose another name or folder for the copy."
        )
    if is_open_library(target):
        raise LibraryError(
            f"{target.name} is the library open now; choose another name or folder for the copy."
        )
    partial = target.with_name(f".{target.name}.copying")
    try:
        copy_database(source, partial)
        # A journal left beside the file being replaced belongs to that file: SQLite would
        # replay it over the copy.
        for suffix in JOURNAL_SUFFIXES:
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as error:
        partial.unlink(missing_ok=True)
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise LibraryError(f"{source.name} could not be copied to {target}: {reason}.") from error


def take_daily_backup_of(library: Library) -> None:
    """Take today's backup of an open library if there is none yet, and record the outcome in
    ``backup_on_open`` / ``backup_problem`` as ``open_library`` does. Safe on a worker thread:
    it reads the file through a connection of its own."""
    if library.path is not None and library.backup_on_open is None and not library.read_only:
        library.backup_on_open, library.backup_problem = _daily_backup(library.path)


def _daily_backup(path: Path) -> tuple[Path | None, str | None]:
    """Take today's backup if there is none yet; a failure is reported, never fatal, because
    refusing to open the library over a missing backup would lose the person's day."""
    try:
        return take_daily_backup(path), None
    except (OSError, sqlite3.Error) as error:
        _log.info("The daily backup of %s failed (%r)", path, error)
        return None, backup_failed_message(path, error)


def backup_failed_message(path: Path, error: OSError | sqlite3.Error) -> str:
    """Why today's backup of the library at ``path`` was not taken, in words, and that the
    library itself is untouched. The raw error ("[Errno 28] No space left on device:
    '/long/path/.partial'") named neither what to do nor that nothing was lost."""
    from desktop.paths import backups_dir_for

    trouble = disk_trouble(error)
    if trouble == "full":
        why = "the disk is full; free some space there, as edits need room too"
    elif trouble == "io":
        why = "the disk could not be written (it may be full, or no longer there)"
    elif isinstance(error, PermissionError):
        why = f"the folder {backups_dir_for(path)} cannot be written"
    elif isinstance(error, (FileExistsError, NotADirectoryError)):
        # A file where the backups folder belongs: "File exists" said nothing of which.
        why = f"{backups_dir_for(path)} is a file, where the backups folder belongs"
    elif isinstance(error, OSError):
        why = (error.strerror or str(error)).rstrip(".")
    else:
        why = f"the library could not be read for the copy ({str(error).rstrip('.')})"
    return (
        f"Today's backup of {path.name} could not be taken: {why}. The library itself is "
        "unchanged; the backup is tried again the next time the library opens."
    )


def open_library_url(url: str) -> Library:
    """Open a library on a database server (e.g. ``postgresql+psycopg://...``) by URL."""
    engine = make_engine(url)
    try:
        if engine.url.get_backend_name() == "sqlite" and engine.url.database in (
            None,
            "",
            ":memory:",
        ):
            # A database in memory lives and dies with its engine: migrated on another, it
            # would be gone before this one saw it.
            upgrade_to_head(engine)
        else:
            _upgrade(url)
        library = Library(None, engine, make_session_factory(engine))
        with library.transaction() as session:
            if session.get(LibraryInfo, 1) is None:
                session.add(LibraryInfo(id=1, application=APP_NAME, created_by_version=__version__))
    except BaseException:
        engine.dispose()
        raise
    return library


def _upgrade(url: URL | str) -> None:
    """Bring the library at ``url`` to the current schema on an engine of its own, disposed of
    before the library's engine is made. The engine that runs Alembic keeps the migrations'
    schema objects reachable through its dialect, and SQLAlchemy's per-mapper statement caches
    keep every dialect they have met: each library made or upgraded left about 2,700 objects
    behind for good, which made every later full garbage collection slower."""
    engine = make_engine(url)
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()


def _create_library(path: Path) -> Library:
    missing = [folder for folder in path.parents if not folder.exists()]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"Cannot create the folder for {path}: {error.strerror}.") from error
    if not os.access(path.parent, os.W_OK):
        raise LibraryReadOnlyError(f"Cannot create a library in {path.parent}: it is read-only.")
    engine = None
    library = None
    try:
        _upgrade(sqlite_url(path))
        engine = make_engine(sqlite_url(path))
        library = Library(
            path,
            engine,
            make_session_factory(engine),
            created=True,
            created_folder=missing[-1] if missing else None,
        )
        with library.transaction() as session:
            session.add(LibraryInfo(id=1, application=APP_NAME, created_by_version=__version__))
    except (sqlite3.Error, SQLAlchemyError, LibraryError) as error:
        # Half made (a full disk, say): an empty file left there would be refused from then on
        # as "an empty file, not a Buy-In library". Nothing else was in it.
        if library is not None:
            library.close()
        if engine is not None:
            engine.dispose()
        remove_database(path)
        trouble = disk_trouble(error)
        if trouble is not None:
            raise _disk_error(
                f"A new library could not be made at {path}: "
                + ("the disk is full" if trouble == "full" else "the disk could not be written")
                + ". Nothing was made; free some space on that disk and try again.",
                error,
            ) from error
        raise
    return library


def inspect_library_file(path: Path) -> str | None:
    """Check, without writing a byte, that ``path`` is a Buy-In library this version can open.

    Returns the schema revision it is at; raises a ``LibraryError`` naming the problem otherwise.
    """
    if path.is_dir():
        raise NotALibraryError(f"{path} is a folder, not a Buy-In library file.")
    if path.exists() and not path.is_file():
        # A pipe or a device: reading it waited for ever, and every command with it.
        raise NotALibraryError(f"{path} is not a file, so it cannot be a Buy-In library.")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError as error:
        raise LibraryError(f"{path} cannot be read: permission denied.") from error
    if not header:
        raise NotALibraryError(f"{path} is an empty file, not a Buy-In library.", damaged=True)
    if not has_sqlite_header(header):
        raise NotALibraryError(
            f"{path} is not a Buy-In library (it is not a SQLite database, or it is cut short).",
            damaged=True,
        )
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as error:
        _log.info("%s cannot be opened (%s)", path, error)
        raise LibraryError(f"{path} cannot be opened as a library.") from error
    try:
        revision = library_revision(connection)
    except NotThisLibrary as refusal:
        if refusal.kind == "damaged":
            raise NotALibraryError(
                f"{path} is damaged ({refusal.detail}).",
                damaged=True,
                advice=RESTORE_ADVICE,
                technical=refusal.technical,
            ) from None
        if refusal.kind == "foreign":
            raise NotALibraryError(
                f"{path} is a SQLite database, but not a Buy-In library; it was left untouched."
            ) from None
        raise NotALibraryError(f"{path} is not a Buy-In library; it was left untouched.") from None
    except sqlite3.DatabaseError as error:
        if disk_trouble(error) is not None:
            # A full disk (a reader of a library with a "-wal" log needs room for its "-shm"
            # file) or a failing one: the file may be sound, and must not be called damaged.
            raise _disk_error(
                f"{path} could not be read: the disk it is on reported an error (it may be "
                "full). Nothing was changed; free some space on that disk and try again.",
                error,
            ) from error
        raise NotALibraryError(
            f"{path} is damaged or not a Buy-In library: what it holds cannot be read; it was "
            "left untouched.",
            damaged=True,
            technical=str(error),
        ) from error
    finally:
        connection.close()
    if revision is not None and not revision.strip():
        # No version at all is damage, not a version this Buy-In does not know yet.
        raise NotALibraryError(
            f"{path} is damaged (its schema version is blank).",
            damaged=True,
            advice=RESTORE_ADVICE,
        )
    if revision is not None and revision not in known_revisions():
        raise NewerLibraryError(
            f"{path} was saved by a newer version of {APP_NAME} (schema {revision}). "
            f"Update {APP_NAME} to open it; the file was left untouched."
        )
    return revision
