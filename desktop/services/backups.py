"""Backups of a library file, taken with SQLite's online backup API.

A plain file copy of a database in WAL mode can miss committed pages still in the ``-wal`` file,
so every copy goes through ``sqlite3.Connection.backup``, which sees exactly what a reader sees.
Backups sit in a ``backups`` folder beside the library; only the newest ``KEEP`` per library are
kept, so they never fill a laptop's disk. They are taken before a schema upgrade, before a
restore, and once a day when the library is opened (``take_daily_backup``).
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.paths import backups_dir_for
from desktop.services.library_file import read_only_uri
from desktop.wording import clip_middle

if TYPE_CHECKING:  # loaded by the functions that need it: the library module imports this one
    from desktop.services.library import LibraryError

KEEP = 20
SUFFIX = ".buyinlib"
PROPOSAL_FILE_SUFFIX = ".buyin"  # a shared proposal (``proposal_files``), never a backup
_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"-(\d{8}-\d{6}-\d{6})-([a-z-]+)" + re.escape(SUFFIX) + "$")


@dataclass(frozen=True)
class BackupInfo:
    """One backup as the restore screen and ``buyin backups`` show it."""

    path: Path
    taken_at: datetime  # timezone-aware (UTC); shown in local time
    size: int  # bytes
    reason: str  # "daily", "before-upgrade", "before-restore"...

    @property
    def reason_label(self) -> str:
        return {
            "daily": "Daily backup",
            "before-upgrade": "Before upgrading to a newer version",
            "before-restore": "Before restoring another backup",
        }.get(self.reason, self.reason.replace("-", " ").capitalize())


@dataclass(frozen=True)
class Restored:
    """What a restore did, for the message that says so: a restore replaces every proposal, so
    the director must learn what came in, what went, and where the library as it was is kept."""

    backup: Path
    library: Path
    proposals: int  # in the library now
    replaced: int | None = None  # the proposals it held, when it could be read
    kept_as: Path | None = None  # the ``before-restore`` backup of the library as it was
    moved_aside: Path | None = None  # the damaged library, renamed aside untouched

    def message(self) -> str:
        from desktop.finance.money import format_count
        from desktop.wording import file_text

        now = format_count(self.proposals, "proposal")
        if self.replaced is not None:
            done = (
                f"{self.library.name} now holds its {now} in place of the {self.replaced} it held"
            )
        elif self.moved_aside is None:
            done = f"there was no library at {self.library}, so it was put there with its {now}"
        else:
            done = f"{self.library.name} now holds its {now}"
        message = f"Restored {self.backup.name}: {done}."
        if self.kept_as is not None:
            message += (
                f" The library as it was is kept as the backup {self.kept_as}; to undo this, "
                "restore that one."
            )
        if self.moved_aside is not None:
            message += f" The damaged library was kept, untouched, as {self.moved_aside}."
        return file_text(message)

    def __str__(self) -> str:
        return self.message()


def _proposal_count(path: Path) -> int:
    """How many proposals the library at ``path`` (already checked) holds, read without
    writing."""
    connection = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        (count,) = connection.execute("SELECT count(*) FROM proposal").fetchone()
    finally:
        connection.close()
    return int(count)


def proposal_names(path: Path) -> list[str] | None:
    """The names of the proposals a library or backup at ``path`` holds, in the order Home
    lists them by name, read without writing; None when the file cannot be read as one (the
    restore itself then says why)."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute("SELECT name FROM proposal").fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return sorted((str(name) for (name,) in rows), key=str.casefold)


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite file through the online backup API over a read-only connection, so what
    is still in an open database's ``-wal`` file is copied too (a byte copy would miss it), and
    nothing is created beside a closed one (which may sit in a folder the user cannot write)."""
    reader = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()


# The most bytes of a library's name a backup's name holds. A file's name has at most 255
# bytes (UTF-16 units on Windows, never more than its UTF-8 bytes), and a backup adds
# "-<time>-before-upgrade.buyinlib" (46), ".partial" while it is written and SQLite's
# "-journal" beside that (16): a library named near the limit was never backed up.
PREFIX_BYTES = 160
_TELLS_APART = 8  # hexadecimal digits of the whole name's digest after a shortened one


def _whole_prefix(library_path: Path) -> str:
    return library_path.stem if library_path.suffix.lower() == SUFFIX else library_path.name


def backup_prefix(library_path: Path) -> str:
    """How a library's backups are named: a library of this app's own kind by its name without
    ".buyinlib" (as they always were), any other by its whole name. "district.db" and
    "district.sqlite" in one folder took each other's backups by their shared "district": one
    was never backed up, and a restore put the other's proposals in its place.

    A name longer than ``PREFIX_BYTES`` is cut in its middle, keeping both ends to recognise,
    and followed by a digest of the whole name, so two long names that differ only in what
    was cut keep their own backups."""
    whole = _whole_prefix(library_path)
    if len(os.fsencode(whole)) <= PREFIX_BYTES:
        return whole
    digest = "~" + hashlib.sha256(os.fsencode(whole)).hexdigest()[:_TELLS_APART]
    limit = len(whole)
    cut = whole
    while len(os.fsencode(cut + digest)) > PREFIX_BYTES:
        limit -= 1
        cut = clip_middle(whole, limit)
    return cut + digest


def take_backup(library_path: Path, *, reason: str, spare: Path | None = None) -> Path:
    """Copy the library consistently into its backups folder and return the copy's path.

    ``spare``: a backup that pruning must not delete (the one being restored)."""
    folder = backups_dir_for(library_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
    target = folder / f"{backup_prefix(library_path)}-{stamp}-{reason}{SUFFIX}"
    partial = target.with_name(target.name + ".partial")
    try:
        copy_database(library_path, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)  # a backup is either whole or absent
    prune_backups(library_path, spare=spare)
    return target


def take_daily_backup(library_path: Path) -> Path | None:
    """Back the library up unless a backup from today (UTC) already exists; returns the new
    backup, or None when today's was already there."""
    today = datetime.now(UTC).date()
    if any(info.taken_at.date() == today for info in backup_details(library_path)):
        return None
    return take_backup(library_path, reason="daily")


