"""Live shadow comparison on a running gateway: what it catches, what it ignores, and that
the client never waits for it."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.applications import Starlette

from api_v1.legacy import copr_builds as copr_views
from api_v1.legacy.routing import Noise
from gateway.app import GatewayState
from gateway.migration.compare import Answer
from gateway.migration.modes import Mode, change_mode
from gateway.migration.shadow import Sampler, ShadowJob
from shared_db.models import ShadowMismatch, ShadowSummary
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project

pytestmark = pytest.mark.flask  # shadow runs Flask and the view side by side


async def shadow(gateway: Starlette, name: str, rate: float = 1.0, aa: bool = False) -> None:
    state: GatewayState = gateway.state.gateway
    with state.database.session() as session:
        change_mode(
            session,
            state.registry.select(name),
            Mode.shadow,
            actor="t",
            reason="t",
            code_version="t",
            shadow_rate=rate,
            shadow_aa=aa,
        )
        session.commit()
    await state.modes.refresh()


def state_of(gateway: Starlette) -> GatewayState:
    return gateway.state.gateway


async def settle(gateway: Starlette) -> list[str]:
    """Run the queued comparisons and write their counts."""
    state = state_of(gateway)
    assert state.shadow is not None
    outcomes = await state.shadow.drain()
    await state.tally.flush()
    return outcomes


def summary(session: Session, operation: str, kind: str = "view") -> ShadowSummary:
    found = session.get(ShadowSummary, (operation, kind))
    assert found is not None
    session.refresh(found)
    return found


@pytest.fixture
def builds(session: Session) -> list[int]:
    event = make_pr_event(session, make_project(session), pr_id=5)
    made = []
    for number in range(3):
        build = make_copr_build(session, event)
        build.build_id = str(1000 + number)  # three Copr builds, not three chroots of one
        made.append(build.id)
    session.commit()
    return made


class TestComparisons:
    async def test_matching_answers_are_counted_as_matches(
        self, gateway: Starlette, client: httpx.AsyncClient, session: Session, builds: list[int]
    ) -> None:
        await shadow(gateway, "copr-builds")
        for build in builds:
            assert (await client.get(f"/api/copr-builds/{build}")).status_code == 200
        assert await settle(gateway) == ["matches"] * 3
        found = summary(session, "copr-builds.get")
        assert (found.samples, found.matches, found.value_mismatches) == (3, 3, 0)

    async def test_a_broken_view_is_a_mismatch_at_its_path(
        self,
        gateway: Starlette,
        client: httpx.AsyncClient,
        session: Session,
        builds: list[int],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        real = copr_views.detail
        monkeypatch.setattr(copr_views, "detail", lambda b: {**real(b), "chroot": "wrong"})
        await shadow(gateway, "copr-builds.get")
        answer = await client.get(f"/api/copr-builds/{builds[0]}")
        assert answer.json()["chroot"] != "wrong"  # the client got Flask's answer
        assert await settle(gateway) == ["value_mismatches"]
        assert summary(session, "copr-builds.get").value_mismatches == 1
        (row,) = session.scalars(select(ShadowMismatch))
        assert row.request == f"GET /api/copr-builds/{builds[0]}"
        assert [d["where"] for d in row.differences] == ["/chroot"]
        assert row.legacy_status == row.view_status == 200

    async def test_a_declared_noise_rule_hides_exactly_its_path(
        self,
        gateway: Starlette,
        client: httpx.AsyncClient,
        session: Session,
        builds: list[int],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        real = copr_views.detail
        monkeypatch.setattr(
            copr_views, "detail", lambda b: {**real(b), "chroot": "other", "web_url": "other"}
        )
        state = state_of(gateway)
        assert state.shadow is not None
        path = f"/api/copr-builds/{builds[0]}"
        flask = await client.get(path)
        operation = dataclasses.replace(
            state.registry.by_id["copr-builds.get"], noise=(Noise("/chroot", "test"),)
        )
        legacy = Answer.of(flask.status_code, flask.headers.multi_items(), flask.content)
        outcome = await state.shadow.compare(ShadowJob(operation, "view", scope_of(path), legacy))
        await state.tally.flush()
        assert outcome == "value_mismatches"
        (row,) = session.scalars(select(ShadowMismatch))
        assert [d["where"] for d in row.differences] == ["/web_url"]

    async def test_a_row_inserted_between_the_two_reads_is_reported_as_rows(
        self, gateway: Starlette, client: httpx.AsyncClient, session: Session, builds: list[int]
    ) -> None:
        await shadow(gateway, "copr-builds.list")
        assert (await client.get("/api/copr-builds?per_page=2")).status_code == 206
        event = make_pr_event(session, make_project(session, repo="late"), pr_id=6)
        make_copr_build(session, event).build_id = "2000"
        session.commit()
        outcomes = await settle(gateway)
        (row,) = session.scalars(select(ShadowMismatch))
        assert outcomes == ["row_mismatches"], row.differences
        assert row.category == "row"
        assert {d["category"] for d in row.differences} == {"missing", "extra"}

    async def test_aa_compares_flask_with_itself(
        self, gateway: Starlette, client: httpx.AsyncClient, session: Session, builds: list[int]
    ) -> None:
        await shadow(gateway, "copr-builds.get", aa=True)
        await client.get(f"/api/copr-builds/{builds[0]}")
        assert await settle(gateway) == ["matches"]
        assert summary(session, "copr-builds.get", "aa").matches == 1


class TestWhatIsShadowed:
    async def test_writes_are_never_shadowed_even_at_rate_1(
        self, gateway: Starlette, client: httpx.AsyncClient
    ) -> None:
        state = state_of(gateway)
        writers = [op for op in state.registry.operations if op.writes]
        assert {op.method for op in writers} == {"GET", "POST"}  # the usage reports store
        assert all(op.writes for op in state.registry.operations if op.method == "POST")
        for operation in writers:
            await shadow(gateway, operation.id)
        await client.post("/api/webhooks/github", content=b"{}")
        await client.post("/api/testing-farm/results", content=b"{}")
        for operation in writers:
            if operation.method == "GET":
                path = operation.rule.replace("<int:id>", "1")
                await client.get(f"/api{path}")
        assert await settle(gateway) == []

    async def test_the_rate_is_kept_over_1000_requests(self) -> None:
        sampler = Sampler()
        for rate in (0.01, 0.05, 0.3):
            taken = sum(sampler.take(f"op-{rate}", rate) for _ in range(1000))
            assert abs(taken - 1000 * rate) <= 0.2 * 1000 * rate, (rate, taken)

    async def test_the_rate_holds_through_the_gateway(
        self, gateway: Starlette, client: httpx.AsyncClient
    ) -> None:
        await shadow(gateway, "healthz.get", rate=0.1)
        for _ in range(1000):
            await client.get("/api/healthz")
        outcomes = await settle(gateway)
        assert 80 <= len(outcomes) <= 120


class TestTheClient:
    async def test_the_answer_is_unchanged_and_not_delayed(
        self, gateway: Starlette, builds: list[int], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        state = state_of(gateway)
        assert state.shadow is not None
        seen: dict[str, float] = {}

        async def recording(scope: Any, receive: Any, send: Any) -> None:
            async def sent(message: Any) -> None:
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    seen.setdefault("client has its answer", time.perf_counter())

            await gateway(scope, receive, sent)

        real_compare = state.shadow.compare
        comparing = anyio.Event()

        async def slow_compare(job: Any) -> str:
            seen["comparison starts"] = time.perf_counter()
            comparing.set()
            await anyio.sleep(1.0)
            return await real_compare(job)

        transport = httpx.ASGITransport(app=recording)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            path = f"/api/copr-builds/{builds[0]}"
            plain = await client.get(path)
            seen.clear()
            monkeypatch.setattr(state.shadow, "compare", slow_compare)
            await shadow(gateway, "copr-builds.get")
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(state.shadow.run)
                started = time.perf_counter()
                shadowed = await client.get(path)
                answered = time.perf_counter() - started
                with anyio.fail_after(5):
                    await comparing.wait()
                tasks.cancel_scope.cancel()
        assert (shadowed.status_code, shadowed.content) == (plain.status_code, plain.content)
        assert seen["client has its answer"] <= seen["comparison starts"]
        assert answered < 0.5  # the 1 s comparison did not hold the answer back


def scope_of(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "/api",
        "headers": [(b"host", b"t")],
        "server": ("t", 80),
        "client": ("127.0.0.1", 1),
        "state": {},
    }
