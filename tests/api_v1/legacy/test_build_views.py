"""The build-side legacy views (koji-builds, koji-tag-requests, srpm-builds, testing-farm,
bodhi-updates, log-detective, openscanhub-scans) answer as Flask does on data the seeded
contract cases do not reach: every kind of trigger, pages at the edges, empty tables and
groups, the Koji scratch filter, the dashboard link and the paths the routers must agree on.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from gateway.settings import Settings
from shared_db.engine import Database
from tests.api_v1.legacy.both_stacks import BothStacks
from tests.api_v1.legacy.build_work import Made, make_work
from tests.sqlcount import count_statements

LISTS = {
    "koji-builds": "/koji-builds",
    "koji-tag-requests": "/koji-tag-requests",
    "srpm-builds": "/srpm-builds",
    "testing-farm": "/testing-farm/results",
    "bodhi-updates": "/bodhi-updates",
    "log-detective": "/log-detective",
    "openscanhub-scans": "/openscanhub-scans",
}
DETAILS = {name: f"/{name}/{{}}" for name in LISTS}
GROUPS = {
    name: f"/{name}/groups/{{}}"
    for name in LISTS
    if name not in ("srpm-builds", "openscanhub-scans")  # no groups of these
}
# Pages at the edges: the default, below one, deep, past the end.
EDGE_PAGES = [
    "",
    "?page=2",
    "?page=0&per_page=2",
    "?page=-3",
    "?per_page=50",
    "?page=40&per_page=30",
]


@pytest.fixture
def both(connection: Connection, database: Database, settings: Settings) -> BothStacks:
    return BothStacks(connection, database, settings)


@pytest.fixture
def made(session: Session) -> Made:
    return make_work(session)


def rows(body: bytes) -> list[dict[str, object]]:
    listed = json.loads(body)
    assert isinstance(listed, list)
    return listed


@pytest.mark.parametrize("name", LISTS)
async def test_pages_of_two_walk_the_whole_list(name: str, made: Made, both: BothStacks) -> None:
    walked = []
    for page in range(1, 8):
        answers = await both.same(f"{LISTS[name]}?page={page}&per_page=2", 206)
        key = "srpm_build_id" if name == "srpm-builds" else "packit_id"
        walked += [row[key] for row in rows(answers.view.body)]
    assert walked == sorted(made.items[name], reverse=True)


@pytest.mark.parametrize("name", LISTS)
async def test_pages_at_the_edges(name: str, made: Made, both: BothStacks) -> None:
    for query in EDGE_PAGES:
        await both.same(LISTS[name] + query, 206)


@pytest.mark.parametrize("name", LISTS)
async def test_a_list_view_runs_as_many_statements_whatever_the_page(
    name: str, made: Made, both: BothStacks, engine: Engine
) -> None:
    counts = []
    for query in ("?per_page=2", "?per_page=50", "?page=2&per_page=2", "?page=3&per_page=2"):
        with count_statements(engine) as statements:
            answer = await both.stacks.on_views("GET", LISTS[name] + query, {}, None)
        assert answer.status == 206
        counts.append(len(statements))
    # The first page needs no row before it; any other page reads that row's id first.
    assert (counts[0], counts[2]) == (counts[1], counts[3]), counts


@pytest.mark.parametrize("name", LISTS)
async def test_an_empty_list(name: str, both: BothStacks) -> None:
    for query in ("", "?page=3&per_page=2"):
        answers = await both.same(LISTS[name] + query, 206)
        assert rows(answers.view.body) == []


@pytest.mark.parametrize("name", LISTS)
async def test_every_item(name: str, made: Made, both: BothStacks) -> None:
    for item_id in made.items[name]:
        await both.same(DETAILS[name].format(item_id), 200)


@pytest.mark.parametrize("name", GROUPS)
async def test_every_group_also_without_items(name: str, made: Made, both: BothStacks) -> None:
    for group_id in made.groups[name]:
        await both.same(GROUPS[name].format(group_id), 200)


@pytest.mark.parametrize("name", LISTS)
async def test_unknown_ids_are_404s(name: str, made: Made, both: BothStacks) -> None:
    unknown = max(made.items[name]) + 1000
    for path in (DETAILS[name].format(unknown), DETAILS[name].format(0)):
        await both.same(path, 404)
    if name in GROUPS:
        await both.same(GROUPS[name].format(2**31 - 1), 404)


@pytest.mark.parametrize(
    "query",
    [
        "scratch=true",
        "scratch=True",
        "scratch=TRUE&per_page=2",
        "scratch=true&page=2&per_page=2",
        "scratch=true&page=9&per_page=2",
        "scratch=false",
        "scratch=False&page=2&per_page=2",
        "scratch=false&page=3&per_page=2",
        "scratch=false&scratch=true",
    ],
)
async def test_the_scratch_filter_pages_within_its_builds(
    query: str, made: Made, both: BothStacks
) -> None:
    await both.same(f"/koji-builds?{query}", 206)


@pytest.mark.parametrize(
    "query",
    ["scratch=maybe", "scratch=1", "scratch=", "scratch=yes&scratch=true", "per_page=2&scratch=no"],
)
async def test_any_other_scratch_value_lists_production_builds(
    query: str, both: BothStacks
) -> None:
    answers = await both.same(f"/koji-builds?{query}", 206)
    assert all(item["scratch"] is False for item in json.loads(answers.view.body))


@pytest.mark.parametrize("query", ["per_page=7&scratch=maybe", "page=first&scratch=maybe"])
async def test_bad_paging_beside_a_scratch_value_is_the_parsers_400(
    query: str, both: BothStacks
) -> None:
    answers = await both.same(f"/koji-builds?{query}", 400)
    assert json.loads(answers.view.body)["message"] == "Input payload validation failed"


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("query", ["per_page=3", "per_page=x", "page=1.5", "page="])
async def test_bad_pagination_is_the_parsers_400(name: str, query: str, both: BothStacks) -> None:
    await both.same(f"{LISTS[name]}?{query}", 400)


@pytest.mark.parametrize(
    ("dashboard", "base"),
    [
        ("https://dashboard.example.org/", "https://dashboard.example.org"),
        ("https://d.example.org", "https://d.example.org"),
    ],
)
async def test_srpm_log_urls_point_at_the_configured_dashboard(
    dashboard: str,
    base: str,
    connection: Connection,
    database: Database,
    settings: Settings,
    made: Made,
) -> None:
    configured = settings.model_copy(update={"dashboard_url": dashboard})
    answers = await BothStacks(connection, database, configured).same("/srpm-builds", 206)
    listed = rows(answers.view.body)
    assert [row["log_url"] for row in listed] == [
        f"{base}/jobs/srpm/{row['srpm_build_id']}" for row in listed
    ]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("HEAD", "/koji-builds?per_page=2", 206),
        ("HEAD", "/testing-farm/results", 206),
        ("GET", "/koji-builds/00{koji}", 200),
        ("GET", "/koji-builds/2147483648", 404),
        ("GET", "/koji-builds/-1", 404),
        ("GET", "/koji-builds/groups", 404),
        ("GET", "/testing-farm/groups/results", 404),
        ("GET", "/testing-farm/results/1", 404),
        ("GET", "/srpm-builds/groups/1", 404),
        ("GET", "/openscanhub-scans/groups/1", 404),
        ("POST", "/koji-builds", 405),
        ("PUT", "/testing-farm/results", 405),
        ("DELETE", "/testing-farm/{test}", 405),
        ("PATCH", "/bodhi-updates/groups/1", 405),
        ("OPTIONS", "/testing-farm/results", 200),
        ("OPTIONS", "/log-detective/1", 200),
    ],
)
async def test_paths_and_methods_route_as_flask_routes_them(
    method: str, path: str, status: int, made: Made, both: BothStacks
) -> None:
    ids = {"koji": made.items["koji-builds"][0], "test": made.items["testing-farm"][0]}
    await both.same(path.format(**ids), status, method=method)
