"""The pieces `gateway serve` stops with (gateway.serving), each on its own.

The end-to-end behaviour (SIGTERM to a real process) is in test_serve_shutdown.py.
"""

from __future__ import annotations

import asyncio
import signal
import socket
from collections.abc import AsyncIterator, Callable, MutableMapping
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from gateway import serving

REQUEST = b"GET / HTTP/1.1\r\nHost: test\r\n\r\n"


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    headers = [(b"content-length", b"5")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"hello"})


@asynccontextmanager
async def listening(protocol: type[HttpToolsProtocol]) -> AsyncIterator[tuple[int, ServerState]]:
    """``protocol`` serving :func:`hello` on a free port, as uvicorn's server runs it."""
    config = uvicorn.Config(app=hello, lifespan="off", log_level="critical")
    config.load()
    state = ServerState()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: protocol(config=config, server_state=state, app_state={}), "127.0.0.1", 0
    )
    try:
        yield server.sockets[0].getsockname()[1], state
    finally:
        server.close()
        for connection in list(state.connections):
            connection.transport.close()


async def answer(reader: asyncio.StreamReader) -> bytes:
    """One response (headers and the 5-byte body), or b"" if the connection closed."""
    head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
    return head + (await reader.readexactly(5) if head else b"")


def shut_down(state: ServerState) -> None:
    for connection in list(state.connections):
        connection.shutdown()  # what uvicorn's Server.shutdown does to each


class TestDrainingProtocol:
    async def test_a_request_sent_after_shutdown_began_is_answered_then_closed(self) -> None:
        async with listening(serving.DrainingHttpToolsProtocol) as (port, state):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(REQUEST)
            first = await answer(reader)
            assert b"connection: close" not in first.lower()  # kept alive

            shut_down(state)
            writer.write(REQUEST)
            second = await answer(reader)

            assert second.startswith(b"HTTP/1.1 200")
            assert b"connection: close" in second.lower()
            assert await reader.read() == b""  # then closed
            writer.close()

    async def test_a_silent_connection_is_closed_after_the_grace(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(serving, "IDLE_GRACE_SECONDS", 0.2)
        async with listening(serving.DrainingHttpToolsProtocol) as (port, state):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(REQUEST)
            await answer(reader)

            shut_down(state)

            assert await asyncio.wait_for(reader.read(), 5) == b""
            writer.close()

    async def test_a_request_in_flight_finishes_with_connection_close(self) -> None:
        async with listening(serving.DrainingHttpToolsProtocol) as (port, state):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(REQUEST.replace(b"\r\n\r\n", b"\r\n"))  # headers not complete yet
            await asyncio.sleep(0.1)
            shut_down(state)
            writer.write(b"\r\n")

            assert b"connection: close" in (await answer(reader)).lower()
            writer.close()

    async def test_uvicorns_own_protocol_drops_such_a_request(self) -> None:
        """The gap the draining protocol closes."""
        async with listening(HttpToolsProtocol) as (port, state):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(REQUEST)
            await answer(reader)

            shut_down(state)
            writer.write(REQUEST)

            try:
                rest = await reader.read()
            except ConnectionResetError:  # the unread request makes the close a reset
                rest = b""
            assert rest == b""  # no answer
            writer.close()


def app_of(inner: Callable[..., Any]) -> serving.AnswerWhenCutOff:
    return serving.AnswerWhenCutOff(inner)


async def cancelled_call(
    app: serving.AnswerWhenCutOff, path: str
) -> list[MutableMapping[str, Any]]:
    """Call ``app`` for ``path`` and cancel it while it runs, as uvicorn does at the bound."""
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    task = asyncio.create_task(app(scope, receive, send))
    await asyncio.sleep(0.05)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        sent.append({"type": "cancelled"})
    return sent


async def forever(scope: Scope, receive: Receive, send: Send) -> None:
    await asyncio.sleep(3600)


async def half_answered(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await asyncio.sleep(3600)


class TestAnswerWhenCutOff:
    @pytest.mark.parametrize(
        ("path", "body"),
        [
            ("/api/v1/copr-builds", b'"code":"shutting_down"'),
            ("/api/copr-builds", b'{"error":"The service is shutting down, try again"}'),
        ],
    )
    async def test_a_request_cut_off_before_its_answer_gets_a_503(
        self, path: str, body: bytes
    ) -> None:
        sent = await cancelled_call(app_of(forever), path)

        start, answer_body = sent
        assert start["status"] == 503
        assert (b"retry-after", b"5") in start["headers"]
        assert body in answer_body["body"]

    async def test_a_request_already_answering_is_left_to_uvicorn(self) -> None:
        sent = await cancelled_call(app_of(half_answered), "/api/copr-builds")

        assert [message["type"] for message in sent] == ["http.response.start", "cancelled"]

    async def test_other_scopes_pass_through(self) -> None:
        seen: list[str] = []

        async def lifespan(scope: Scope, receive: Receive, send: Send) -> None:
            seen.append(scope["type"])

        await app_of(lifespan)({"type": "lifespan"}, None, None)  # type: ignore[arg-type]

        assert seen == ["lifespan"]

    async def test_the_served_app_is_the_gateway(self) -> None:
        app = serving.create_app()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/v1/no-such-route")
        assert response.status_code == 404


class TestSupervisor:
    def test_the_parent_closes_its_listening_socket_when_told_to_stop(self) -> None:
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        listener = socket.create_server(("127.0.0.1", 0))
        try:
            supervisor = serving.Supervisor(uvicorn.Config(app=hello), sockets=[listener])
            supervisor.handle_term()

            assert listener.fileno() == -1
            assert supervisor.should_exit.is_set()
        finally:
            listener.close()
            for sig, handler in saved.items():
                signal.signal(sig, handler)

    def test_so_does_an_interrupt(self) -> None:
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        listener = socket.create_server(("127.0.0.1", 0))
        try:
            supervisor = serving.Supervisor(uvicorn.Config(app=hello), sockets=[listener])
            supervisor.handle_int()

            assert listener.fileno() == -1
        finally:
            listener.close()
            for sig, handler in saved.items():
                signal.signal(sig, handler)