def list_backups(library_path: Path) -> list[Path]:
    """This library's backups, newest first."""
    return [path for _taken, _reason, path in _found(library_path)]


def _found(library_path: Path) -> list[tuple[datetime, str, Path]]:
    """This library's backups as (when taken, why, path), newest first, each name read once."""
    folder = backups_dir_for(library_path)
    if not folder.is_dir():
        return []
    found: list[tuple[datetime, str, Path]] = []
    for prefix in _prefixes(library_path):
        for candidate in folder.glob(f"{glob.escape(prefix)}-*{SUFFIX}"):
            # "library-2024..." must not pick up "library-old-2024..." (another library's)
            parsed = _parse_name(candidate.name[len(prefix) :])
            if parsed is not None:
                found.append((*parsed, candidate))
    return sorted(found, reverse=True)


def _prefixes(library_path: Path) -> list[str]:
    """The names this library's backups start with: ``backup_prefix``, and for a library not
    ending in ".buyinlib" the name without its ending its backups had before, while no other
    library beside it has that name (so the backups it already has are not lost from view)."""
    prefix = backup_prefix(library_path)
    # A long name's backups taken before it was shortened, while that one fitted.
    whole = _whole_prefix(library_path)
    prefixes = [prefix] if whole == prefix else [prefix, whole]
    stem = library_path.stem
    if stem == whole:
        return prefixes
    try:
        siblings = [
            other
            for other in library_path.parent.glob(f"{glob.escape(stem)}.*")
            if not other.name.startswith(library_path.name)  # itself, its -wal and -shm
        ]
    except OSError:
        siblings = []
    return prefixes if siblings else [*prefixes, stem]


def backup_details(library_path: Path) -> list[BackupInfo]:
    """This library's backups with when they were taken, their size and why; newest first."""
    details = []
    for taken, reason, path in _found(library_path):
        try:
            size = path.stat().st_size
        except OSError:  # pruned by another window meanwhile
            continue
        details.append(BackupInfo(path, taken, size, reason))
    return details


def _parse_name(tail: str) -> tuple[datetime, str] | None:
    match = _NAME.fullmatch(tail)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        # Shaped like ours but no real time ("20261399-250000"): not a backup this app took,
        # and one such file in the folder made every command stop with a traceback.
        return None
    return taken_at, match.group(2)


def prune_backups(library_path: Path, keep: int = KEEP, spare: Path | None = None) -> None:
    """Delete all but the newest ``keep`` backups, never ``spare``."""
    kept = 0
    for backup in list_backups(library_path):
        if spare is not None and backup.resolve() == spare.resolve():
            continue
        kept += 1
        if kept > keep:
            backup.unlink(missing_ok=True)


