"""Rebuild legacy values from v1 ones: the tests that prove v1 carries what legacy did."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def epoch(value: str | None) -> int | None:
    return None if value is None else int(datetime.fromisoformat(value).timestamp())


def project_block(trigger: dict[str, Any]) -> dict[str, Any]:
    """The seven project keys (``repo_namespace`` … ``non_git_upstream``), rebuilt from a
    v1 trigger; nulls (and ``non_git_upstream: false``) without a project."""
    git, anitya = trigger["project"], trigger["anitya_project"]
    return {
        "repo_namespace": git["namespace"] if git else None,
        "repo_name": git["repo_name"] if git else None,
        "project_url": (git or anitya or {}).get("url"),
        "anitya_project_id": anitya["id"] if anitya else None,
        "anitya_project_name": anitya["name"] if anitya else None,
        "anitya_package": anitya["package"] if anitya else None,
        "non_git_upstream": anitya is not None,
    }


def project_info(trigger: dict[str, Any]) -> dict[str, Any]:
    """The legacy project info block, rebuilt from a v1 trigger."""
    if trigger["project"] is None and trigger["anitya_project"] is None:
        return {}
    return {
        "pr_id": trigger["pr_id"],
        "issue_id": trigger["issue_id"],
        "branch_name": trigger["branch"],
        "release": trigger["release"],
        "anitya_version": trigger["anitya_version"],
        **project_block(trigger),
    }
