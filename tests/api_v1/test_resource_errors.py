"""Every v1 resource's unknown ids (404) and bad parameters (422), in the one error model.

One table per behaviour, one row per resource and parameter; the resources' own modules
test what they answer when the request is good.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.shared_db.factories_bodhi_ld_osh import SUBMITTED as SCAN_SUBMITTED

V1 = "/api/v1"
BUILD = "No info about build stored in DB"
GROUP = "No info about group stored in DB"
SYNC_RELEASES = ("propose-downstream", "pull-from-upstream")


def shown(value: str) -> str:
    return value if len(value) <= 24 else f"<{len(value)} chars>"


def not_found(route: str, detail: str) -> Any:
    return pytest.param(f"{V1}/{route}", detail, id=route)


def invalid(route: str, field: str, **params: str) -> Any:
    query = "&".join(f"{name}={shown(value)}" for name, value in params.items())
    return pytest.param(f"{V1}/{route}", params, field, id=f"{route}?{query}" if query else route)


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        not_found("copr-builds/424242", BUILD),
        not_found("copr-builds/groups/424242", GROUP),
        not_found("koji-builds/424242", BUILD),
        not_found("koji-builds/groups/424242", GROUP),
        not_found("koji-tag-requests/424242", "No info about tagging request stored in DB"),
        not_found("koji-tag-requests/groups/424242", GROUP),
        not_found("bodhi-updates/99999", "No info about update stored in DB"),
        not_found("bodhi-updates/groups/9", GROUP),
        not_found("log-detective/424242", "No info about Log Detective run stored in DB"),
        not_found("log-detective/groups/424242", GROUP),
        not_found("openscanhub-scans/424242", "No info about scan stored in DB"),
        not_found("srpm-builds/123456", BUILD),
        not_found("testing-farm/123456", BUILD),
        not_found("testing-farm/groups/123456", GROUP),
        not_found("runs/123456", "No run has been found in DB"),
        not_found("runs/merged/123456", "No run has been found in DB"),
    ],
)
async def test_an_unknown_id_is_a_404(client: httpx.AsyncClient, path: str, detail: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": detail, "errors": []}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        invalid("copr-builds", "query.status", status="melted"),
        invalid("copr-builds", "query.submitted_after", submitted_after="yesterday"),
        invalid("copr-builds", "query.submitted_after", submitted_after="1700000000"),
        # no time zone
        invalid("copr-builds", "query.submitted_after", submitted_after="2026-01-01T00:00:00"),
        invalid("copr-builds", "query.trigger", trigger="push"),
        invalid(
            "copr-builds",
            "query.submitted_before",
            submitted_after="2026-02-01T00:00:00Z",
            submitted_before="2026-01-01T00:00:00Z",
        ),
        invalid("copr-builds/0", "path.id"),
        invalid("copr-builds/abc", "path.id"),
        invalid("copr-builds/2147483648", "path.id"),  # beyond the id columns
        invalid("koji-builds", "query.status", status="exploded"),
        invalid("koji-builds", "query.scratch", scratch="maybe"),
        invalid("koji-builds", "query.target", target=""),
        invalid("koji-builds", "query.target", target="x" * 129),
        invalid("koji-builds", "query.trigger", trigger="telepathy"),
        invalid("koji-builds", "query.submitted_after", submitted_after="2026-01-01T00:00:00"),
        invalid("koji-builds/0", "path.id"),
        invalid("koji-builds/abc", "path.id"),
        invalid(f"koji-builds/{2**63}", "path.id"),
        invalid("koji-tag-requests", "query.target", target=""),
        invalid("koji-tag-requests", "query.target", target="x" * 129),
        invalid("koji-tag-requests", "query.sidetag", sidetag="x" * 256),
        invalid("koji-tag-requests", "query.trigger", trigger="telepathy"),
        invalid(
            "koji-tag-requests",
            "query.submitted_before",
            submitted_after="2026-02-01T00:00:00Z",
            submitted_before="2026-01-01T00:00:00Z",
        ),
        invalid("koji-tag-requests/0", "path.id"),
        invalid("koji-tag-requests/abc", "path.id"),
        invalid(f"koji-tag-requests/{2**63}", "path.id"),
        invalid("bodhi-updates", "query.status", status="shipped"),
        invalid("bodhi-updates", "query.branch", branch=""),
        invalid("bodhi-updates", "query.branch", branch="f" * 129),
        invalid("bodhi-updates", "query.trigger", trigger="tag"),
        invalid("bodhi-updates/0", "path.id"),
        invalid("bodhi-updates/groups/abc", "path.id"),
        invalid("log-detective", "query.status", status="failure"),
        invalid("log-detective", "query.build_system", build_system="mock"),
        invalid("log-detective", "query.chroot", chroot="x" * 129),
        invalid("log-detective", "query.submitted_after", submitted_after="2026-01-01T00:00"),
        invalid("log-detective/0", "path.id"),
        invalid("log-detective/groups/x", "path.id"),
        invalid("openscanhub-scans", "query.status", status="success"),
        invalid("openscanhub-scans", "query.forge", forge=""),
        invalid(
            "openscanhub-scans",
            "query.submitted_before",
            submitted_after=SCAN_SUBMITTED.isoformat(),
            submitted_before=SCAN_SUBMITTED.isoformat(),
        ),
        invalid("openscanhub-scans/0", "path.id"),
        invalid(f"openscanhub-scans/{2**63}", "path.id"),
        invalid("srpm-builds", "query.status", status="exploded"),
        invalid("srpm-builds", "query.trigger", trigger="tweet"),
        invalid("srpm-builds", "query.submitted_after", submitted_after="2026-01-01T00:00:00"),
        invalid("srpm-builds/0", "path.id"),
        invalid("srpm-builds/abc", "path.id"),
        invalid("testing-farm/results", "query.status", status="exploded"),
        # the value is cancel-requested
        invalid("testing-farm/results", "query.status", status="cancel_requested"),
        invalid("testing-farm/results", "query.chroot", chroot=""),
        invalid("testing-farm/results", "query.chroot", chroot="x" * 129),
        invalid("testing-farm/0", "path.id"),
        invalid("testing-farm/groups/abc", "path.id"),
        *[
            case
            for route in SYNC_RELEASES
            for case in (
                # a target status, not a sync's
                invalid(route, "query.status", status="submitted"),
                invalid(route, "query.trigger", trigger="push"),
                invalid(route, "query.forge", forge=""),
                invalid(f"{route}/0", "path.id"),
                invalid(f"{route}/abc", "path.id"),
            )
        ],
        invalid("runs", "query.trigger", trigger="push"),
        invalid("runs", "query.submitted_after", submitted_after="2026-01-01T00:00:00"),
        invalid("runs/0", "path.id"),
        invalid("runs/merged/abc", "path.id"),
        invalid("projects", "query.forge", forge=""),
        invalid("projects", "query.namespace", namespace="x" * 256),
    ],
)
async def test_a_bad_parameter_is_a_422_naming_it(
    client: httpx.AsyncClient, path: str, params: dict[str, str], field: str
) -> None:
    response = await client.get(path, params=params)

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == [field]
