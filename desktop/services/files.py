"""Writing exported files safely: never a half-written file under the name the user chose."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import threading
from pathlib import Path


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Files nothing may be exported over: the open libraries, with the journal files SQLite keeps
# beside each. An export named like the library would otherwise replace every proposal in it.
_PROTECTED: dict[str, int] = {}  # real path → how many open libraries hold it
_PROTECTED_LOCK = threading.Lock()
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")  # the files SQLite may keep beside a database
_JOURNALS = ("", *JOURNAL_SUFFIXES)


def remove_database(path: Path) -> None:
    """Delete the database at ``path`` and the journal files SQLite may keep beside it."""
    for suffix in _JOURNALS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def protect(path: Path) -> None:
    """Refuse exports over ``path`` (and its journal files) until ``unprotect``."""
    real = os.path.realpath(path)
    with _PROTECTED_LOCK:
        _PROTECTED[real] = _PROTECTED.get(real, 0) + 1


def unprotect(path: Path) -> None:
    real = os.path.realpath(path)
    with _PROTECTED_LOCK:
        if _PROTECTED.get(real, 0) > 1:
            _PROTECTED[real] -= 1
        else:
            _PROTECTED.pop(real, None)


def is_open_library(path: Path) -> bool:
    """Whether ``path`` is (or is a journal file of) a library open in this process, under
    any name for the same file."""
    return _is_protected(os.path.realpath(path))


def _is_protected(target: str) -> bool:
    with _PROTECTED_LOCK:
        kept = [path + suffix for path in _PROTECTED for suffix in _JOURNALS]
    if target in kept:
        return True
    # The same file under another name: another letter case on a file system that ignores it
    # (macOS, Windows), or a hard link.
    if not os.path.exists(target):
        return False
    for path in kept:
        try:
            if os.path.samefile(target, path):
                return True
        except OSError:  # that journal file is not there
            continue
    return False


def _read_only(path: Path) -> bool:
    """Whether the file is marked read-only: no write permission for anyone (what a read-only
    attribute shows on Windows), or none for this process."""
    mode = path.stat().st_mode
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


_DATABASE_HEADER = b"SQLite format 3\x00"


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as opened:
            return opened.read(len(_DATABASE_HEADER)) == _DATABASE_HEADER
    except OSError:
        return False  # unreadable: the write itself will say why


def write_atomically(path: Path, data: bytes, *, may_replace_database: bool = False) -> None:
    """Write ``data`` to a temporary file in the target's folder, flush it to disk, then rename
    it over ``path`` in one step, so a crash leaves either the old file or the new one.

    A symbolic link is written through, to the file it names. Anything at ``path`` that is not a
    regular file (a folder, a device, a pipe) is refused, as is an open library: an ``OSError``
    that names ``path`` as the person typed it, never the hidden temporary file."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    if _is_protected(str(target)):
        raise OSError(
            errno.EEXIST, "That is the open library itself; choose another file name", str(path)
        )
    if target.is_dir():
        raise OSError(errno.EISDIR, "That is a folder; give the file a name", str(path))
    if target.exists() and not target.is_file():
        raise OSError(errno.EEXIST, "Something other than a file is already there", str(path))
    if not may_replace_database and target.is_file() and _is_database(target):
        # A library (or any database) is never an export's to replace, open here or not: an
        # export's name typed over one would turn a district's proposals into a PDF.
        raise OSError(
            errno.EEXIST,
            "That file is a database, such as a Buy-In library; choose another file name",
            str(path),
        )
    if target.is_file() and _read_only(target):
        # Renaming over it would succeed (the folder is what the rename needs), and replace a
        # file someone marked as not to be changed.
        raise OSError(
            errno.EACCES,
            "That file is read-only; choose another name or make it writable",
            str(path),
        )
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); an exported PDF is meant to be shared, so it
        # gets the permissions of the file it replaces, or what a new file normally gets.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
