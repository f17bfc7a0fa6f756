"""Pure-ASGI middlewares that act on both stacks (Starlette style: ``__init__(app)``,
``async __call__(scope, receive, send)``), so they also see the a2wsgi mount."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
# A client's id is kept when it is a plain token; anything else is replaced, so log lines
# and headers never carry what a client smuggled in.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_of(scope: Scope) -> str | None:
    """The id :class:`RequestIdMiddleware` gave this request (None outside it)."""
    state = scope.get("state") or {}
    value = state.get("request_id")
    return value if isinstance(value, str) else None


class RequestIdMiddleware:
    """``X-Request-ID``: accepted from the client or generated, returned on the answer, and
    handed to both stacks (a header of the request, so Flask reads it from its environ as
    ``HTTP_X_REQUEST_ID``; ``request.state.request_id`` on FastAPI)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = [v for k, v in scope["headers"] if k == REQUEST_ID_HEADER.encode()]
        candidate = given[0].decode("latin-1") if len(given) == 1 else ""
        request_id = candidate if _ACCEPTED_ID.fullmatch(candidate) else uuid.uuid4().hex
        headers = [(k, v) for k, v in scope["headers"] if k != REQUEST_ID_HEADER.encode()]
        headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
        scope = {**scope, "headers": headers, "state": {**(scope.get("state") or {})}}
        scope["state"]["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)


# (status, headers, body) of the answer to a body over the limit, chosen per request.
TooLarge = tuple[int, list[tuple[bytes, bytes]], bytes]


class BodyLimitMiddleware:
    """One request-body limit for both stacks, chunked bodies included: 413.

    A declared ``Content-Length`` over the limit is answered at once, before the app runs.
    A body sent without one (``Transfer-Encoding: chunked``) is read here first, up to the
    limit, and handed on whole: an app that stops reading early (werkzeug stops at its own
    limit and takes what it has) can never mistake a cut body for the whole one. ``answer``
    gives the 413 in the style of the stack the path belongs to.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int, answer: Callable[[Scope], TooLarge]):
        self.app = app
        self.max_bytes = max_bytes
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send)
            return
        if declared is None and _chunked(scope):
            body = bytearray()
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client left before its body was complete
                body += message.get("body", b"")
                if len(body) > self.max_bytes:
                    await self._refuse(scope, send)
                    return
                if not message.get("more_body", False):
                    break
            receive = _replaying(bytes(body), receive)
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        status, headers, body = self.answer(scope)
        headers = [
            *headers,
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` that gives the body read ahead, then whatever the server sends next."""
    given = False

    async def replay() -> Message:
        nonlocal given
        if not given:
            given = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _chunked(scope: Scope) -> bool:
    return any(
        key == b"transfer-encoding" and b"chunked" in value.lower()
        for key, value in scope["headers"]
    )


def _content_length(scope: Scope) -> int | None:
    for key, value in scope["headers"]:
        if key == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class Prefixes:
    """The root router: each request goes to the app of the longest prefix its path starts
    with (``/api/v1`` before ``/api``), which sees that prefix as its ``root_path``.

    Plain string prefixes, not Starlette's ``Mount`` regexes, whose ``.*`` stops at a newline:
    a path with ``%0A`` in it fell past every mount to a bare 404.
    """

    def __init__(self, apps: dict[str, ASGIApp], default: ASGIApp) -> None:
        self.apps = sorted(apps.items(), key=lambda item: len(item[0]), reverse=True)
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the apps behind it have none of their own
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        path: str = scope["path"]
        for prefix, app in self.apps:
            if path == prefix or path.startswith(prefix + "/"):
                # In place, as Starlette's Mount does: what the app adds to the scope (its
                # route, the operation) stays visible to the middlewares outside. The
                # outer router is not the app's: its own sets itself (``url_for``).
                scope["root_path"] = scope.get("root_path", "") + prefix
                scope.pop("router", None)
                await app(scope, receive, send)
                return
        await self.default(scope, receive, send)
