"""Value formats of the legacy contract: epoch-second timestamps and the project info block."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared_db.queries.events import Trigger


def epoch(moment: datetime | None) -> int | None:
    """UNIX epoch seconds as an integer, ``None`` when unset."""
    return None if moment is None else int(moment.timestamp())


def project_block(trigger: Trigger) -> dict[str, Any]:
    """``repo_namespace … non_git_upstream``: where the work's upstream lives."""
    git, anitya = trigger.project, trigger.anitya_project
    return {
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
        "project_url": trigger.project_url,
        "anitya_project_id": anitya.project_id if anitya else None,
        "anitya_project_name": anitya.project_name if anitya else None,
        "anitya_package": anitya.package if anitya else None,
        "non_git_upstream": anitya is not None,
    }


def project_info(trigger: Trigger | None) -> dict[str, Any]:
    """The contract's project info block; empty (no keys) when there is no project."""
    if trigger is None or (trigger.project is None and trigger.anitya_project is None):
        return {}
    return {
        "pr_id": trigger.pr_id,
        "issue_id": trigger.issue_id,
        "branch_name": trigger.branch_name,
        "release": trigger.release,
        "anitya_version": trigger.anitya_version,
        **project_block(trigger),
    }
