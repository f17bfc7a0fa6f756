"""The live feed of status changes: Server-Sent Events and a WebSocket over one feed.

Every change of a target's status is recorded by the database itself (revision 0004's
triggers), whoever made it; these routes stream those records. See :mod:`api_v1.feed` for
how they reach every worker and every client.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask
from starlette.requests import HTTPConnection

from api_v1.deps import UnitOfWork, UnitOfWorkDep
from api_v1.errors import ERROR_RESPONSES, RETRY_AFTER_SECONDS, error_response
from api_v1.feed import EventFeed, Subscription, TooManyStreams, follow, start_of
from api_v1.filters import Name
from api_v1.openapi import error_doc, retry_after_doc
from api_v1.router import resource_router
from api_v1.schemas.status_events import EventMessage, HeartbeatMessage, StatusEventRead
from api_v1.state import STATE_KEY, V1State
from shared_db.base import MAX_ID
from shared_db.queries.status_events import EventFilter, EventKind, FeedEvent

router = resource_router("events")

# Sent first: how long an EventSource waits before it reconnects (with Last-Event-ID).
RETRY_MILLISECONDS = 2000
# No event id is larger (PostgreSQL: BIGINT).
MAX_EVENT_ID = 2**63 - 1


ERROR_SCHEMA = "#/components/schemas/ErrorRead"


class EventStreamResponse(StreamingResponse):
    media_type = "text/event-stream"


@dataclass(frozen=True, slots=True)
class StreamRequest:
    """What a stream asks for: its filter, and the id to resume after (None: from now)."""

    wanted: EventFilter
    after: int | None


RowId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
EventId = Annotated[int | None, Query(ge=0, le=MAX_EVENT_ID)]


async def stream_request(
    kind: Annotated[
        list[EventKind] | None, Query(description="Only these kinds (repeat the parameter)")
    ] = None,
    target_id: Annotated[RowId, Query(description="Only targets with this id")] = None,
    run_id: Annotated[RowId, Query(description="Only the targets of this run")] = None,
    forge: Annotated[Name, Query(description="Forge host of the project")] = None,
    namespace: Annotated[Name, Query(description="Project namespace")] = None,
    repo_name: Annotated[Name, Query(description="Project repository name")] = None,
    after: Annotated[EventId, Query(description="Resume: first the events after this id")] = None,
) -> StreamRequest:
    wanted = EventFilter(
        kinds=frozenset(kind or ()),
        target_id=target_id,
        run_id=run_id,
        forge=forge,
        namespace=namespace,
        repo_name=repo_name,
    )
    return StreamRequest(wanted, after)


StreamRequestDep = Annotated[StreamRequest, Depends(stream_request)]


def _read(event: FeedEvent) -> StatusEventRead:
    return StatusEventRead.model_validate(event)


# An event goes to every stream that wants it: its text is made once, not once per stream.
@lru_cache(maxsize=4096)
def _sse_message(event: FeedEvent) -> str:
    return f"id: {event.id}\nevent: status\ndata: {_read(event).model_dump_json()}\n\n"


@lru_cache(maxsize=4096)
def _ws_message(event: FeedEvent) -> str:
    return EventMessage(event=_read(event)).model_dump_json()


HEARTBEAT = HeartbeatMessage().model_dump_json()


async def _sse(
    feed: EventFeed,
    subscription: Subscription,
    uow: UnitOfWork,
    stream: StreamRequest,
    start: int,
) -> AsyncIterator[str]:
    try:
        yield f"retry: {RETRY_MILLISECONDS}\n\n"
        events = follow(
            feed, subscription, uow, start, stream.wanted, resuming=stream.after is not None
        )
        async for batch in events:
            yield "".join(map(_sse_message, batch)) if batch else ": heartbeat\n\n"
    finally:
        feed.release(subscription)


async def _release(feed: EventFeed, subscription: Subscription) -> None:
    feed.release(subscription)


def _json_error(doc: dict[str, Any]) -> dict[str, Any]:
    """An error of ``error_doc`` with its schema said under JSON: the route's own media type
    is the stream's, under which FastAPI would put a ``model``."""
    json = dict(doc["content"]["application/json"], schema={"$ref": ERROR_SCHEMA})
    return {key: value for key, value in doc.items() if key != "model"} | {
        "content": {"application/json": json}
    }


@router.get(
    "",
    response_class=EventStreamResponse,
    responses={
        200: {
            "model": StatusEventRead,
            "description": "A text/event-stream: per event, `id: <id>`, `event: status` and"
            " `data: <StatusEventRead as JSON>`; a comment `: heartbeat` when nothing"
            " happened for a while",
        },
        # JSON, unlike the stream: said here, since the route's media type is the stream's.
        422: _json_error(ERROR_RESPONSES[422]),
        503: _json_error(
            error_doc(
                503,
                "too_many_streams",
                "This server already serves 1000 event streams; retry later or elsewhere",
                "Too many open streams, or the database is unavailable; retry later",
                headers=retry_after_doc(int(RETRY_AFTER_SECONDS)),
            )
        ),
    },
)
async def stream_events(
    request: Request,
    uow: UnitOfWorkDep,
    stream: StreamRequestDep,
    last_event_id: Annotated[
        int | None,
        Header(
            alias="Last-Event-ID",
            ge=0,
            le=MAX_EVENT_ID,
            description="Sent by an EventSource when it reconnects: resume after this id",
        ),
    ] = None,
) -> EventStreamResponse:
    """Status changes of every kind of target, as Server-Sent Events, as they commit.

    A client that reconnects with `Last-Event-ID` (or `?after=`) first gets every event
    it missed, then the live ones, none twice. Filters combine (AND); repeated `kind`s are
    alternatives. A server keeps a bounded number of streams open and answers 503 beyond
    it. The same feed is served as a WebSocket at `/events/ws`.
    """
    feed = EventFeed.of(request)
    if last_event_id is not None:
        stream = StreamRequest(stream.wanted, last_event_id)
    subscription = feed.open()  # TooManyStreams: a 503 before the stream starts
    try:
        # Before the answer starts: a client that sees it open misses nothing after it.
        start = await start_of(uow, stream.after)
    except BaseException:
        feed.release(subscription)
        raise
    return EventStreamResponse(
        _sse(feed, subscription, uow, stream, start),
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        # Also when the client went away before the stream began.
        background=BackgroundTask(_release, feed, subscription),
    )


def _state(connection: HTTPConnection) -> V1State:
    state: V1State = getattr(connection.app.state, STATE_KEY)
    return state


@router.websocket("/ws")
async def stream_events_ws(websocket: WebSocket, stream: StreamRequestDep) -> None:
    """The same feed as a WebSocket of JSON text messages: an EventMessage per event, a
    HeartbeatMessage when quiet; resume with `?after=<last id>`."""
    feed = EventFeed.of(websocket)
    state = _state(websocket)
    try:
        subscription = feed.open()
    except TooManyStreams as refused:
        response = error_response(503, "too_many_streams", refused.message)
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            await websocket.send_denial_response(response)
        else:
            await websocket.close(code=1013, reason="too many streams")  # try again later
        return
    uow = UnitOfWork(state.database, state.session_limiter)
    try:
        start = await start_of(uow, stream.after)
        await websocket.accept()
        events = follow(
            feed, subscription, uow, start, stream.wanted, resuming=stream.after is not None
        )
        async for batch in events:
            for message in map(_ws_message, batch) if batch else (HEARTBEAT,):
                await websocket.send_text(message)
    except WebSocketDisconnect:
        pass
    finally:
        feed.release(subscription)
