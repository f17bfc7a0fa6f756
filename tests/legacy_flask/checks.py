"""Checks the per-resource list tests share: pages newest first, a statement count that does
not grow with the page size, and the project keys of an item of packit/ogr."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.legacy_client import LegacyClient
from tests.sqlcount import count_statements

PAGES_PAST_THE_END = [
    ("page=4&per_page=2", 7, 8),
    ("page=9&per_page=2", 17, 18),
    ("page=30&per_page=50", 1451, 1500),
]


def packit_ogr(
    *, pr_id: int | None = None, branch_name: str | None = None, release: str | None = None
) -> dict[str, object]:
    """The project keys of a detail whose trigger is on github.com/packit/ogr."""
    return {
        "pr_id": pr_id,
        "issue_id": None,
        "branch_name": branch_name,
        "release": release,
        "anitya_version": None,
        "repo_namespace": "packit",
        "repo_name": "ogr",
        "project_url": "https://github.com/packit/ogr",
        "anitya_project_id": None,
        "anitya_project_name": None,
        "anitya_package": None,
        "non_git_upstream": False,
    }


def assert_pages_newest_first(
    client: LegacyClient, path: str, unit: str, newest_first: list[int], id_key: str = "packit_id"
) -> None:
    """Five listed items, ``newest_first``, in pages of two and of ten; a page past the end is
    empty and a page below one is the first, each with its ``Content-Range`` in ``unit``."""
    assert len(newest_first) == 5

    def page(query: str) -> tuple[str, list[object]]:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 206, query
        return response.headers["Content-Range"], [item[id_key] for item in response.get_json()]

    assert page("page=1&per_page=2") == (f"{unit} 1-2/*", newest_first[:2])
    assert page("per_page=2") == (f"{unit} 1-2/*", newest_first[:2])
    assert page("page=2&per_page=2") == (f"{unit} 3-4/*", newest_first[2:4])
    assert page("page=3&per_page=2") == (f"{unit} 5-6/*", newest_first[4:])
    assert page("per_page=50") == (f"{unit} 1-50/*", newest_first)
    for query, first, last in PAGES_PAST_THE_END:
        assert page(query) == (f"{unit} {first}-{last}/*", [])
    for below_one in ("0", "-1", "-3", "-4"):
        assert page(f"page={below_one}&per_page=2") == (f"{unit} 1-2/*", newest_first[:2])
        assert page(f"page={below_one}&per_page=10") == (f"{unit} 1-10/*", newest_first)
        assert page(f"page={below_one}") == (f"{unit} 1-10/*", newest_first)


def assert_statements_do_not_grow(
    client: LegacyClient, engine: Engine, path: str
) -> dict[int, list[str]]:
    """Pages of 2 and of 50 (at least 50 items seeded) run as many statements; returns the
    statements of each page size for the caller's own counts."""
    statements_by_size: dict[int, list[str]] = {}
    for per_page in (2, 50):
        with count_statements(engine) as statements:
            response = client.get(f"{path}?per_page={per_page}")
        assert response.status_code == 206
        assert len(response.get_json()) == per_page
        statements_by_size[per_page] = statements
    assert len(statements_by_size[2]) == len(statements_by_size[50])
    return statements_by_size