def _refuse_unreadable_values(backup_path: Path) -> None:
    """Raise ``LibraryError`` when a proposal in the backup holds a value Buy-In cannot read
    (changed outside Buy-In, or harmed): restored, the library would open and then refuse
    every figure and export of that proposal, with the good library it replaced set aside.
    Each proposal is read, on a copy, as the editor and the exports read it."""
    import tempfile

    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.models import Proposal
    from desktop.services.library import LibraryError, NotALibraryError, open_library
    from desktop.services.proposal_format import export_document
    from desktop.services.snapshot import UNREADABLE, DamagedProposalError, proposal_input
    from desktop.wording import quoted

    with tempfile.TemporaryDirectory(prefix="buyin-restore-") as folder:
        copy = Path(folder) / f"check{SUFFIX}"
        copy_database(backup_path, copy)
        try:
            library = open_library(copy, create=False, daily_backup=False)
        except LibraryError as error:
            found = error.finding if isinstance(error, NotALibraryError) else str(error)
            message = found.replace(str(copy), backup_path.name)
            raise LibraryError(f"{message} Nothing was restored; choose another backup.") from error
        which = ""
        try:
            with library.reading() as session:
                proposals = list(session.execute(select(Proposal.id, Proposal.name)))
            for proposal_id, proposal_name in proposals:
                which = f" (in {quoted(proposal_name, 80)})"
                proposal_input(library, proposal_id)
                export_document(library, proposal_id)
        except (*UNREADABLE, sqlite3.Error, SQLAlchemyError, DamagedProposalError) as error:
            raise LibraryError(
                f"{backup_path.name} holds values Buy-In cannot read{which}: it was changed "
                "outside Buy-In or is damaged. Nothing was restored; choose another backup."
            ) from error
        finally:
            library.close()


