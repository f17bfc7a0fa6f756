"""The twin registry: every legacy operation paired with its v1 twin, checked at start-up."""

from __future__ import annotations

import dataclasses

import pytest
from fastapi import FastAPI

from api_v1.app import create_app as create_v1
from api_v1.legacy import app as views_app
from api_v1.legacy.routing import LegacyOperation
from api_v1.state import V1State
from gateway.app import create_app
from gateway.migration.registry import Registry, RegistryError, UnknownOperation, build_registry
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig

DECLARED = views_app.declared_operations()


@pytest.fixture(scope="module")
def v1() -> FastAPI:
    return create_v1(V1State.of(Settings(_env_file=None).v1_config(), _unstarted()))


def _unstarted() -> Database:
    return Database(DatabaseConfig(url="sqlite://"))


def _flask_operations() -> set[tuple[str, str]]:
    import legacy_flask
    from legacy_flask.app import operations

    return operations(legacy_flask.create_app(_unstarted()))


def _without(operation_id: str) -> list[LegacyOperation]:
    return [operation for operation in DECLARED if operation.id != operation_id]


def _one(operation_id: str) -> LegacyOperation:
    (operation,) = (operation for operation in DECLARED if operation.id == operation_id)
    return operation


@pytest.mark.flask
def test_the_declared_operations_are_the_flask_apps(v1: FastAPI) -> None:
    registry = build_registry(DECLARED, v1, _flask_operations())
    assert len(registry.operations) == 62  # 61 of the spec, and HEAD /healthz of its own


def test_every_operation_id_is_group_dot_name() -> None:
    for operation in DECLARED:
        group, _, name = operation.id.partition(".")
        assert group == operation.group, operation.id
        assert name, operation.id
        assert operation.rule.startswith(f"/{group}"), operation.id


@pytest.mark.flask
def test_a_legacy_operation_without_a_twin_stops_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views_app, "declared_operations", lambda: _without("copr-builds.get"))
    with pytest.raises(RegistryError, match=r"GET /copr-builds/<int:id> has no twin"):
        create_app(Settings(database_url="sqlite://", _env_file=None))


def test_a_twin_that_is_no_v1_route_is_named(v1: FastAPI) -> None:
    def not_a_route() -> None: ...

    broken = dataclasses.replace(_one("koji-builds.list"), twin=not_a_route)
    declared = [*_without("koji-builds.list"), broken]
    with pytest.raises(RegistryError, match=r"koji-builds.list \(GET /koji-builds\).*no v1 route"):
        build_registry(declared, v1, None)


def test_a_twin_of_another_method_is_named(v1: FastAPI) -> None:
    webhook = _one("webhooks.github")
    broken = dataclasses.replace(_one("koji-builds.list"), twin=webhook.twin)
    with pytest.raises(RegistryError, match=r"koji-builds.list .* not GET"):
        build_registry([*_without("koji-builds.list"), broken], v1, None)


def test_a_duplicate_id_is_named(v1: FastAPI) -> None:
    copy = dataclasses.replace(_one("koji-builds.get"), rule="/koji-builds/other/<int:id>")
    with pytest.raises(RegistryError, match=r"duplicate operation id 'koji-builds.get'"):
        build_registry([*DECLARED, copy], v1, None)


def test_a_duplicate_rule_is_named(v1: FastAPI) -> None:
    copy = dataclasses.replace(_one("koji-builds.get"), id="koji-builds.again")
    with pytest.raises(
        RegistryError, match=r"duplicate operation GET /koji-builds/<int:id>: koji-builds.get"
    ):
        build_registry([*DECLARED, copy], v1, None)


@pytest.mark.flask
def test_an_operation_flask_does_not_have_is_named(v1: FastAPI) -> None:
    extra = dataclasses.replace(_one("koji-builds.get"), id="koji-builds.x", rule="/koji-builds/x")
    with pytest.raises(RegistryError, match=r"koji-builds.x declares GET /koji-builds/x"):
        build_registry([*DECLARED, extra], v1, _flask_operations())


def test_names_select_an_operation_a_group_or_all(v1: FastAPI) -> None:
    registry: Registry = build_registry(DECLARED, v1, None)
    assert [op.id for op in registry.select("copr-builds.get")] == ["copr-builds.get"]
    assert {op.id for op in registry.select("copr-builds")} == {
        "copr-builds.list",
        "copr-builds.get",
        "copr-builds.group",
    }
    assert len(registry.select("all")) == len(DECLARED)
    with pytest.raises(UnknownOperation, match="'copr' is no operation id"):
        registry.select("copr")


def test_the_successor_url_fills_in_the_path(v1: FastAPI) -> None:
    registry = build_registry(DECLARED, v1, None)
    assert registry.successor_url(_one("copr-builds.get"), {"id": "42"}) == "/api/v1/copr-builds/42"
    assert registry.successor_url(_one("copr-builds.list"), {}) == "/api/v1/copr-builds"


def test_every_twin_is_documented(v1: FastAPI) -> None:
    for path, item in v1.openapi()["paths"].items():
        for method, operation in item.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            assert operation.get("tags"), (method, path)
            if method != "head":
                assert "200" in operation["responses"] or "202" in operation["responses"]
