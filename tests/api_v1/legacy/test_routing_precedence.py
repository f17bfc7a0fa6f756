"""Overlapping rules (``<path:namespace>`` above all): the gateway sends a path to the
operation whose rule Flask's url_map matches, with the same values.

The dispatcher tries the views' routes in declaration order; werkzeug weighs its rules
(static parts first, then more variables). The two must agree on every path, or a cut-over
request would be answered by another operation than Flask would have chosen.
"""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.routing import MapAdapter

import legacy_flask
from api_v1.app import create_app as create_v1_app
from api_v1.legacy import app as views_app
from api_v1.state import V1Config, V1State
from gateway.migration.dispatch import LegacyDispatcher
from gateway.migration.modes import ModeCache
from gateway.migration.registry import build_registry
from shared_db.engine import Database, DatabaseConfig

PATHS = [
    "/projects",
    "/projects/github.com",
    "/projects/prs",
    "/projects/github.com/packit",
    "/projects/github.com/prs",
    "/projects/github.com/packit/",
    "/projects/github.com/packit/ogr",
    "/projects/github.com/packit/ogr/",
    "/projects/github.com/packit/prs",
    "/projects/github.com/packit/ogr/prs",
    "/projects/github.com/packit/ogr/prs/",
    "/projects/github.com/packit/ogr/PRS",
    "/projects/github.com/packit/ogr/branches",
    "/projects/github.com/packit/ogr/releases",
    "/projects/github.com/packit/ogr/issues",
    "/projects/github.com/a/b/c",
    "/projects/github.com/a/b/c/prs",
    "/projects/github.com/a/prs/prs",
    "/projects/github.com/a/prs/b",
    "/projects/github.com/a/b/prs/x",
    "/projects/github.com/a/b/issues/releases",
    "/projects/github.com/a//b",
    "/projects/github.com/a/b//prs",
    "/projects/github.com/a//b/prs",
    "/allowlist",
    "/allowlist/github.com",
    "/allowlist/github.com/packit/",
    "/allowlist/gitlab.com/group/sub/repo.git",
    "/installations/0",
    "/installations/007",
    "/installations/2147483647",
    "/runs/merged/5",
    "/runs/5",
    "/propose-downstream/5",
    "/pull-from-upstream/12",
]
# Paths no rule matches, on both sides.
NO_RULE = [
    "/projects/",
    "/projects/github.com/",
    "/allowlist/",
    "/installations/",
    "/installations/2147483648",
    "/installations/-1",
    "/runs/merged",
    "/runs/merged/",
    "/runs/5/",
    "/runs/abc",
]

pytestmark = pytest.mark.flask  # reads the Flask app's url_map


@pytest.fixture(scope="module")
def url_map() -> MapAdapter:
    database = Database(DatabaseConfig(url="sqlite://"))  # never started: routing only
    return legacy_flask.create_app(database, {}).url_map.bind("localhost")


@pytest.fixture(scope="module")
def dispatcher() -> LegacyDispatcher:
    database = Database(DatabaseConfig(url="sqlite://"))
    state = V1State.of(V1Config(max_sessions=1, max_body_bytes=1024), database)
    views = views_app.create_app(state)
    registry = build_registry(views_app.declared_operations(), create_v1_app(state), None)
    return LegacyDispatcher(registry, views, None, ModeCache(database, 0))


def flask_choice(url_map: MapAdapter, path: str) -> tuple[str, dict[str, Any]] | None:
    try:
        rule, values = url_map.match(path, method="GET", return_rule=True)
    except NotFound:
        return None
    return rule.rule, dict(values)


def gateway_choice(dispatcher: LegacyDispatcher, path: str) -> tuple[str, dict[str, Any]] | None:
    operation, values = dispatcher.match("GET", path)
    if operation is None:
        return None
    converted = {name: int(v) if name == "id" else v for name, v in values.items()}
    return operation.rule, converted


@pytest.mark.parametrize("path", PATHS)
def test_the_gateway_picks_the_operation_flask_picks(
    url_map: MapAdapter, dispatcher: LegacyDispatcher, path: str
) -> None:
    chosen = flask_choice(url_map, path)

    assert chosen is not None
    assert gateway_choice(dispatcher, path) == chosen


@pytest.mark.parametrize("path", NO_RULE)
def test_a_path_flask_has_no_rule_for_is_no_operation(
    url_map: MapAdapter, dispatcher: LegacyDispatcher, path: str
) -> None:
    assert flask_choice(url_map, path) is None
    assert gateway_choice(dispatcher, path) is None


def test_a_subgroup_namespace_is_read_as_namespace_and_project(
    dispatcher: LegacyDispatcher,
) -> None:
    assert gateway_choice(dispatcher, "/projects/gitlab.com/redhat/centos/rpms/prs") == (
        "/projects/<forge>/<path:namespace>/<repo_name>/prs",
        {"forge": "gitlab.com", "namespace": "redhat/centos", "repo_name": "rpms"},
    )
