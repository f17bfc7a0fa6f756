"""Merged runs: one item per SRPM build's runs (a run without one is its own), named by
the lowest run id; filters apply to that first run (its event, its creation time)."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from shared_db.models import GitProject, Pipeline, ProjectEvent, ProjectEventType
from tests.api_v1.lists import FilterCase, ListCase

MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)

# The lowest run of each SRPM build; runs without one stand alone (-id never clashes).
lowest = select(func.min(Pipeline.id)).group_by(func.coalesce(Pipeline.srpm_build_id, -Pipeline.id))
heads = select(Pipeline.id).where(Pipeline.id.in_(lowest))
by_event = heads.join(ProjectEvent, ProjectEvent.id == Pipeline.project_event_id)
by_project = by_event.join(GitProject, GitProject.id == ProjectEvent.project_id)

LISTS = [
    ListCase(
        path="/runs",
        ids=heads,
        filters=[
            FilterCase(
                {"forge": "gitlab.com"}, by_project.where(GitProject.instance_url == "gitlab.com")
            ),
            FilterCase(
                {"namespace": "packit", "repo_name": "ogr"},
                by_project.where(GitProject.namespace == "packit", GitProject.repo_name == "ogr"),
            ),
            FilterCase(
                {"trigger": "branch_push"},
                by_event.where(ProjectEvent.type == ProjectEventType.branch_push),
            ),
            FilterCase(
                {"submitted_after": MIDDLE.isoformat()}, heads.where(Pipeline.created_at >= MIDDLE)
            ),
            FilterCase(
                {"submitted_before": MIDDLE.isoformat(), "trigger": "pull_request"},
                by_event.where(
                    Pipeline.created_at < MIDDLE,
                    ProjectEvent.type == ProjectEventType.pull_request,
                ),
            ),
        ],
    ),
]
