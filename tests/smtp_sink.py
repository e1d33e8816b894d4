"""A local SMTP server that keeps what it receives (aiosmtpd): the mail server of fault tests."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Keep:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.sink.lock:
            self.sink.received.append(message)
        return "250 OK"


class SmtpSink:
    """Start and stop it at will on one port; ``received`` survives the restarts."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received: list = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> SmtpSink:
        self._controller = Controller(_Keep(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        with self.lock:
            return [message["Message-ID"] for message in self.received]
