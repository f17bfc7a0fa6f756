"""Pure functions from v1 values to legacy values, shared by the views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api_v1.schemas.common import TriggerRead


def epoch(moment: datetime | None) -> int | None:
    """UNIX epoch seconds as an integer, ``None`` when unset (the legacy timestamps)."""
    return None if moment is None else int(moment.timestamp())


def project_url(trigger: TriggerRead) -> str | None:
    if trigger.project is not None:
        return trigger.project.url
    if trigger.anitya_project is not None:
        return trigger.anitya_project.url
    return None


def project_block(trigger: TriggerRead) -> dict[str, Any]:
    """``repo_namespace … non_git_upstream``: where the work's upstream lives."""
    git, anitya = trigger.project, trigger.anitya_project
    return {
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
        "project_url": project_url(trigger),
        "anitya_project_id": anitya.id if anitya else None,
        "anitya_project_name": anitya.name if anitya else None,
        "anitya_package": anitya.package if anitya else None,
        "non_git_upstream": anitya is not None,
    }


def project_info(trigger: TriggerRead | None) -> dict[str, Any]:
    """The contract's project info block; empty (no keys) when there is no project."""
    if trigger is None or (trigger.project is None and trigger.anitya_project is None):
        return {}
    return {
        "pr_id": trigger.pr_id,
        "issue_id": trigger.issue_id,
        "branch_name": trigger.branch,
        "release": trigger.release,
        "anitya_version": trigger.anitya_version,
        **project_block(trigger),
    }
