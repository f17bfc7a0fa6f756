"""Live shadow comparison: for operations in mode ``shadow``, a sample of the requests Flask
answered is answered again by the legacy view, in the background, and the two compared.

- Only GET and HEAD, and never an operation that writes (``LegacyOperation.writes``),
  whatever its rate.
- Off the response path: a request is queued only once the client has its whole answer;
  each worker has one bounded queue (a full queue drops the sample and counts it) and
  its own session limit, so shadow work never takes a connection a real request needs.
- One comparator (:mod:`gateway.migration.compare`, shared with ``verify``), the
  operation's declared noise rules applied; ``aa`` operations compare Flask with itself,
  which measures the noise instead of guessing it.
- Outcomes are counted in the database (:mod:`gateway.migration.tally`) and the metrics.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from starlette.types import ASGIApp, Message, Scope

from api_v1.legacy.routing import LegacyOperation
from gateway.migration.compare import Answer, Difference, compare
from gateway.migration.tally import Tally
from gateway.observability.metrics import Metrics
from shared_db.base import utcnow

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # answers larger than this are not kept for a comparison
TRIMMED = 4000  # characters of each body kept with a mismatch
SHADOWED_METHODS = frozenset({"GET", "HEAD"})


class Sampler:
    """Picks ``rate`` of an operation's requests, evenly: each request adds ``rate`` to the
    operation's credit and one credit buys a sample, so 1,000 requests at 0.05 give 50
    samples, not a binomial 50 ± 14."""

    def __init__(self) -> None:
        self._credit: dict[str, float] = {}

    def take(self, operation_id: str, rate: float) -> bool:
        if rate <= 0:
            return False
        credit = self._credit.get(operation_id, 0.0) + rate
        taken = credit >= 1.0
        self._credit[operation_id] = credit - 1.0 if taken else credit
        return taken


def shadowable(operation: LegacyOperation, method: str) -> bool:
    return method in SHADOWED_METHODS and not operation.writes


@dataclass(frozen=True, slots=True)
class ShadowJob:
    operation: LegacyOperation
    kind: str  # "view" or "aa"
    scope: dict[str, Any]
    legacy: Answer


def request_scope(scope: Scope) -> dict[str, Any]:
    """A fresh HTTP scope for the same request (nothing of the first run's state)."""
    keep = (
        "type",
        "asgi",
        "http_version",
        "method",
        "scheme",
        "path",
        "raw_path",
        "query_string",
        "root_path",
        "headers",
        "server",
        "client",
    )
    copied = {key: scope[key] for key in keep if key in scope}
    copied["state"] = {}
    return copied


async def answer_of(app: ASGIApp, scope: dict[str, Any]) -> Answer:
    """Run ``app`` on a GET/HEAD request (no body) and collect its whole answer."""
    status = 0
    headers: list[tuple[str, str]] = []
    body = bytearray()

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.extend(
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in message["headers"]
            )
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(dict(scope), receive, send)
    return Answer.of(status, headers, b"" if scope["method"] == "HEAD" else bytes(body))


def outcome_of(differences: list[Difference]) -> str:
    """The summary column a comparison counts in."""
    if not differences:
        return "matches"
    if any(d.category == "status" for d in differences):
        return "status_mismatches"
    if all(
        d.category in ("missing", "extra", "order") and d.where.count("/") == 1 for d in differences
    ):
        return "row_mismatches"  # a row one read saw and the other did not
    return "value_mismatches"


class Shadow:
    """One worker's shadow comparisons: a bounded queue and the task that works it off."""

    def __init__(
        self, views: ASGIApp, flask: ASGIApp, tally: Tally, metrics: Metrics, queue_size: int
    ) -> None:
        self.views = views
        self.flask = flask
        self.tally = tally
        self.metrics = metrics
        self.sampler = Sampler()
        self.queue_size = queue_size
        self._send: MemoryObjectSendStream[ShadowJob] | None = None
        self._receive: MemoryObjectReceiveStream[ShadowJob] | None = None

    @contextmanager
    def open(self) -> Iterator[None]:
        """The queue (and the sampler's credits), for as long as the gateway runs."""
        self.sampler = Sampler()
        self._send, self._receive = anyio.create_memory_object_stream[ShadowJob](self.queue_size)
        try:
            yield
        finally:
            self._send.close()
            self._receive.close()
            self._send = self._receive = None

    def offer(self, job: ShadowJob) -> bool:
        """Queue a comparison; with the queue full (or the gateway stopping), drop it and
        count it."""
        try:
            if self._send is None:
                raise anyio.WouldBlock
            self._send.send_nowait(job)
        except anyio.WouldBlock:
            self.tally.shadow(job.operation.id, job.kind, "dropped", utcnow())
            self.metrics.shadow.labels(job.operation.id, "dropped").inc()
            return False
        self.metrics.shadow_queue.inc()
        return True

    async def run(self) -> None:
        """Work the queue off, one comparison at a time, until cancelled."""
        assert self._receive is not None, "Shadow.open() first"
        async for job in self._receive:
            self.metrics.shadow_queue.dec()
            await self.compare(job)

    async def drain(self) -> list[str]:
        """Run the comparisons queued so far, now (tests; a worker uses :meth:`run`)."""
        outcomes: list[str] = []
        assert self._receive is not None, "Shadow.open() first"
        while True:
            try:
                job = self._receive.receive_nowait()
            except anyio.WouldBlock:
                return outcomes
            self.metrics.shadow_queue.dec()
            outcomes.append(await self.compare(job))

    async def compare(self, job: ShadowJob) -> str:
        started = time.perf_counter()
        app = self.views if job.kind == "view" else self.flask
        operation = job.operation
        at = utcnow()
        try:
            answer = await answer_of(app, job.scope)
        except Exception as error:
            logger.warning(
                "shadow %s: the %s failed: %s", operation.id, job.kind, type(error).__name__
            )
            return self._count(job, "view_errors", at, None, [])
        differences = compare(job.legacy, answer, [rule.path for rule in operation.noise])
        outcome = outcome_of(differences)
        if answer.status >= 500 and job.legacy.status < 500:
            outcome = "view_errors"
        self.metrics.shadow_seconds.observe(time.perf_counter() - started)
        return self._count(job, outcome, at, answer, differences)

    def _count(
        self,
        job: ShadowJob,
        outcome: str,
        at: Any,
        answer: Answer | None,
        differences: list[Difference],
    ) -> str:
        mismatch = None
        if outcome != "matches":
            query = job.scope.get("query_string", b"").decode("latin-1")
            request = f"{job.scope['method']} {job.scope['path']}" + (f"?{query}" if query else "")
            view_body = "" if answer is None else answer.body.decode(errors="replace")
            mismatch = {
                "operation_id": job.operation.id,
                "kind": job.kind,
                "category": outcome.removesuffix("_mismatches").removesuffix("s"),
                "at": at,
                "request": request,
                "legacy_status": job.legacy.status,
                "view_status": None if answer is None else answer.status,
                "legacy_body": job.legacy.body.decode(errors="replace")[:TRIMMED],
                "view_body": view_body[:TRIMMED],
                "differences": [difference.as_json() for difference in differences[:50]],
            }
        self.tally.shadow(job.operation.id, job.kind, outcome, at, mismatch)
        self.metrics.shadow.labels(job.operation.id, outcome).inc()
        return outcome
