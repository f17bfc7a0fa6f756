"""The legacy Flask app as the gateway mounts it: on a2wsgi's environ, its operations listed.

Only imported when the legacy app is on: with ``GATEWAY_LEGACY_APP=off`` the gateway
never imports flask, flask_restx or a2wsgi.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import io
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from a2wsgi.wsgi import build_environ
from flask import Flask
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import legacy_flask
from gateway.settings import Settings
from legacy_flask.app import operations
from shared_db.engine import Database


def _terminated_input(app: Flask) -> Any:
    """The body stream (the whole request body, read before the app runs) ends where the
    request body ends; saying so lets werkzeug read a body that came without
    ``Content-Length`` (``Transfer-Encoding: chunked``) instead of taking it for empty."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        environ["wsgi.input_terminated"] = True
        return app(environ, start_response)

    return wsgi


Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


class BufferedWSGI:
    """A WSGI app served to ASGI: the request body read on the event loop, the app run in
    a worker thread, and its whole answer handed back in one piece.

    a2wsgi's own responder (``a2wsgi.WSGIMiddleware``) sends each part of the answer
    (status and headers, every body chunk, the end) from the worker thread to the loop and
    waits each time for the loop to take it: three round trips or more per request. While
    the loop is busy (v1 requests run on it; on SQLite their statements too), each round
    trip waits for a whole turn of it, and a legacy request waited several turns where a
    v1 request waits one. Here the thread needs the loop once, at the end. The legacy
    answers are small JSON documents; the largest are the Swagger UI's files.

    The environ is a2wsgi's (:func:`a2wsgi.wsgi.build_environ`).
    """

    def __init__(self, app: Any, threads: int) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(thread_name_prefix="WSGI", max_workers=threads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # the legacy API has none
            await send({"type": "websocket.close", "code": 1000})
            return
        body = await _request_body(receive)
        environ = cast(dict[str, Any], build_environ(cast(Any, scope), cast(Any, io.BytesIO(body))))
        answer = functools.partial(contextvars.copy_context().run, self._answer, environ)
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(self.executor, answer)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    def _answer(self, environ: dict[str, Any]) -> Answer:
        """The app's whole answer (in a worker thread)."""
        started: list[tuple[int, list[tuple[bytes, bytes]]]] = []
        written: list[bytes] = []

        def start_response(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Any:
            # Called again (with ``exc_info``, after an error): nothing is sent before the
            # app returns, so the new status and headers simply replace the old ones.
            code = int(status.split(" ", 1)[0])
            raw = [
                (n.strip().lower().encode("latin1"), v.strip().encode("latin1")) for n, v in headers
            ]
            started[:] = [(code, raw)]
            return written.append

        chunks = self.app(environ, start_response)
        try:
            written.extend(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        ((code, raw),) = started
        return code, raw, b"".join(written)


async def _request_body(receive: Receive) -> bytes:
    """The whole request body (the gateway's body limit bounds it)."""
    parts: list[bytes] = []
    message: Message = {"more_body": True}
    while message.get("more_body", False):
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        parts.append(message.get("body", b""))
    return b"".join(parts)


@dataclass(frozen=True)
class LegacyMount:
    asgi: ASGIApp
    flask: Flask
    operations: Iterable[tuple[str, str]]


def mount_legacy(database: Database, settings: Settings) -> LegacyMount:
    flask = legacy_flask.create_app(database, settings.legacy_config())
    asgi = BufferedWSGI(_terminated_input(flask), threads=settings.wsgi_threads)
    return LegacyMount(asgi=asgi, flask=flask, operations=operations(flask))
