"""v1 allowlist, installations and system. (Cursor walks and filters: test_lists.)"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import AllowlistStatus
from shared_db.system import PACKAGES, installed_versions
from tests.shared_db.factories_admin import make_allowlist_entry, make_installation

V1 = "/api/v1"


def assert_not_found(response: httpx.Response, detail: str) -> None:
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": detail, "errors": []}


class TestAllowlist:
    async def test_lists_entries_newest_first(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        first = make_allowlist_entry(session, "gitlab.com/zeta", AllowlistStatus.waiting)
        second = make_allowlist_entry(session, "github.com/alpha", fas_account="alice")

        response = await client.get(f"{V1}/allowlist")

        assert response.status_code == 200
        assert response.json() == {
            "items": [
                {
                    "id": second.id,
                    "namespace": "github.com/alpha",
                    "status": "approved_manually",
                    "fas_account": "alice",
                },
                {
                    "id": first.id,
                    "namespace": "gitlab.com/zeta",
                    "status": "waiting",
                    "fas_account": None,
                },
            ],
            "next_cursor": None,
        }

    async def test_filters_by_status(self, client: httpx.AsyncClient, session: Session) -> None:
        make_allowlist_entry(session, "github.com/a", AllowlistStatus.waiting)
        make_allowlist_entry(session, "github.com/b", AllowlistStatus.denied)

        body = (await client.get(f"{V1}/allowlist", params={"status": "denied"})).json()

        assert [item["namespace"] for item in body["items"]] == ["github.com/b"]

    async def test_a_bad_status_is_a_422_naming_it(self, client: httpx.AsyncClient) -> None:
        response = await client.get(f"{V1}/allowlist", params={"status": "maybe"})

        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == ["query.status"]

    async def test_one_entry_by_its_namespace_with_slashes(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        make_allowlist_entry(session, "github.com/packit")
        entry = make_allowlist_entry(
            session, "gitlab.com/group/sub/repo.git", AllowlistStatus.denied
        )

        response = await client.get(f"{V1}/allowlist/gitlab.com/group/sub/repo.git")

        assert response.status_code == 200
        assert response.json() == {
            "id": entry.id,
            "namespace": "gitlab.com/group/sub/repo.git",
            "status": "denied",
            "fas_account": None,
        }

    @pytest.mark.parametrize("namespace", ["github.com/other", "github.com", "github.com/packit/x"])
    async def test_an_unknown_namespace_is_a_404(
        self, client: httpx.AsyncClient, session: Session, namespace: str
    ) -> None:
        make_allowlist_entry(session, "github.com/packit")

        response = await client.get(f"{V1}/allowlist/{namespace}")

        assert_not_found(response, "Namespace not in allowlist")


class TestInstallations:
    async def test_lists_installations_newest_first_with_iso_timestamps(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        first = make_installation(session, "first", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        second = make_installation(session, "second", datetime(2025, 12, 31, 23, 59, tzinfo=UTC))

        body = (await client.get(f"{V1}/installations")).json()

        assert [(i["id"], i["account_login"]) for i in body["items"]] == [
            (second.id, "second"),
            (first.id, "first"),
        ]
        assert body["items"][1]["created_at"] == "2026-01-02T03:04:05Z"

    async def test_one_installation(self, client: httpx.AsyncClient, session: Session) -> None:
        installation = make_installation(
            session, created_at=datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
        )

        response = await client.get(f"{V1}/installations/{installation.id}")

        assert response.status_code == 200
        assert response.json() == {
            "id": installation.id,
            "account_login": "packit",
            "account_id": 42,
            "account_type": "Organization",
            "account_url": "https://github.com/packit",
            "sender_login": None,
            "sender_id": None,
            "created_at": "2026-03-04T05:06:07Z",
        }

    async def test_an_unknown_id_is_a_404(
        self, client: httpx.AsyncClient, session: Session
    ) -> None:
        installation = make_installation(session)

        response = await client.get(f"{V1}/installations/{installation.id + 1}")

        assert_not_found(response, "Identifier not among the installations")

    @pytest.mark.parametrize(
        ("path", "params", "field"),
        [
            ("/installations/abc", {}, "path.id"),
            ("/installations/0", {}, "path.id"),
            ("/installations", {"account_login": ""}, "query.account_login"),
            ("/installations", {"account_type": "x" * 33}, "query.account_type"),
        ],
    )
    async def test_bad_parameters_are_a_422_naming_them(
        self, client: httpx.AsyncClient, path: str, params: dict[str, str], field: str
    ) -> None:
        response = await client.get(f"{V1}{path}", params=params)

        assert response.status_code == 422
        assert [error["field"] for error in response.json()["errors"]] == [field]


class TestSystem:
    async def test_reports_the_same_versions_as_the_legacy_route(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get(f"{V1}/system")
        legacy = (await client.get("/api/system")).json()

        assert response.status_code == 200
        packages = response.json()["packages"]
        assert [p["name"] for p in packages] == [name for name in PACKAGES if name in legacy]
        assert {p["name"]: {"commit": p["commit"], "version": p["version"]} for p in packages} == (
            legacy
        )
        assert packages[0] == {
            "name": "ci-results-gateway",
            "version": metadata.version("ci-results-gateway"),
            "commit": None,
        }
        assert legacy == installed_versions()
