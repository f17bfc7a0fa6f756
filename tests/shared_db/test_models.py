from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, InvalidRequestError, StatementError
from sqlalchemy.orm import Session, joinedload

from shared_db.models import CoprBuildGroup, CoprBuildTarget, ProjectEvent, ProjectEventType
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project


class TestTimestamps:
    def test_aware_timestamps_come_back_aware_in_utc(self, session: Session) -> None:
        event = make_pr_event(session, make_project(session))
        submitted = datetime(2026, 3, 1, 14, 30, tzinfo=timezone(timedelta(hours=2)))
        build = make_copr_build(session, event, submitted=submitted)
        session.expire_all()

        stored = session.get_one(CoprBuildTarget, build.id).submitted_time

        assert stored == submitted
        assert stored.tzinfo is not None
        assert stored.utcoffset() == timedelta(0)

    def test_naive_timestamps_are_refused(self, session: Session) -> None:
        event = make_pr_event(session, make_project(session))

        with pytest.raises(StatementError, match="naive datetime"):
            make_copr_build(session, event, submitted=datetime(2026, 3, 1, 12, 0))


class TestProjectEventConstraints:
    def test_an_event_must_reference_the_trigger_of_its_type(self, session: Session) -> None:
        project = make_project(session)
        session.add(ProjectEvent(type=ProjectEventType.pull_request, project_id=project.id))

        with pytest.raises(IntegrityError):
            session.flush()

    def test_an_event_belongs_to_exactly_one_kind_of_project(self, session: Session) -> None:
        event = make_pr_event(session, make_project(session))
        event.project_id = None

        with pytest.raises(IntegrityError):
            session.flush()

    def test_foreign_keys_are_enforced(self, session: Session) -> None:
        event = make_pr_event(session, make_project(session))
        event.pull_request_id = 999_999

        with pytest.raises(IntegrityError):
            session.flush()


class TestLazyRaise:
    def test_unloaded_relationship_raises_instead_of_querying(self, session: Session) -> None:
        build = make_copr_build(session, make_pr_event(session, make_project(session)))
        session.expire_all()
        loaded = session.get_one(CoprBuildTarget, build.id)

        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            _ = loaded.group

    def test_explicit_eager_load_reaches_the_project(self, session: Session) -> None:
        project = make_project(session, namespace="eager")
        build = make_copr_build(session, make_pr_event(session, project))
        session.expire_all()

        loaded = session.execute(
            select(CoprBuildTarget)
            .where(CoprBuildTarget.id == build.id)
            .options(
                joinedload(CoprBuildTarget.group)
                .joinedload(CoprBuildGroup.project_event)
                .joinedload(ProjectEvent.project)
            )
        ).scalar_one()

        assert loaded.group.project_event.project is not None
        assert loaded.group.project_event.project.namespace == "eager"
