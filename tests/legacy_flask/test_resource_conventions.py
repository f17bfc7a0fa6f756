"""Answers every per-resource route shares, one table per convention: unknown ids, ids the
router refuses, and pagination arguments the parser refuses. No data is seeded: each case
needs an empty table at most."""

from __future__ import annotations

import pytest

from tests.legacy_client import LegacyClient

NO_BUILD = "No info about build stored in DB"
NO_GROUP = "No info about group stored in DB"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        pytest.param("bodhi-updates/424242", "No info about update stored in DB", id="bodhi"),
        pytest.param("bodhi-updates/groups/424242", NO_GROUP, id="bodhi-group"),
        pytest.param("copr-builds/123456", NO_BUILD, id="copr"),
        pytest.param("copr-builds/groups/123456", NO_GROUP, id="copr-group"),
        pytest.param("koji-builds/424242", NO_BUILD, id="koji"),
        pytest.param("koji-builds/groups/424242", NO_GROUP, id="koji-group"),
        pytest.param(
            "koji-tag-requests/424242",
            "No info about tagging request stored in DB",
            id="koji-tag-request",
        ),
        pytest.param("koji-tag-requests/groups/424242", NO_GROUP, id="koji-tag-request-group"),
        pytest.param(
            "log-detective/424242",
            "No info about Log Detective run stored in DB",
            id="log-detective",
        ),
        pytest.param("log-detective/groups/424242", NO_GROUP, id="log-detective-group"),
        pytest.param(
            "openscanhub-scans/424242", "No info about scan stored in DB", id="openscanhub"
        ),
        pytest.param("srpm-builds/123456", NO_BUILD, id="srpm"),
        pytest.param("testing-farm/123456", NO_BUILD, id="testing-farm"),
        pytest.param("testing-farm/groups/123456", NO_GROUP, id="testing-farm-group"),
    ],
)
def test_an_unknown_id_is_a_legacy_404(
    legacy_client: LegacyClient, path: str, message: str
) -> None:
    response = legacy_client.get(path)
    assert (response.status_code, response.get_json()) == (404, {"error": message})


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("bodhi-updates/abc", id="bodhi"),
        pytest.param("copr-builds/abc", id="copr"),
        pytest.param("copr-builds/2147483648", id="copr-beyond-the-id-column"),
        pytest.param("copr-builds/groups/99999999999999", id="copr-group-beyond-the-id-column"),
        pytest.param("koji-builds/abc", id="koji"),
        pytest.param("koji-tag-requests/x1", id="koji-tag-request"),
        pytest.param("log-detective/groups/x", id="log-detective-group"),
        pytest.param("openscanhub-scans/-1x", id="openscanhub"),
        pytest.param("srpm-builds/abc", id="srpm"),
        pytest.param("testing-farm/abc", id="testing-farm"),
    ],
)
def test_an_id_the_router_refuses_is_a_404(legacy_client: LegacyClient, path: str) -> None:
    assert legacy_client.get(path).status_code == 404


LISTS = {
    "bodhi": "bodhi-updates",
    "copr": "copr-builds",
    "koji": "koji-builds",
    "koji-tag-requests": "koji-tag-requests",
    "log-detective": "log-detective",
    "openscanhub": "openscanhub-scans",
    "propose-downstream": "propose-downstream",
    "pull-from-upstream": "pull-from-upstream",
    "srpm": "srpm-builds",
    "testing-farm": "testing-farm/results",
}
# Each list with the arguments its module used to refuse, named by the argument at fault.
BAD_PAGINATION = {
    "bodhi": ["per_page=3", "page=x"],
    "copr": [
        "page=abc",
        "page=1.5",
        "per_page=7",
        "per_page=-10",
        "per_page=100000000000000000000",
        "per_page=ten",
    ],
    "koji": ["per_page=7", "per_page=x", "page=x"],
    "koji-tag-requests": ["per_page=3", "per_page=x", "page=y"],
    "log-detective": ["per_page=0", "page=2.5"],
    "openscanhub": ["per_page=25", "page="],
    "propose-downstream": ["per_page=7", "page=x"],
    "pull-from-upstream": ["per_page=7", "page=x"],
    "srpm": ["per_page=7", "page=abc"],
    "testing-farm": ["per_page=3", "page=x"],
}


@pytest.mark.parametrize(
    ("path", "query"),
    [
        pytest.param(LISTS[name], query, id=f"{name}-{query}")
        for name, queries in BAD_PAGINATION.items()
        for query in queries
    ],
)
def test_bad_pagination_is_a_400_naming_the_argument(
    legacy_client: LegacyClient, path: str, query: str
) -> None:
    response = legacy_client.get(f"{path}?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["message"] == "Input payload validation failed"
    assert set(body["errors"]) == {query.partition("=")[0]}
