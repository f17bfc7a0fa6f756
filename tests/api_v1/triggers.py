"""The v1 ``trigger`` objects the factories' events answer, for exact comparisons."""

from __future__ import annotations

from typing import Any

OGR = {
    "forge": "github.com",
    "namespace": "packit",
    "repo_name": "ogr",
    "url": "https://github.com/packit/ogr",
}


def _git_trigger(event_id: int, **fields: Any) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "pr_id": None,
        "branch": None,
        "release": None,
        "issue_id": None,
        "anitya_version": None,
        "project": OGR,
        "anitya_project": None,
        **fields,
    }


def pr_trigger(event_id: int, *, pr_id: int) -> dict[str, Any]:
    """A pull request of packit/ogr (``make_pr_event`` on the default ``make_project``)."""
    return _git_trigger(event_id, type="pull_request", commit_sha="a" * 40, pr_id=pr_id)


def branch_trigger(event_id: int, *, branch: str) -> dict[str, Any]:
    """A push to a branch of packit/ogr (``make_branch_event`` on the default project)."""
    return _git_trigger(event_id, type="branch_push", commit_sha="b" * 40, branch=branch)
