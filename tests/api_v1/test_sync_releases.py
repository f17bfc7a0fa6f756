"""v1 propose-downstream and pull-from-upstream: one implementation, split by job type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import (
    SyncReleaseJobType,
    SyncReleaseStatus,
)
from tests.api_v1.legacy_shapes import epoch, iso, project_block, project_info
from tests.legacy_client import LegacyClient
from tests.shared_db.factories import make_anitya_event, make_project
from tests.shared_db.factories_sync_runs import (
    BRANCHES,
    SUBMITTED,
    at,
    make_downstream_pr,
    make_sync_release,
    syncs,
    targets_of,
)
from tests.sqlcount import count_statements


@dataclass(frozen=True)
class Flavour:
    path: str
    job_type: SyncReleaseJobType
    other: SyncReleaseJobType
    not_found: str


PROPOSE = Flavour(
    "/api/v1/propose-downstream",
    SyncReleaseJobType.propose_downstream,
    SyncReleaseJobType.pull_from_upstream,
    "No info about propose downstream target stored in DB",
)
PULL = Flavour(
    "/api/v1/pull-from-upstream",
    SyncReleaseJobType.pull_from_upstream,
    SyncReleaseJobType.propose_downstream,
    "No info about pull from upstream target stored in DB",
)
both = pytest.mark.parametrize("flavour", [PROPOSE, PULL], ids=lambda f: f.path)


def ids(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


@both
async def test_list_item_carries_its_branches_and_trigger(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.job_type, 1)
    rawhide, f41 = targets_of(session, run)
    response = await client.get(flavour.path)
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item == {
        "id": run.id,
        "status": "finished",
        "submitted_time": iso(SUBMITTED),
        "targets": [
            {"id": rawhide.id, "branch": "rawhide", "status": "submitted"},
            {"id": f41.id, "branch": "f41", "status": "error"},
        ],
        "trigger": item["trigger"],
    }
    assert item["trigger"]["type"] == "release"
    assert item["trigger"]["release"] == "1.2.3"
    assert item["trigger"]["project"] == {
        "forge": "github.com",
        "namespace": "packit",
        "repo_name": "ogr",
        "url": "https://github.com/packit/ogr",
    }


@both
async def test_list_shows_only_its_job_type_paged_by_cursor(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    mine = [run.id for run in syncs(session, flavour.job_type, 5)]
    make_sync_release(
        session,
        make_anitya_event(
            session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
        ),
        flavour.other,
        BRANCHES,
    )
    first = await client.get(flavour.path, params={"limit": 2})
    assert ids(first) == mine[:2:-1]
    assert first.headers["link"].endswith('>; rel="next"')
    cursor = first.json()["next_cursor"]
    second = await client.get(flavour.path, params={"limit": 2, "cursor": cursor})
    assert ids(second) == mine[2:0:-1]
    oldest = await client.get(flavour.path, params={"order": "oldest"})
    assert ids(oldest) == mine


@both
async def test_filters_on_status_trigger_and_time(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    old, new = syncs(session, flavour.job_type, 2)
    version = make_anitya_event(
        session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
    )
    running = make_sync_release(
        session, version, flavour.job_type, BRANCHES, status=SyncReleaseStatus.running
    )
    assert ids(await client.get(flavour.path, params={"status": "running"})) == [running.id]
    assert ids(await client.get(flavour.path, params={"status": "error"})) == []
    by_trigger = await client.get(flavour.path, params={"trigger": "anitya_version"})
    assert ids(by_trigger) == [running.id]
    by_forge = await client.get(flavour.path, params={"forge": "github.com"})
    assert ids(by_forge) == [new.id, old.id]
    since = await client.get(flavour.path, params={"submitted_after": iso(at(1))})
    assert ids(since) == [new.id]


@both
async def test_target_detail_with_downstream_pull_requests(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    (run,) = syncs(session, flavour.job_type, 1)
    rawhide, f41 = targets_of(session, run)
    dist_git = make_project(
        session, forge="src.fedoraproject.org", namespace="rpms", repo="python-ogr"
    )
    make_downstream_pr(session, rawhide, dist_git, pr_id=7)
    make_downstream_pr(session, rawhide, dist_git, pr_id=8, fast_forward=True)
    body = (await client.get(f"{flavour.path}/{rawhide.id}")).json()
    project = {
        "forge": "src.fedoraproject.org",
        "namespace": "rpms",
        "repo_name": "python-ogr",
        "url": "https://src.fedoraproject.org/rpms/python-ogr",
    }
    assert body == {
        "id": rawhide.id,
        "sync_release_id": run.id,
        "branch": "rawhide",
        "status": "submitted",
        "submitted_time": iso(SUBMITTED),
        "started_time": None,
        "finished_time": None,
        "logs": None,
        "downstream_prs": [
            {
                "pr_id": number,
                "branch": "rawhide",
                "is_fast_forward": number == 8,
                "url": f"{project['url']}/pull-request/{number}",
                "project": project,
            }
            for number in (7, 8)
        ],
        "trigger": body["trigger"],
    }
    assert body["trigger"]["release"] == "1.2.3"
    other = (await client.get(f"{flavour.path}/{f41.id}")).json()
    assert (other["status"], other["downstream_prs"]) == ("error", [])


@both
async def test_a_release_monitoring_upstream(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    run = make_sync_release(
        session,
        make_anitya_event(
            session, project_id=7878, name="specfile", package="specfile", version="2.0.1"
        ),
        flavour.job_type,
        BRANCHES,
    )
    (item,) = (await client.get(flavour.path)).json()["items"]
    assert item["trigger"]["project"] is None
    assert item["trigger"]["anitya_project"] == {
        "id": 7878,
        "name": "specfile",
        "package": "specfile",
        "url": "https://release-monitoring.org/project/7878",
    }
    assert item["trigger"]["anitya_version"] == "2.0.1"
    target = targets_of(session, run)[0]
    detail = (await client.get(f"{flavour.path}/{target.id}")).json()
    assert detail["trigger"] == item["trigger"]


@both
async def test_unknown_target_or_other_job_type_is_a_404(
    flavour: Flavour, client: httpx.AsyncClient, session: Session
) -> None:
    (other,) = syncs(session, flavour.other, 1)
    for target_id in (targets_of(session, other)[0].id, 123456):
        response = await client.get(f"{flavour.path}/{target_id}")
        assert response.status_code == 404
        assert response.json() == {
            "status": 404,
            "code": "not_found",
            "detail": flavour.not_found,
            "errors": [],
        }


@both
async def test_a_page_costs_two_statements(
    flavour: Flavour, client: httpx.AsyncClient, session: Session, engine: Engine
) -> None:
    syncs(session, flavour.job_type, 30)
    counts = []
    for limit in (1, 30):
        with count_statements(engine) as statements:
            response = await client.get(flavour.path, params={"limit": limit})
        assert response.status_code == 200
        counts.append(sum(statement.startswith("SELECT") for statement in statements))
    assert counts == [2, 2]


def legacy_sync_release(item: dict[str, Any]) -> dict[str, Any]:
    """The legacy list item, rebuilt from a v1 one."""
    trigger = item["trigger"]
    return {
        "packit_id": item["id"],
        "status": item["status"],
        "submitted_time": epoch(item["submitted_time"]),
        "status_per_downstream_pr": {t["branch"]: t["status"] for t in item["targets"]},
        "packit_id_per_downstream_pr": {t["branch"]: t["id"] for t in item["targets"]},
        "pr_id": trigger["pr_id"],
        "issue_id": trigger["issue_id"],
        "release": trigger["release"],
        "anitya_version": trigger["anitya_version"],
        **project_block(trigger),
    }


@both
async def test_the_legacy_list_can_be_rebuilt_from_v1(
    flavour: Flavour,
    seeded_client: httpx.AsyncClient,
    seeded_legacy_client: LegacyClient,
) -> None:
    v1 = (await seeded_client.get(flavour.path)).json()["items"]
    legacy = seeded_legacy_client.get(flavour.path.removeprefix("/api/v1/")).get_json()
    assert v1
    assert [legacy_sync_release(item) for item in v1] == legacy


def legacy_target(body: dict[str, Any]) -> dict[str, Any]:
    """The legacy target detail, rebuilt from a v1 one."""
    prs = body["downstream_prs"]
    return {
        "status": body["status"],
        "branch": body["branch"],
        "downstream_prs": [
            {key: pr[key] for key in ("pr_id", "branch", "is_fast_forward", "url")} for pr in prs
        ],
        "downstream_pr_project": prs[0]["project"]["url"] if prs else None,
        "submitted_time": epoch(body["submitted_time"]),
        "start_time": body["started_time"] and epoch(body["started_time"]),
        "finished_time": body["finished_time"] and epoch(body["finished_time"]),
        "logs": body["logs"],
        **project_info(body["trigger"]),
    }


@both
async def test_the_legacy_target_can_be_rebuilt_from_v1(
    flavour: Flavour,
    seeded_client: httpx.AsyncClient,
    seeded_legacy_client: LegacyClient,
) -> None:
    items = (await seeded_client.get(flavour.path)).json()["items"]
    target_ids = [target["id"] for item in items for target in item["targets"]]
    assert target_ids
    for target_id in target_ids:
        v1 = (await seeded_client.get(f"{flavour.path}/{target_id}")).json()
        legacy = seeded_legacy_client.get(f"{flavour.path.removeprefix('/api/v1/')}/{target_id}")
        assert legacy_target(v1) == legacy.get_json()
