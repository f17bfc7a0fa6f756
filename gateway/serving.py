"""How `gateway serve` stops: requests in flight finish, nothing sent is dropped, bounded.

On SIGTERM (or SIGINT) uvicorn stops listening, so new connections are refused by the
operating system, lets the requests in flight finish (each answer then says
``Connection: close``), and cuts off whatever is still running after
``timeout_graceful_shutdown`` (``Settings.shutdown_timeout``), before the lifespan
shutdown and the exit.

These gaps are closed here:

- uvicorn closes a connection that is between requests at once. But "between requests"
  only means the event loop has not *read* the next request yet: a client may have sent
  it already (under load the loop can be busy for a while), and it would see the
  connection dropped without an answer. :class:`DrainingHttpToolsProtocol` gives such a
  connection a short grace instead: a request already on its way is answered, with
  ``Connection: close``, and a connection that stays silent is closed after the grace.
- With several workers the parent process holds the listening socket too and never
  accepts on it: after the workers stop listening, the kernel would still complete the
  handshakes of new connections and queue them, unanswered, until the parent exits and
  they are reset. :class:`Supervisor` closes the parent's socket on the signal, so new
  connections are refused as soon as the workers stop listening.

- An event stream (``/api/v1/events``) never ends by itself, and would hold every shutdown
  to the bound: it is closed as soon as the shutdown begins instead, and its client
  resumes elsewhere.
- At the bound uvicorn cancels what still runs, and answers a request that had no answer
  yet with a plain-text 500. :class:`AnswerWhenCutOff` answers it with a 503 and
  ``Retry-After`` instead, in the error shape of its stack: the request did nothing wrong,
  and another process will take it.

What remains is the operating system's own race: a connection whose handshake completes
in the instant the listening socket closes is reset rather than refused. A load balancer
that stops routing to the process before it is signalled avoids even that.
"""

from __future__ import annotations

import asyncio
import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors.multiprocess import Multiprocess

logger = logging.getLogger(__name__)

# How long a connection between requests may still deliver one after shutdown begins.
IDLE_GRACE_SECONDS = 1.0

PROTOCOL = "gateway.serving:DrainingHttpToolsProtocol"  # as uvicorn's `http` option
APP = "gateway.serving:create_app"  # the app factory each uvicorn worker calls
SHUTTING_DOWN = "The service is shutting down, try again"
# Answers that never end by themselves (the event stream of ``api_v1.events``): once
# begun, the shutdown closes them at once.
ENDLESS_PATHS = frozenset({"/api/v1/events"})


def create_app() -> ASGIApp:
    """The gateway as `gateway serve` serves it (see :class:`AnswerWhenCutOff`)."""
    from gateway.app import create_app  # here: the `gateway` command's imports stay light

    return AnswerWhenCutOff(create_app())


class AnswerWhenCutOff:
    """Pure ASGI: a request cancelled before its answer began (uvicorn cancels what still
    runs when the shutdown timeout is over; nothing else cancels a request) is answered
    503 with ``Retry-After``: v1 in its error model, legacy as ``{"error": ...}``.

    The app runs in a task of its own, shielded: the answer goes out at once, not after
    whatever the cancelled work still awaits while it unwinds (a PostgreSQL connection
    waiting for a lock is cancelled and rolled back on the server first), which can take
    longer than the process has left.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answering = False  # the app began its answer
        cut_off = False  # ours went out instead: the app's is dropped

        async def watched(message: Message) -> None:
            nonlocal answering
            if cut_off:
                return
            answering = answering or message["type"] == "http.response.start"
            await send(message)

        request = asyncio.ensure_future(self.app(scope, receive, watched))
        try:
            await asyncio.shield(request)
        except asyncio.CancelledError:
            request.cancel()
            if answering:
                raise  # uvicorn closes the connection of a half-sent answer
            cut_off = True
            logger.warning("%s %s cut off by the shutdown timeout", scope["method"], scope["path"])
            # The request's own task, ending here with its answer: nothing awaits it.
            await _cut_off_answer(scope["path"])(scope, receive, send)


def _cut_off_answer(path: str) -> JSONResponse:
    from api_v1.errors import error_response
    from gateway.app import V1_PREFIX

    if path == V1_PREFIX or path.startswith(V1_PREFIX + "/"):
        return error_response(503, "shutting_down", SHUTTING_DOWN)
    # legacy_flask.errors.error_response's shape and header, without a Flask app context.
    return JSONResponse({"error": SHUTTING_DOWN}, status_code=503, headers={"Retry-After": "5"})


class DrainingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with the idle grace above (see the module docstring).

    It is named to uvicorn by import path, so each worker process builds it itself.
    """

    _draining = False

    def shutdown(self) -> None:
        if self.cycle is not None and not self.cycle.response_complete:
            if self.cycle.response_started and self.cycle.scope["path"] in ENDLESS_PATHS:
                # An event stream never finishes: close it now, not at the shutdown timeout.
                # Its client reconnects (to another process) and resumes after the last id
                # it received, so nothing is lost.
                self.transport.close()
                return
            self.cycle.keep_alive = False  # in flight: finish, then close (as uvicorn does)
            return
        self._draining = True
        # Reuses the keep-alive timer: a request that arrives cancels it (data_received),
        # and its answer closes the connection (on_headers_complete below).
        self._unset_keepalive_if_required()
        self.timeout_keep_alive_task = self.loop.call_later(
            IDLE_GRACE_SECONDS, self.timeout_keep_alive_handler
        )

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self._draining and self.cycle is not None:
            self.cycle.keep_alive = False


class Supervisor(Multiprocess):
    """uvicorn's supervisor of several workers, closing its copy of the listening socket
    when told to stop (see the module docstring), before it signals the workers."""

    def handle_int(self) -> None:
        self._stop_listening()
        super().handle_int()

    def handle_term(self) -> None:
        self._stop_listening()
        super().handle_term()

    def _stop_listening(self) -> None:
        for sock in self.sockets:
            sock.close()
