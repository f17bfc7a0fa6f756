"""The ASGI app under ``/api``: each request goes to the stack its operation's mode names.

- ``legacy`` and ``shadow``: the Flask app (through the mount, ``gateway.legacy``); part 2
  adds the background comparison for ``shadow``;
- ``cutover``: the operation's FastAPI legacy view;
- ``retired``: 410 Gone, ``{"error": …}``, with a ``Link`` to the v1 successor.

A request that matches no operation (an unknown path, a framework page such as the
Swagger UI) goes to Flask, or, with Flask off, to the views app, which answers it as Flask
would (404 page, 405, OPTIONS). A deprecated operation's answer carries its lifecycle
headers whichever stack gave it. The mode is read once, when the request starts.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api_v1.legacy.errors import domain_error_response
from api_v1.legacy.routing import LegacyOperation
from api_v1.routes import route_infos, route_path
from gateway.migration.compare import Answer
from gateway.migration.headers import lifecycle_headers, successor_link
from gateway.migration.modes import Mode, ModeCache, OperationSettings
from gateway.migration.registry import Registry
from gateway.migration.shadow import MAX_BODY, Shadow, ShadowJob, request_scope, shadowable
from shared_db.errors import DomainError

logger = logging.getLogger(__name__)

# On every answer to an operation, for ops and their tools: which operation, which stack.
OPERATION_HEADER = b"x-gateway-operation"
STACK_HEADER = b"x-gateway-stack"


class Gone(DomainError):
    status_code = 410


@dataclass(frozen=True, slots=True)
class _Route:
    regex: re.Pattern[str]
    methods: frozenset[str]
    operation: LegacyOperation


class LegacyDispatcher:
    def __init__(
        self,
        registry: Registry,
        views: Starlette,
        flask: ASGIApp | None,
        modes: ModeCache,
        shadow: Shadow | None = None,
    ) -> None:
        """Requests are matched on the routes of ``views`` (one per operation, named by
        its id), so the operation that decides the stack is the one its view answers."""
        by_id = registry.by_id
        self._routes = [
            _Route(info.regex, info.methods, by_id[info.name]) for info in route_infos(views)
        ]
        self.registry = registry
        self.views = views
        self.flask = flask
        self.modes = modes
        self.shadow = shadow
        self._warned: set[str] = set()

    def match(self, method: str, path: str) -> tuple[LegacyOperation | None, dict[str, str]]:
        for route in self._routes:
            found = route.regex.match(path)
            if found and method in route.methods:
                return route.operation, found.groupdict()
        return None, {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        fallback = self.flask or self.views
        if scope["type"] != "http":
            await fallback(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        operation, params = self.match(scope["method"], route_path(scope))
        if operation is None:
            state["stack"] = "flask" if self.flask else "cutover"
            await fallback(scope, receive, send)
            return
        settings = self.modes.snapshot.of(operation.id)
        successor = self.registry.successor_url(operation, params)
        headers = [(OPERATION_HEADER, operation.id.encode())]
        headers += lifecycle_headers(settings.deprecated_on, settings.sunset_on, successor)
        state["operation_id"] = operation.id
        if settings.mode is Mode.retired:
            state["stack"] = "retired"
            headers.append((STACK_HEADER, b"retired"))
            await self._gone(scope, receive, send, operation, successor, headers)
            return
        app: ASGIApp | None
        if settings.mode is Mode.cutover or self.flask is None:
            if self.flask is None and settings.mode is not Mode.cutover:
                self._warn_flask_off(operation, settings.mode)
            state["stack"] = "cutover"
            app = self.views
        else:
            state["stack"] = "flask"
            app = self.flask
            if settings.mode is Mode.shadow and self._sampled(operation, scope, settings):
                assert self.shadow is not None
                kind = "aa" if settings.shadow_aa else "view"
                send = _then_compare(send, self.shadow, operation, kind, request_scope(scope))
        assert app is not None
        headers.append((STACK_HEADER, state["stack"].encode()))
        await app(scope, receive, _sending(send, headers, scope["method"] == "HEAD"))

    def _sampled(
        self, operation: LegacyOperation, scope: Scope, settings: OperationSettings
    ) -> bool:
        return (
            self.shadow is not None
            and shadowable(operation, scope["method"])
            and self.shadow.sampler.take(operation.id, settings.shadow_rate)
        )

    async def _gone(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        operation: LegacyOperation,
        successor: str,
        headers: list[tuple[bytes, bytes]],
    ) -> None:
        response = domain_error_response(
            Gone(f"{operation.method} /api{operation.rule} is retired; use {successor}")
        )
        if not any(key == b"link" for key, _ in headers):
            headers = [*headers, (b"link", successor_link(successor).encode())]
        await response(scope, receive, _sending(send, headers, scope["method"] == "HEAD"))

    def _warn_flask_off(self, operation: LegacyOperation, mode: Mode) -> None:
        if operation.id not in self._warned:
            self._warned.add(operation.id)
            logger.warning(
                "%s is in mode %s but Flask is off: its legacy view answers", operation.id, mode
            )


def _then_compare(
    send: Send, shadow: Shadow, operation: LegacyOperation, kind: str, scope: dict[str, object]
) -> Send:
    """``send`` that keeps a copy of Flask's answer and, once the client has all of it,
    queues the comparison (an answer too large to keep is not compared)."""
    status = 0
    headers: list[tuple[str, str]] = []
    body = bytearray()
    kept = True

    async def wrapped(message: Message) -> None:
        nonlocal status, kept
        await send(message)
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.extend(
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in message.get("headers", [])
            )
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))
            kept = kept and len(body) <= MAX_BODY
            if not message.get("more_body", False) and kept:
                answer = Answer.of(status, headers, bytes(body))
                shadow.offer(ShadowJob(operation, kind, dict(scope), answer))

    return wrapped


def _sending(send: Send, headers: list[tuple[bytes, bytes]], head: bool) -> Send:
    """``send`` that adds ``headers`` to the answer and, for HEAD, drops the body (keeping
    its length) as werkzeug does."""

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            existing = MutableHeaders(scope=message)
            for key, value in headers:
                if key.decode() not in existing:
                    existing.append(key.decode(), value.decode())
        elif message["type"] == "http.response.body" and head:
            message = {**message, "body": b""}
        await send(message)

    return wrapped
