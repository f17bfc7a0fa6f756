"""Each mode routes its operations to its stack, on a running gateway, per request."""

from __future__ import annotations

from datetime import date

import anyio
import httpx
import pytest
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from gateway.app import GatewayState
from gateway.migration.dispatch import LegacyDispatcher
from gateway.migration.modes import Mode, ModeCache, ModeSnapshot, OperationSettings, change_dates
from gateway.migration.modes import change_mode as store_mode
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project

pytestmark = pytest.mark.flask  # these compare the stacks: both must be there


async def put(gateway: Starlette, name: str, mode: Mode) -> None:
    state: GatewayState = gateway.state.gateway
    with state.database.session() as session:
        store_mode(
            session,
            state.registry.select(name),
            mode,
            actor="test",
            reason="test",
            code_version="test",
            force=True,
        )
        session.commit()
    await state.modes.refresh()


async def deprecate(gateway: Starlette, name: str, on: date, sunset: date | None) -> None:
    state: GatewayState = gateway.state.gateway
    with state.database.session() as session:
        change_dates(
            session,
            state.registry.select(name),
            deprecated_on=on,
            sunset_on=sunset,
            actor="test",
            reason="test",
        )
        session.commit()
    await state.modes.refresh()


@pytest.fixture
def build_id(session: Session) -> int:
    build = make_copr_build(session, make_pr_event(session, make_project(session), pr_id=3))
    session.commit()
    return build.id


def stack(response: httpx.Response) -> str:
    return response.headers["x-gateway-stack"]


class TestModes:
    async def test_every_transition_routes_to_its_stack(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int
    ) -> None:
        path = f"/api/copr-builds/{build_id}"
        flask = await client.get(path)
        assert (stack(flask), flask.headers["x-gateway-operation"]) == ("flask", "copr-builds.get")
        for mode, expected in [
            (Mode.shadow, "flask"),
            (Mode.cutover, "cutover"),
            (Mode.legacy, "flask"),
            (Mode.cutover, "cutover"),
            (Mode.retired, "retired"),
            (Mode.legacy, "flask"),
        ]:
            await put(gateway, "copr-builds.get", mode)
            response = await client.get(path)
            assert stack(response) == expected, mode
            if expected != "retired":
                assert (response.status_code, response.content) == (200, flask.content)

    async def test_a_retired_operation_is_a_410_with_its_successor(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int
    ) -> None:
        await put(gateway, "copr-builds.get", Mode.retired)
        response = await client.get(f"/api/copr-builds/{build_id}")
        assert response.status_code == 410
        assert response.headers["content-type"] == "application/json"
        successor = f"/api/v1/copr-builds/{build_id}"
        assert response.json() == {
            "error": f"GET /api/copr-builds/<int:id> is retired; use {successor}"
        }
        assert response.headers.get_list("link") == [f'<{successor}>; rel="successor-version"']

    async def test_a_group_changes_together(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int
    ) -> None:
        await put(gateway, "copr-builds", Mode.cutover)
        for path in ("/api/copr-builds", f"/api/copr-builds/{build_id}"):
            assert stack(await client.get(path)) == "cutover"
        assert stack(await client.get("/api/koji-builds")) == "flask"

    async def test_head_on_a_cut_over_operation_has_no_body_and_the_gets_length(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int
    ) -> None:
        await put(gateway, "copr-builds.get", Mode.cutover)
        get = await client.get(f"/api/copr-builds/{build_id}")
        head = await client.head(f"/api/copr-builds/{build_id}")
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-length"] == str(len(get.content))

    async def test_a_path_of_no_operation_stays_with_flask(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/no-such-thing")
        assert response.status_code == 404
        assert "x-gateway-operation" not in response.headers


class TestDeprecation:
    @pytest.mark.parametrize("mode", [Mode.legacy, Mode.cutover])
    async def test_the_headers_are_exact_and_once_whichever_stack(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int, mode: Mode
    ) -> None:
        await put(gateway, "copr-builds.get", mode)
        await deprecate(gateway, "copr-builds", date(2027, 1, 1), date(2027, 6, 30))
        response = await client.get(f"/api/copr-builds/{build_id}")
        assert response.status_code == 200
        assert response.headers.get_list("deprecation") == ["@1798761600"]
        assert response.headers.get_list("sunset") == ["Wed, 30 Jun 2027 00:00:00 GMT"]
        assert response.headers.get_list("link") == [
            f'</api/v1/copr-builds/{build_id}>; rel="successor-version"'
        ]

    async def test_a_retired_and_deprecated_operation_links_its_successor_once(
        self, gateway: Starlette, client: httpx.AsyncClient, build_id: int
    ) -> None:
        await deprecate(gateway, "copr-builds.get", date(2027, 1, 1), None)
        await put(gateway, "copr-builds.get", Mode.retired)
        response = await client.get(f"/api/copr-builds/{build_id}")
        assert response.status_code == 410
        assert len(response.headers.get_list("link")) == 1
        assert "sunset" not in response.headers

    async def test_an_operation_not_deprecated_has_none_of_them(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/copr-builds")
        assert not {"deprecation", "sunset", "link"} & set(response.headers)


async def test_a_request_in_flight_keeps_the_mode_it_started_with(gateway: Starlette) -> None:
    """The mode is read when a request starts: a change meanwhile routes the next one."""
    state: GatewayState = gateway.state.gateway
    release = anyio.Event()
    entered = anyio.Event()

    def stack_app(name: str) -> object:
        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            entered.set()
            await release.wait()
            await PlainTextResponse(name)(scope, receive, send)

        return app

    modes = ModeCache(state.database, 0)
    dispatcher = LegacyDispatcher(state.registry, state.views, stack_app("flask"), modes)  # type: ignore[arg-type]
    dispatcher.views = stack_app("cutover")  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=dispatcher, root_path="/api")
    answers: list[str] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:

        async def ask() -> None:
            answers.append((await client.get("/api/copr-builds")).text)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(ask)
            await entered.wait()
            modes.snapshot = ModeSnapshot({"copr-builds.list": OperationSettings(Mode.cutover)})
            release.set()
        entered = anyio.Event()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(ask)
    assert answers == ["flask", "cutover"]
