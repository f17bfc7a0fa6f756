"""allowlist, installations and system: whole lists, one entry, 204 for an unknown one."""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import metadata

import httpx
import pytest
from sqlalchemy.orm import Session

from shared_db.models import AllowlistStatus
from shared_db.system import PACKAGES, commit_of
from tests.legacy_client import LegacyClient
from tests.shared_db.factories_admin import make_allowlist_entry, make_installation


class TestAllowlist:
    def test_lists_every_entry_in_the_order_added(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_allowlist_entry(session, "gitlab.com/zeta", AllowlistStatus.waiting)
        make_allowlist_entry(session, "github.com/alpha", fas_account="alice")

        response = legacy_client.get("allowlist")

        assert response.status_code == 200
        assert "Content-Range" not in response.headers
        assert response.get_json() == [
            {"namespace": "gitlab.com/zeta", "status": "waiting", "fas_account": None},
            {
                "namespace": "github.com/alpha",
                "status": "approved_manually",
                "fas_account": "alice",
            },
        ]

    def test_an_empty_allowlist_is_an_empty_list(self, legacy_client: LegacyClient) -> None:
        response = legacy_client.get("allowlist")

        assert (response.status_code, response.get_json()) == (200, [])

    def test_one_entry_by_its_namespace_with_slashes(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_allowlist_entry(session, "github.com/packit")
        make_allowlist_entry(session, "gitlab.com/group/sub/repo.git", AllowlistStatus.denied)

        response = legacy_client.get("allowlist/gitlab.com/group/sub/repo.git")

        assert response.status_code == 200
        assert response.get_json() == {
            "namespace": "gitlab.com/group/sub/repo.git",
            "status": "denied",
            "fas_account": None,
        }

    @pytest.mark.parametrize("namespace", ["github.com/other", "github.com", "github.com/packit/x"])
    def test_an_unknown_namespace_is_204_with_no_body(
        self, legacy_client: LegacyClient, session: Session, namespace: str
    ) -> None:
        make_allowlist_entry(session, "github.com/packit")

        response = legacy_client.get(f"allowlist/{namespace}")

        assert response.status_code == 204
        assert response.get_data() == b""


class TestInstallations:
    def test_lists_every_installation_in_the_order_added(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        make_installation(session, "second-added", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        make_installation(session, "first-login", datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC))

        response = legacy_client.get("installations")

        assert response.status_code == 200
        assert [i["account_login"] for i in response.get_json()] == ["second-added", "first-login"]

    def test_one_installation_with_a_day_first_created_at(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        installation = make_installation(
            session, created_at=datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
        )

        response = legacy_client.get(f"installations/{installation.id}")

        assert response.status_code == 200
        assert response.get_json() == {
            "account_login": "packit",
            "account_id": 42,
            "account_type": "Organization",
            "account_url": "https://github.com/packit",
            "sender_login": None,
            "sender_id": None,
            "created_at": "04/03/2026 05:06:07",
        }

    def test_an_unknown_id_is_204_with_no_body(
        self, legacy_client: LegacyClient, session: Session
    ) -> None:
        installation = make_installation(session)

        response = legacy_client.get(f"installations/{installation.id + 1}")

        assert response.status_code == 204
        assert response.get_data() == b""

    def test_a_non_integer_id_is_a_404_from_the_router(self, legacy_client: LegacyClient) -> None:
        assert legacy_client.get("installations/abc").status_code == 404


class TestSystem:
    def test_reports_the_service_and_its_libraries(self, legacy_client: LegacyClient) -> None:
        response = legacy_client.get("system")

        assert response.status_code == 200
        body = response.get_json()
        assert set(body) == set(PACKAGES)
        assert body["ci-results-gateway"] == {
            "commit": None,
            "version": metadata.version("ci-results-gateway"),
        }
        assert body["flask"]["version"] == metadata.version("flask")

    async def test_through_the_gateway(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/system")

        assert response.status_code == 200
        assert response.json()["sqlalchemy"]["version"] == metadata.version("sqlalchemy")

    @pytest.mark.parametrize(
        ("version", "commit"),
        [
            ("0.76.0.post18+g116edc5", "116edc5"),
            ("0.1.dev1+gc03b1bd.d20230615", "c03b1bd"),
            ("0.1.0", None),
            ("1.0+local", None),
        ],
    )
    def test_commit_comes_from_a_scm_version(self, version: str, commit: str | None) -> None:
        assert commit_of(version) == commit
