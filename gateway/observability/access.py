"""One middleware sees every request of both stacks once it is answered: it logs one line
(request id, operation, stack, method, status, duration), counts it in the metrics and the
traffic roll-up, and logs an unexpected error once, with its trace."""

from __future__ import annotations

import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.middleware import request_id_of
from gateway.migration.tally import Tally
from gateway.observability.metrics import Metrics, status_class
from shared_db.base import utcnow

logger = structlog.get_logger("gateway.access")

UNMATCHED = "unmatched"
INTERNAL_ERROR = b"Internal Server Error"


def labels_of(scope: Scope, v1_prefix: str) -> tuple[str, str]:
    """(operation, stack): a legacy operation id, or the v1 route template, never the raw
    path (that would make one label per id)."""
    state = scope.get("state") or {}
    operation = state.get("operation_id")
    if operation is not None:
        return operation, state.get("stack", "flask")
    path: str = scope.get("path", "")
    if path == v1_prefix or path.startswith(v1_prefix + "/"):
        route = scope.get("route")
        template = getattr(route, "path", None)
        return (f"{scope['method']} {v1_prefix}{template}" if template else UNMATCHED), "v1"
    return UNMATCHED, state.get("stack", "flask")


class AccessMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, tally: Tally, v1_prefix: str) -> None:
        self.app = app
        self.metrics = metrics
        self.tally = tally
        self.v1_prefix = v1_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def observed(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        failure: Exception | None = None
        try:
            await self.app(scope, receive, observed)
        except Exception as error:  # logged once here, with its trace, then answered
            failure = error
            if status == 0:
                status = 500
                await send(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                    }
                )
                await send({"type": "http.response.body", "body": INTERNAL_ERROR})
        seconds = time.perf_counter() - started
        operation, stack = labels_of(scope, self.v1_prefix)
        method = scope["method"]
        self.metrics.requests.labels(operation, stack, method, status_class(status)).inc()
        self.metrics.latency.labels(stack).observe(seconds)
        if operation != UNMATCHED:
            agent = next((v for k, v in scope["headers"] if k == b"user-agent"), b"")
            self.tally.request(operation, stack, agent.decode("latin-1"), utcnow())
        fields = {
            "request_id": request_id_of(scope),
            "operation": operation,
            "stack": stack,
            "method": method,
            "path": scope.get("path"),
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
        }
        if failure is not None:
            logger.error("request failed", **fields, exc_info=failure)
        else:
            logger.info("request", **fields)
