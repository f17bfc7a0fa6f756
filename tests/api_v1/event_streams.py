"""Helpers of the event-stream tests: a real server in this process, a writer that changes
statuses with plain SQL, and readers of Server-Sent Events."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import h11
import httpx
import uvicorn
from sqlalchemy import Engine, text
from starlette.applications import Starlette

from api_v1.feed import STATE_KEY, EventFeed
from gateway.app import create_app
from gateway.settings import Settings

# The test server's sockets send through a small buffer, so a client that stops reading
# holds up its stream after a few dozen events (the kernel would otherwise buffer MBs).
SERVER_SEND_BUFFER = 16 * 1024


@dataclass
class Server:
    url: str
    app: Starlette

    @property
    def feed(self) -> EventFeed:
        feed: EventFeed = getattr(self.app.state.gateway.v1.state, STATE_KEY)
        return feed


@contextmanager
def serving(settings: Settings) -> Iterator[Server]:
    """The gateway on uvicorn in a thread of this process, on a free port."""
    app = create_app(settings)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SERVER_SEND_BUFFER)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield Server(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


class Writer:
    """Changes Copr build statuses with plain SQL, as another process would."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def flip(self, *, rows: int = 1, times: int = 1) -> list[int]:
        """Toggle the status of the first ``rows`` Copr builds, ``times`` times, each time
        in a transaction of its own; the ids of the events appended, oldest first."""
        appended: list[int] = []
        for _ in range(times):
            with self.engine.begin() as connection:
                before = self.latest(connection)
                connection.execute(
                    text(
                        "UPDATE copr_build_targets SET status = CASE status"
                        " WHEN 'pending' THEN 'failure' ELSE 'pending' END"
                        " WHERE id IN (SELECT id FROM copr_build_targets ORDER BY id LIMIT :n)"
                    ),
                    {"n": rows},
                )
                appended += list(
                    connection.execute(
                        text("SELECT id FROM status_events WHERE id > :before ORDER BY id"),
                        {"before": before},
                    ).scalars()
                )
        return appended

    def latest(self, connection: Any = None) -> int:
        if connection is None:
            with self.engine.connect() as fresh:
                return self.latest(fresh)
        return int(
            connection.execute(text("SELECT coalesce(max(id), 0) FROM status_events")).scalar()
        )


@dataclass(frozen=True)
class Message:
    """One SSE message: an event (``id`` and ``data``) or a comment (a heartbeat)."""

    id: int | None = None
    event: str | None = None
    data: dict[str, Any] | None = None
    comment: str | None = None


def parse(lines: list[str]) -> Message | None:
    fields: dict[str, str] = {}
    comment = None
    for line in lines:
        if line.startswith(":"):
            comment = line[1:].strip()
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")
    if "data" in fields:
        return Message(int(fields["id"]), fields.get("event"), json.loads(fields["data"]))
    if comment is not None:
        return Message(comment=comment)
    return None  # the retry field alone


async def messages(response: httpx.Response) -> AsyncIterator[Message]:
    lines: list[str] = []
    async for line in response.aiter_lines():
        if line:
            lines.append(line)
            continue
        message = parse(lines)
        lines = []
        if message is not None:
            yield message


async def event_ids(stream: AsyncIterator[Message], upto: int) -> list[int]:
    """The ids of the events of ``stream`` (:func:`messages`), until the one ``upto``."""
    ids: list[int] = []
    async for message in stream:
        if message.id is not None:
            ids.append(message.id)
            if message.id >= upto:
                return ids
    return ids


class RawStream:
    """An SSE request on a socket with a tiny receive buffer, read only when told to: a
    client that stalls."""

    def __init__(self, url: str, path: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.socket.connect((host, int(port)))
        self.http = h11.Connection(h11.CLIENT)
        request = h11.Request(method="GET", target=path, headers=[("Host", host)])
        self.socket.sendall(self.http.send(request) + self.http.send(h11.EndOfMessage()))
        self.body = b""
        self.status = 0
        while not self.status:
            self._receive()

    def _receive(self) -> None:
        self.http.receive_data(self.socket.recv(65536))
        while True:
            received = self.http.next_event()
            if received is h11.NEED_DATA:
                return
            if isinstance(received, h11.Response):
                self.status = received.status_code
            elif isinstance(received, h11.Data):
                self.body += bytes(received.data)
            else:
                return

    def read_ids(self, upto: int, seconds: float = 30) -> list[int]:
        """Read on until the event ``upto``; the ids of every event received."""
        self.socket.settimeout(seconds)
        while f"id: {upto}\n".encode() not in self.body:
            self._receive()
        return [int(found) for found in re.findall(rb"^id: (\d+)$", self.body, re.MULTILINE)]

    def close(self) -> None:
        self.socket.close()
