"""SRPM builds: the list (newest first) and one build with its runs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from shared_db.errors import NotFound
from shared_db.models import Pipeline, SRPMBuild
from shared_db.queries.events import Trigger, trigger_of, with_trigger
from shared_db.queries.pages import Window, in_page_order, page_ids

BUILD_NOT_FOUND = "No info about build stored in DB"


@dataclass(frozen=True, slots=True)
class ListedSRPMBuild:
    build: SRPMBuild
    trigger: Trigger


def list_srpm_builds(session: Session, window: Window) -> list[ListedSRPMBuild]:
    """One page of SRPM builds, newest first, with what triggered them. Two statements."""
    ids = page_ids(session, SRPMBuild.id.expression, window)
    if not ids:
        return []
    builds = session.scalars(
        select(SRPMBuild)
        .where(SRPMBuild.id.in_(ids))
        .options(with_trigger(joinedload(SRPMBuild.project_event)))
    ).all()
    return [
        ListedSRPMBuild(build=build, trigger=trigger_of(build.project_event))
        for build in in_page_order(list(builds), ids)
    ]


def get_srpm_build(session: Session, build_id: int) -> SRPMBuild:
    """One SRPM build with its trigger and the ids of its runs."""
    build = session.scalar(
        select(SRPMBuild)
        .where(SRPMBuild.id == build_id)
        .options(
            with_trigger(joinedload(SRPMBuild.project_event)),
            selectinload(SRPMBuild.pipelines).load_only(Pipeline.id),
        )
    )
    if build is None:
        raise NotFound(BUILD_NOT_FOUND)
    return build
