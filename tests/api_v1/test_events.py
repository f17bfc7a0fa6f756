"""GET /api/v1/events (SSE) and /api/v1/events/ws on a real server in this process, on a
committed database whose statuses the tests change with plain SQL, as another process
would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest
from sqlalchemy import Engine
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus

from shared_db.engine import DatabaseConfig, build_engine
from tests.api_v1.event_streams import RawStream, Server, Writer, event_ids, messages, serving
from tests.conftest import DatabaseFactory, make_settings

SECONDS = 30  # the bound on any wait: reached only when something is broken
STREAM_SETTINGS = {
    "events_heartbeat_seconds": 0.3,
    "events_poll_seconds": 0.05,
    "events_queue_batches": 2,
}


@pytest.fixture(scope="module")
def events_url(databases: DatabaseFactory) -> str:
    return databases.seeded(seed=11, builds=300)


@pytest.fixture(scope="module")
def writer(events_url: str) -> Iterator[Writer]:
    engine: Engine = build_engine(DatabaseConfig(url=events_url, pool_size=2))
    yield Writer(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def server(events_url: str) -> Iterator[Server]:
    with serving(make_settings(events_url, **STREAM_SETTINGS)) as running:
        yield running


def _ws_url(server: Server, query: str = "") -> str:
    return server.url.replace("http://", "ws://") + "/api/v1/events/ws" + query


async def _flip(writer: Writer, rows: int = 1, times: int = 1) -> list[int]:
    return await anyio.to_thread.run_sync(lambda: writer.flip(rows=rows, times=times))


class TestServerSentEvents:
    async def test_a_change_made_with_plain_sql_is_delivered(
        self, server: Server, writer: Writer
    ) -> None:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
            client.stream("GET", "/api/v1/events") as response,
        ):
            assert response.headers["content-type"].startswith("text/event-stream")
            (appended,) = await _flip(writer)
            with anyio.fail_after(SECONDS):
                async for message in messages(response):
                    if message.id is not None:
                        break

        assert message.id == appended
        assert message.event == "status"
        assert message.data is not None
        assert message.data["id"] == appended
        assert message.data["kind"] == "copr_build"
        assert message.data["new_status"] in {"pending", "failure"}
        assert message.data["old_status"] != message.data["new_status"]
        assert set(message.data["project"]) == {"forge", "namespace", "repo_name"}

    async def test_a_quiet_stream_sends_heartbeats(self, server: Server) -> None:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
            client.stream("GET", "/api/v1/events", params={"kind": "scan"}) as response,
        ):
            with anyio.fail_after(SECONDS):
                message = await anext(messages(response))

        assert message.comment == "heartbeat"

    async def test_events_the_filter_drops_do_not_put_off_the_heartbeat(
        self, server: Server, writer: Writer
    ) -> None:
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
            client.stream("GET", "/api/v1/events", params={"kind": "scan"}) as response,
            anyio.create_task_group() as others,
        ):
            flipping = anyio.Event()  # set once the Copr events stop

            async def copr_events() -> None:
                # More often than the heartbeat interval (0.3 s), for ten times as long.
                for _ in range(30):
                    await _flip(writer)
                    await anyio.sleep(0.1)
                flipping.set()

            others.start_soon(copr_events)
            with anyio.fail_after(SECONDS):
                message = await anext(messages(response))
            stopped_first = flipping.is_set()
            others.cancel_scope.cancel()

        assert message.comment == "heartbeat"
        assert not stopped_first

    async def test_resuming_with_last_event_id_misses_and_repeats_nothing(
        self, server: Server, writer: Writer
    ) -> None:
        async with httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client:
            async with client.stream("GET", "/api/v1/events") as response:
                first = await _flip(writer, times=2)
                with anyio.fail_after(SECONDS):
                    seen = await event_ids(messages(response), first[-1])
            missed = await _flip(writer, rows=3, times=2)  # while disconnected
            headers = {"Last-Event-ID": str(seen[-1])}
            async with client.stream("GET", "/api/v1/events", headers=headers) as response:
                stream = messages(response)
                with anyio.fail_after(SECONDS):
                    again = await event_ids(stream, missed[-1])
                    live = await _flip(writer)
                    again += await event_ids(stream, live[-1])

        assert seen == first
        assert again == missed + live

    async def test_a_stream_resumed_while_others_write_gets_each_event_once(
        self, server: Server, writer: Writer
    ) -> None:
        start = writer.latest()
        async with anyio.create_task_group() as writing:
            writing.start_soon(_flip, writer, 5, 40)
            await anyio.sleep(0.05)  # some commit before the stream opens, some after
            async with (
                httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
                client.stream("GET", "/api/v1/events", params={"after": start}) as response,
            ):
                with anyio.fail_after(SECONDS):
                    received = await event_ids(messages(response), start + 200)

        assert received == list(range(start + 1, start + 201))

    async def test_filters_select_the_events(self, server: Server, writer: Writer) -> None:
        appended = await _flip(writer, rows=3)
        target = json.loads(await _event_json(server, appended[1]))
        params = {"kind": "copr_build", "target_id": target["target_id"], "after": appended[0] - 1}
        async with (
            httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
            client.stream("GET", "/api/v1/events", params=params) as response,
        ):
            later = await _flip(writer, rows=3)
            with anyio.fail_after(SECONDS):
                received = await event_ids(messages(response), later[1])

        assert received == [appended[1], later[1]]

    async def test_a_stalled_client_does_not_delay_another(
        self, server: Server, writer: Writer
    ) -> None:
        stalled = await anyio.to_thread.run_sync(RawStream, server.url, "/api/v1/events")
        try:
            overflows = server.feed.overflows
            async with (
                httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
                client.stream("GET", "/api/v1/events") as response,
            ):
                appended = await _flip(writer, rows=300, times=10)
                with anyio.fail_after(SECONDS):
                    prompt = await event_ids(messages(response), appended[-1])
            assert server.feed.overflows > overflows  # the stalled stream fell behind
            late = await anyio.to_thread.run_sync(stalled.read_ids, appended[-1])
        finally:
            stalled.close()

        assert stalled.status == 200
        assert prompt == appended
        assert late == appended  # read from the table after its queue overflowed


async def _event_json(server: Server, event_id: int) -> str:
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=SECONDS) as client,
        client.stream("GET", "/api/v1/events", params={"after": event_id - 1}) as response,
    ):
        async for message in messages(response):
            if message.id == event_id:
                return json.dumps(message.data)
    raise AssertionError("no such event")


class TestWebSocket:
    async def test_a_change_is_delivered_and_a_reconnect_resumes(
        self, server: Server, writer: Writer
    ) -> None:
        with anyio.fail_after(SECONDS):
            async with connect(_ws_url(server)) as socket:
                first = await _flip(writer)
                message = await _next_event(socket)
            missed = await _flip(writer, rows=2)
            async with connect(_ws_url(server, f"?after={message['event']['id']}")) as socket:
                again = [(await _next_event(socket))["event"]["id"] for _ in missed]
                live = await _flip(writer)
                again.append((await _next_event(socket))["event"]["id"])

        assert message["event"]["id"] == first[0]
        assert message["event"]["kind"] == "copr_build"
        assert again == missed + live

    async def test_a_quiet_socket_sends_heartbeats(self, server: Server) -> None:
        with anyio.fail_after(SECONDS):
            async with connect(_ws_url(server, "?kind=scan")) as socket:
                message = json.loads(await socket.recv())

        assert message == {"type": "heartbeat"}


async def _next_event(socket: ClientConnection) -> dict[str, Any]:
    while True:
        message: dict[str, Any] = json.loads(await socket.recv())
        if message["type"] == "event":
            return message


class TestStreamLimit:
    async def test_streams_beyond_the_limit_are_refused_with_503(self, events_url: str) -> None:
        settings = make_settings(events_url, **{**STREAM_SETTINGS, "events_max_streams": 1})
        with serving(settings) as limited:
            async with (
                httpx.AsyncClient(base_url=limited.url, timeout=SECONDS) as client,
                client.stream("GET", "/api/v1/events"),
            ):
                refused = await client.get("/api/v1/events")
                with pytest.raises(InvalidStatus) as refused_socket:
                    async with connect(_ws_url(limited)):
                        pass
            # Once the first stream is gone, a new one is served.
            async with (
                httpx.AsyncClient(base_url=limited.url, timeout=SECONDS) as client,
                client.stream("GET", "/api/v1/events") as served,
            ):
                assert served.status_code == 200

        assert refused.status_code == 503
        assert refused.json()["code"] == "too_many_streams"
        assert refused.headers["Retry-After"]
        assert refused_socket.value.response.status_code == 503


class TestParameters:
    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("after=-1", "after"),
            ("after=x", "after"),
            ("kind=build", "kind.0"),
            ("target_id=0", "target_id"),
            ("run_id=99999999999", "run_id"),
            ("forge=", "forge"),
        ],
    )
    async def test_a_bad_parameter_is_a_422_naming_it(
        self, client: httpx.AsyncClient, query: str, field: str
    ) -> None:
        response = await client.get(f"/api/v1/events?{query}")

        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == [f"query.{field}"]

    async def test_a_bad_last_event_id_is_a_422_naming_it(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/v1/events", headers={"Last-Event-ID": "soon"})

        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["header.Last-Event-ID"]

    async def test_the_stream_and_its_event_are_documented(self, client: httpx.AsyncClient) -> None:
        document = (await client.get("/api/v1/openapi.json")).json()

        responses = document["paths"]["/events"]["get"]["responses"]
        assert responses["200"]["content"]["text/event-stream"]["schema"]["$ref"].endswith(
            "/StatusEventRead"
        )
        assert "application/json" in responses["503"]["content"]
        event = document["components"]["schemas"]["StatusEventRead"]
        assert set(event["properties"]) == {
            "id",
            "kind",
            "target_id",
            "group_id",
            "run_id",
            "project",
            "old_status",
            "new_status",
            "at",
        }