def restore_backup(backup_path: Path, library_path: Path) -> Restored:
    """Replace the library's content with a backup's, after backing up the current file; what
    was done is returned, for the message that says how to undo it.

    The backup is checked first (a damaged or foreign file is refused and nothing changes). The
    current library is kept as a ``before-restore`` backup when it can still be read; a damaged
    one is renamed aside with its ``-wal``/``-shm`` files, byte for byte. The copy goes through
    SQLite's backup API as one transaction, so a window that has the library open sees either the
    old content or the restored one, never a mix, and the restore is itself crash-safe.
    """
    from desktop.services.library import (
        LibraryError,
        NotALibraryError,
        inspect_library_file,
    )

    backup_path, library_path = Path(backup_path), Path(library_path)
    if backup_path.is_dir():
        raise LibraryError(
            f"{backup_path} is a folder, not a backup file; nothing was restored. Choose one "
            "of the files in it (`buyin backups` lists this library's)."
        )
    if not backup_path.is_file():
        raise LibraryError(f"There is no backup file at {backup_path}.")
    if library_path.exists() and os.path.samefile(backup_path, library_path):
        # It "succeeded", copying the file onto itself after backing it up for nothing.
        raise LibraryError(
            f"{backup_path.name} is the library itself, not a backup of it: nothing was "
            "restored. Choose one of its backups (File ▸ Restore a backup…, or `buyin backups`)."
        )
    from desktop.services.proposal_files import (
        ProposalFileRefused,
        is_shared_proposal_content,
        read_proposal_file,
    )

    # One of this library's own backups is a backup whatever it holds (a starter library's,
    # taken before its first write, is one proposal out of log mode too).
    own = backup_path.resolve().parent == backups_dir_for(library_path).resolve()
    shared = not own and is_shared_proposal_content(backup_path)
    if backup_path.suffix.lower() == PROPOSAL_FILE_SUFFIX and not shared:
        # Named as a shared proposal but not one: a whole library renamed, or a damaged file.
        # "Import it instead" sent the user to an import that then failed on the same file.
        try:
            inspect_library_file(backup_path)
        except LibraryError:
            pass
        else:
            raise LibraryError(
                f"{backup_path.name} holds a whole library, though it is named as a shared "
                f"proposal file ({PROPOSAL_FILE_SUFFIX}). Nothing was restored; to restore it, "
                f"rename it to end in {SUFFIX} and restore that, or open it as a library "
                "(File ▸ Open library file…)."
            )
        try:
            read_proposal_file(backup_path)
        except ProposalFileRefused as refusal:
            raise LibraryError(
                f"{refusal} It is named as a shared proposal file, not a backup of a library, "
                "so nothing was restored; `buyin backups` lists this library's backups."
            ) from refusal
    if backup_path.suffix.lower() == PROPOSAL_FILE_SUFFIX or shared:
        # Restoring replaces every proposal with the file's: a colleague's one shared proposal
        # would have left the library holding only that one (renamed ".buyinlib", too).
        raise LibraryError(
            f"{backup_path.name} is a shared proposal file, not a backup of a library. Import "
            "it instead (File ▸ Import proposal file…, or `buyin import-proposal`); nothing "
            "was restored."
        )
    try:
        inspect_library_file(backup_path)
    except NotALibraryError as error:
        # Said of the backup: "Restore it from a backup" was the advice for the file the
        # director was restoring from.
        raise NotALibraryError(
            error.finding,
            damaged=error.damaged,
            advice="Nothing was restored; choose another backup.",
        ) from error
    _refuse_unreadable_values(backup_path)
    if library_path.exists() and not library_path.is_file():
        raise LibraryError(f"{library_path} is not a library file; nothing was restored.")
    # Refused before the copy of the library is taken: the restore then failed on a read-only
    # file in SQLite's words, leaving a "before-restore" backup of a library left as it was.
    for what, target in (("", library_path), ("The folder ", library_path.parent)):
        if target.exists() and not os.access(target, os.W_OK):
            raise LibraryError(
                f"{what}{target} is read-only, so nothing can be restored into it; nothing was "
                "changed. Change its permissions, or restore into a copy you can write to."
            )
    replaced = kept_as = moved_aside = None
    fate, refused = current_library_fate(library_path)
    if refused is not None:
        raise refused
    if fate == "aside":
        moved_aside = _move_damaged_aside(library_path)
    elif fate == "backup":
        replaced = _proposal_count(library_path)
        kept_as = take_backup(library_path, reason="before-restore", spare=backup_path)
    # As it was checked: with its "-wal" file when it has one (immutable, the copy skipped it
    # and restored the data from before the edits the log holds, saying "Restored").
    source = sqlite3.connect(read_only_uri(backup_path), uri=True)
    try:
        destination = sqlite3.connect(library_path, timeout=10)
        try:
            source.backup(destination)
            problems = destination.execute("PRAGMA integrity_check").fetchall()
        finally:
            destination.close()
    finally:
        source.close()
    if problems != [("ok",)]:
        raise LibraryError(f"Restoring {backup_path.name} failed its integrity check.")
    return Restored(
        backup_path,
        library_path,
        _proposal_count(library_path),
        replaced=replaced,
        kept_as=kept_as,
        moved_aside=moved_aside,
    )


def current_library_fate(library_path: Path) -> tuple[str, LibraryError | None]:
    """What a restore does first with the file at ``library_path``: "backup" (it reads as a
    library: kept as a backup), "aside" (a damaged library: renamed aside, byte for byte),
    "none" (there is no file), or "refused" with the error saying why nothing would be restored
    over it (a newer version's library, or a file that is not a library at all). The restore
    dialog words itself by it, as the restore acts by it."""
    from desktop.services.library import (
        LibraryError,
        NewerLibraryError,
        NotALibraryError,
        inspect_library_file,
    )

    if not library_path.exists():
        return "none", None
    refusal: LibraryError | None = None
    try:
        inspect_library_file(library_path)
    except NewerLibraryError as error:
        refusal = LibraryError(
            f"{error} Restoring an older backup over it would lose what that version saved; "
            "nothing was restored."
        )
        refusal.__cause__ = error
    except NotALibraryError as error:
        # Only what may be a harmed library is moved aside; a file that is plainly something
        # else (another app's data, notes) was named by mistake.
        ours = library_path.suffix.lower() == SUFFIX or bool(list_backups(library_path))
        if error.damaged and ours:
            return "aside", None
        refusal = LibraryError(f"{error} Nothing was restored over it.")
        refusal.__cause__ = error
    return ("refused", refusal) if refusal is not None else ("backup", None)


def _move_damaged_aside(library_path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = library_path.with_name(f"{library_path.name}.damaged-{stamp}")
    # The -wal file belongs to the damaged database: it moves with it, so nothing is deleted
    # and the new content never replays a stale log.
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{library_path}{suffix}")
        if companion.exists():
            companion.replace(Path(f"{aside}{suffix}"))
    library_path.replace(aside)
    return aside
