"""A proposal file opened while the app already has its library open goes to that window.

Double-clicking a shared ``.buyin`` starts a second copy of the app, which found the library
locked by the first (``library_lock``) and could only say so: the file was not imported. The
window that holds a library now listens on a local socket named after the library; a copy
started with a proposal file hands the file's path to that window, which imports it and comes
to the front, and the second copy ends without opening anything.

Qt's network module is loaded only here: when the window is ready (after the first figures), or
when the app is started with a file to open.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

# How long a second copy waits for the window holding the library (milliseconds): a window
# busy with a long computation answers when it is done.
WAIT_MS = 10_000
ACCEPTED = b"ok\n"


def server_name(library: Path) -> str:
    """The socket's name for ``library``: the same for every copy of the app of this user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name on this system: the path alone
        user = ""
    key = f"{user}\n{Path(library).expanduser().resolve()}".encode()
    return f"buyin-{hashlib.sha256(key).hexdigest()[:24]}"


class FileListener(QObject):
    """Listens for proposal files handed over by another copy of the app on the same library;
    ``file_handed`` gives each one's path."""

    file_handed = Signal(Path)

    def __init__(self, library: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtNetwork import QLocalServer

        self.library = library
        self.server: QLocalServer | None = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        name = server_name(library)
        if not self.server.listen(name):
            # A socket left by an app that ended without closing it (this window holds the
            # library's lock, so no running copy has it).
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                self.server = None  # no hand-off: a second copy says the library is in use

    @property
    def listening(self) -> bool:
        return self.server is not None and self.server.isListening()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _on_connection(self) -> None:
        server = self.server
        if server is None:
            return
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: object) -> None:
        from PySide6.QtNetwork import QLocalSocket

        assert isinstance(socket, QLocalSocket)
        if not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
        if not line:
            return
        socket.write(ACCEPTED)
        socket.flush()
        self.file_handed.emit(Path(line))


def hand_to_running_window(library: Path, file: Path) -> bool:
    """Give ``file`` to the copy of the app that has ``library`` open; True once it has taken
    it (this copy then has nothing to do), False when no copy listens."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(server_name(library))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write(f"{Path(file).expanduser().resolve()}\n".encode())
    if not socket.waitForBytesWritten(WAIT_MS):
        return False
    while socket.bytesAvailable() < len(ACCEPTED):
        if not socket.waitForReadyRead(WAIT_MS):
            return False
    taken = bytes(socket.readAll().data()).startswith(ACCEPTED)
    socket.disconnectFromServer()
    return taken
