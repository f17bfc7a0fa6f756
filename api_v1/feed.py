"""The live feed behind ``/api/v1/events``: one reader per process, fanned out to streams.

One :class:`EventFeed` per process reads new rows of ``status_events`` and hands each batch
to every open stream's bounded queue without waiting, so a slow client never holds up the
reader or the other clients. How it learns of new rows:

- PostgreSQL: a dedicated connection (psycopg, outside the pools) LISTENs on the channel
  the triggers NOTIFY; each notification makes the reader read the table after its cursor.
- SQLite (and a database bound to a test's connection): the reader polls the table every
  ``poll_seconds``.

It starts with the first stream, so a process nobody streams from holds no connection.

Each batch says which ids it covers (``after`` < id <= ``upto``). A stream remembers the
last id it has considered; a batch that does not start where the stream left off (the
stream's queue overflowed and batches were dropped, or it was opened before the reader
started) makes the stream read the missing events from the table instead. The table is
the truth, the queue only a shortcut: no event is missed and, since each stream only
passes on ids above its cursor, none is sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import anyio
import psycopg
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from fastapi import FastAPI
from sqlalchemy.engine import make_url
from starlette.requests import HTTPConnection

from api_v1.deps import UnitOfWork
from shared_db.engine import Database
from shared_db.errors import DomainError
from shared_db.models.events import NOTIFY_CHANNEL
from shared_db.queries.status_events import (
    EVERYTHING,
    EventFilter,
    FeedEvent,
    events_after,
    events_since,
    latest_event_id,
)

logger = logging.getLogger(__name__)

STATE_KEY = "events_feed"
RETRY_SECONDS = 1.0
# How the dedicated LISTEN connection shows in pg_stat_activity.
LISTENER_NAME = "gateway-events-listener"


class TooManyStreams(DomainError):
    """This process already serves as many streams as the settings allow."""

    status_code = 503


@dataclass(frozen=True, slots=True)
class FeedConfig:
    max_streams: int = 1000
    queue_batches: int = 256  # per stream; beyond it the stream reads the table
    heartbeat_seconds: float = 15.0
    poll_seconds: float = 0.25  # SQLite's polling; on PostgreSQL, the longest wait for a NOTIFY
    read_batch: int = 500


@dataclass(frozen=True, slots=True)
class Batch:
    """The events with ``after`` < id <= ``upto``, all of them, oldest first."""

    after: int
    upto: int
    events: tuple[FeedEvent, ...]


@dataclass(eq=False)
class Subscription:
    """One open stream's place in the fan-out: a bounded queue of batches."""

    size: int
    lagging: bool = False
    _send: MemoryObjectSendStream[Batch] = field(init=False)
    receive: MemoryObjectReceiveStream[Batch] = field(init=False)

    def __post_init__(self) -> None:
        self._send, self.receive = anyio.create_memory_object_stream[Batch](self.size)

    def offer(self, batch: Batch) -> bool:
        """Queue ``batch`` without waiting; False when the queue was full (the batch is
        dropped, and the stream reads what it missed from the table)."""
        try:
            self._send.send_nowait(batch)
        except anyio.WouldBlock:
            self.lagging = True
            return False
        return True

    def close(self) -> None:
        self._send.close()
        self.receive.close()


