"""The legacy mount: a WSGI app run in a worker thread, its answer sent in one piece.

The thread must never wait for the event loop while it answers: the loop is busy with v1
work, and every wait for it was a turn of the loop added to a legacy request's latency."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from starlette.types import Message

from gateway.legacy import BufferedWSGI

StartResponse = Callable[..., Callable[[bytes], None]]


def scope(method: str = "GET") -> dict[str, Any]:
    return {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/api/echo",
        "root_path": "/api",
        "query_string": b"a=1",
        "headers": [(b"host", b"testserver"), (b"content-type", b"text/plain")],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }


async def call(mount: BufferedWSGI, request: dict[str, Any], parts: list[bytes]) -> list[Message]:
    sent: list[Message] = []
    messages = [
        {"type": "http.request", "body": part, "more_body": i < len(parts) - 1}
        for i, part in enumerate(parts or [b""])
    ]

    async def receive() -> Message:
        return messages.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    await mount(request, receive, send)
    return sent


async def test_the_answer_is_made_without_the_loop() -> None:
    go, finished = threading.Event(), threading.Event()

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterator[bytes]:
        assert go.wait(timeout=5)
        write = start_response("201 Created", [("Content-Type", "text/plain"), ("X-One", "1")])
        write(b"a")
        yield b"b"
        yield b"c"
        finished.set()

    mount = BufferedWSGI(app, threads=1)
    answered = asyncio.create_task(call(mount, scope(), []))
    await asyncio.sleep(0.05)  # the request is in the worker thread
    go.set()
    # The loop is held from here on; the thread still makes the whole answer.
    assert finished.wait(timeout=2)
    sent = await answered
    assert sent == [
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"text/plain"), (b"x-one", b"1")],
        },
        {"type": "http.response.body", "body": b"abc"},
    ]


async def test_the_environ_and_a_body_in_parts() -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        seen.update(environ)
        body = environ["wsgi.input"].read()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [body.upper()]

    sent = await call(BufferedWSGI(app, threads=2), scope("POST"), [b"one ", b"two"])
    assert sent[1]["body"] == b"ONE TWO"
    assert (seen["SCRIPT_NAME"], seen["PATH_INFO"], seen["QUERY_STRING"]) == (
        "/api",
        "/echo",
        "a=1",
    )
    assert (seen["REQUEST_METHOD"], seen["CONTENT_TYPE"]) == ("POST", "text/plain")


async def test_requests_run_side_by_side_in_the_threads() -> None:
    inside = threading.Barrier(2, timeout=5)

    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        inside.wait()  # both requests in the app at once
        start_response("200 OK", [])
        return [b"ok"]

    mount = BufferedWSGI(app, threads=2)
    started = time.monotonic()
    answers = await asyncio.gather(call(mount, scope(), []), call(mount, scope(), []))
    assert [sent[1]["body"] for sent in answers] == [b"ok", b"ok"]
    assert time.monotonic() - started < 5


async def test_an_error_answer_replaces_the_first_status() -> None:
    def app(environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        try:
            raise ValueError("late")
        except ValueError:
            start_response("500 Internal Server Error", [("X-Error", "1")], sys.exc_info())
        return [b"failed"]

    sent = await call(BufferedWSGI(app, threads=1), scope(), [])
    assert sent == [
        {"type": "http.response.start", "status": 500, "headers": [(b"x-error", b"1")]},
        {"type": "http.response.body", "body": b"failed"},
    ]
