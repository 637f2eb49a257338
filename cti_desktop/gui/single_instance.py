"""One running app per person: the first CTI Desktop listens on a local socket (QLocalServer) named for
the user; a second start (a tel: link clicked while the app runs, say) hands its number to the first
over that socket (QLocalSocket) and exits, and the first dials it and comes to the front.

Tests and benchmarks (CTI_DESKTOP_NO_USER_FILES=1) run many apps at once on their own databases: for
them the name also holds the database, so each is the one app of its own database.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_MS = 500
SHOW = "show"
DIAL = "dial "


def server_name(database_url: str = "", environ: dict[str, str] | None = None) -> str:
    environ = dict(os.environ) if environ is None else environ
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name on this system: one app per home folder instead
        user = os.path.expanduser("~")
    key = user
    if environ.get("CTI_DESKTOP_NO_USER_FILES") == "1":
        key += "\n" + database_url
    return "cti-desktop-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """The running app's end: `handed(number)` when another start hands over a number to dial
    ("" when it only asks the app to come to the front)."""

    handed = Signal(str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._connected)

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        # A socket left behind by an app that crashed: nobody answers on it (checked before).
        QLocalServer.removeServer(self.name)
        if self._server.listen(self.name):
            return True
        log.warning("another start cannot reach this app: %s", self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    @Slot()
    def _connected(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(self._read)
            socket.disconnected.connect(socket.deleteLater)

    @Slot()
    def _read(self) -> None:
        socket = self.sender()
        if not isinstance(socket, QLocalSocket) or not socket.canReadLine():
            return
        line = bytes(socket.readLine().data()).decode("utf-8", errors="replace").strip()
        socket.disconnectFromServer()
        if line.startswith(DIAL):
            self.handed.emit(line[len(DIAL) :].strip())
        elif line == SHOW:
            self.handed.emit("")


def hand_over(name: str, number: str | None) -> bool:
    """Give the running app the number to dial (or ask it to come to the front); False when no app
    runs under this name."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = f"{DIAL}{number}\n" if number else f"{SHOW}\n"
    socket.write(message.encode("utf-8"))
    delivered = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return delivered


def claim(name: str, number: str | None) -> SingleInstance | None:
    """At start-up: None when another app of this person runs (the number was handed to it: exit);
    else this app's listening end."""
    if hand_over(name, number):
        log.info("CTI Desktop already runs: %s handed to it", number or "the request to show it")
        return None
    instance = SingleInstance(name)
    instance.listen()
    return instance