class EventFeed:
    """The process's reader of ``status_events`` and its open streams (see the module)."""

    def __init__(self, database: Database, config: FeedConfig) -> None:
        self.database = database
        self.config = config
        self._subscriptions: set[Subscription] = set()
        self._wanted: anyio.Event | None = None  # made by run(), on its event loop
        self._uow = UnitOfWork(database, anyio.CapacityLimiter(1))
        self.cursor: int | None = None  # the last id fanned out
        self.overflows = 0  # batches dropped for streams that fell behind

    def install(self, app: FastAPI) -> None:
        setattr(app.state, STATE_KEY, self)

    @staticmethod
    def of(connection: HTTPConnection) -> EventFeed:
        feed: EventFeed = getattr(connection.app.state, STATE_KEY)
        return feed

    @property
    def open_streams(self) -> int:
        return len(self._subscriptions)

    def open(self) -> Subscription:
        """A place in the fan-out for one stream; :class:`TooManyStreams` when full.
        Give it back with :meth:`release`."""
        if len(self._subscriptions) >= self.config.max_streams:
            raise TooManyStreams(
                f"This server already serves {self.config.max_streams} event streams;"
                " retry later or elsewhere"
            )
        subscription = Subscription(self.config.queue_batches)
        self._subscriptions.add(subscription)
        if self._wanted is not None:
            self._wanted.set()
        return subscription

    def release(self, subscription: Subscription) -> None:
        """Close a stream's place (again: a no-op)."""
        self._subscriptions.discard(subscription)
        subscription.close()

    async def run(self) -> None:
        """Read and fan out until cancelled (the gateway's lifespan runs this), from the
        first stream on."""
        self._wanted = anyio.Event()
        if self._subscriptions:
            self._wanted.set()
        await self._wanted.wait()
        while True:
            try:
                if self.cursor is None:
                    self.cursor = await self._uow.run(latest_event_id)
                    # Streams opened before this read may lack events up to it: an empty
                    # batch from here tells them to read those from the table.
                    self._fan_out(Batch(self.cursor, self.cursor, ()))
                if self.database.async_sessions is not None:
                    await self._listen()
                else:
                    await self._poll()
            except Exception as error:  # the database went away: read again once it is back
                logger.warning("event feed interrupted (%s); retrying", type(error).__name__)
                await anyio.sleep(RETRY_SECONDS)

    async def _poll(self) -> None:
        while True:
            await self._read_new()
            await anyio.sleep(self.config.poll_seconds)

    async def _listen(self) -> None:
        url = make_url(self.database.config.url).set(drivername="postgresql")
        async with await psycopg.AsyncConnection.connect(
            url.render_as_string(hide_password=False),
            autocommit=True,
            application_name=LISTENER_NAME,
            connect_timeout=self.database.config.connect_timeout,
        ) as connection:
            await connection.execute(f"LISTEN {NOTIFY_CHANNEL}")
            while True:
                # What committed before LISTEN took effect, then after each notification
                # (or after 20 x poll_seconds without one: a safety net, not the path).
                await self._read_new()
                async for _ in connection.notifies(
                    timeout=self.config.poll_seconds * 20, stop_after=1
                ):
                    pass

    async def _read_new(self) -> None:
        assert self.cursor is not None
        while True:
            events = await self._uow.run(events_after, self.cursor, self.config.read_batch)
            if not events:
                return
            batch = Batch(self.cursor, events[-1].id, tuple(events))
            self.cursor = batch.upto
            self._fan_out(batch)
            if len(events) < self.config.read_batch:
                return

    def _fan_out(self, batch: Batch) -> None:
        for subscription in list(self._subscriptions):
            if not subscription.offer(batch):
                self.overflows += 1


async def follow(
    feed: EventFeed,
    subscription: Subscription,
    uow: UnitOfWork,
    start: int,
    wanted: EventFilter = EVERYTHING,
    *,
    resuming: bool,
) -> AsyncIterator[tuple[FeedEvent, ...]]:
    """The events ``wanted`` after id ``start``, each once, in id order, a batch at a time
    (sent at once: one write per batch, not per event); an empty batch is a heartbeat,
    after ``heartbeat_seconds`` without events. ``resuming``: read the events after
    ``start`` from the table first (else ``start`` is the newest id, see :func:`start_of`)."""
    limit = feed.config.read_batch
    cursor = start
    behind = resuming
    # The heartbeat is due this long after the last thing sent (batches the filter drops
    # do not count: the client saw nothing).
    quiet_until = anyio.current_time() + feed.config.heartbeat_seconds
    while True:
        sent: tuple[FeedEvent, ...] = ()
        if behind or subscription.lagging:
            subscription.lagging = False
            events, head = await uow.run(events_since, cursor, limit, wanted)
            sent = tuple(events)
            behind = len(events) == limit
            cursor = events[-1].id if behind else max([cursor, head, *(e.id for e in events)])
        else:
            batch: Batch | None = None
            with anyio.move_on_after(quiet_until - anyio.current_time()):
                batch = await subscription.receive.receive()
            if batch is None:
                yield ()  # the heartbeat
                quiet_until = anyio.current_time() + feed.config.heartbeat_seconds
                continue
            if batch.after > cursor:
                behind = True  # batches were dropped or came before the stream's start
                continue
            sent = tuple(e for e in batch.events if e.id > cursor and wanted.matches(e))
            cursor = max(cursor, batch.upto)
        if sent:
            yield sent
            quiet_until = anyio.current_time() + feed.config.heartbeat_seconds


async def start_of(uow: UnitOfWork, after: int | None) -> int:
    """Where a stream starts: after ``after``, or (None) after the newest event now."""
    return await uow.run(latest_event_id) if after is None else after
