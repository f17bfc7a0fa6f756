"""Modes and dates in the database: each change audited, ``cutover`` gated by evidence."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_v1.legacy.app import declared_operations
from gateway.migration.modes import (
    ChangeRefused,
    Mode,
    change_dates,
    change_mode,
    read_snapshot,
)
from shared_db.base import utcnow
from shared_db.models import ModeChange, ParityEvidence, TrafficHour

OPERATIONS = {operation.id: operation for operation in declared_operations()}
GET = OPERATIONS["copr-builds.get"]
LIST = OPERATIONS["copr-builds.list"]
CODE = "code-now"


def evidence(session: Session, *, passed: bool = True, code: str = CODE) -> None:
    session.add(
        ParityEvidence(
            operation_id=GET.id,
            code_version=code,
            passed=passed,
            cases=2,
            mismatches=0 if passed else 1,
            report=[],
        )
    )
    session.flush()


def audit(session: Session) -> list[tuple[str, str, str, str, bool]]:
    rows = session.scalars(select(ModeChange).order_by(ModeChange.id))
    return [(r.operation_id, r.from_mode, r.to_mode, r.reason, r.forced) for r in rows]


class TestModes:
    def test_an_operation_without_a_row_is_legacy(self, session: Session) -> None:
        assert read_snapshot(session).of(GET.id).mode is Mode.legacy

    def test_a_change_is_stored_and_audited(self, session: Session) -> None:
        change_mode(
            session, [GET, LIST], Mode.shadow, actor="ops@h", reason="try", code_version=CODE
        )
        snapshot = read_snapshot(session)
        assert snapshot.of(GET.id).mode is Mode.shadow
        assert snapshot.of(LIST.id).mode is Mode.shadow
        assert audit(session) == [
            (GET.id, "legacy", "shadow", "try", False),
            (LIST.id, "legacy", "shadow", "try", False),
        ]

    def test_every_transition_is_recorded_in_order(self, session: Session) -> None:
        evidence(session)
        for mode in (Mode.shadow, Mode.cutover, Mode.retired, Mode.legacy, Mode.cutover):
            change_mode(
                session,
                [GET],
                mode,
                actor="a",
                reason=f"to {mode}",
                code_version=CODE,
                force=mode is Mode.retired,
            )
        assert [(f, t) for _, f, t, _, _ in audit(session)] == [
            ("legacy", "shadow"),
            ("shadow", "cutover"),
            ("cutover", "retired"),
            ("retired", "legacy"),
            ("legacy", "cutover"),
        ]

    def test_a_reason_is_required(self, session: Session) -> None:
        with pytest.raises(ChangeRefused, match="reason"):
            change_mode(session, [GET], Mode.shadow, actor="a", reason=" ", code_version=CODE)

    def test_the_shadow_rate_is_kept_and_bounded(self, session: Session) -> None:
        change_mode(
            session, [GET], Mode.shadow, actor="a", reason="r", code_version=CODE, shadow_rate=0.05
        )
        assert read_snapshot(session).of(GET.id).shadow_rate == 0.05
        with pytest.raises(ChangeRefused, match="between 0 and 1"):
            change_mode(
                session,
                [GET],
                Mode.shadow,
                actor="a",
                reason="r",
                code_version=CODE,
                shadow_rate=1.5,
            )


class TestCutoverGate:
    def test_refused_without_evidence(self, session: Session) -> None:
        with pytest.raises(ChangeRefused, match=r"copr-builds\.get: no parity evidence"):
            change_mode(session, [GET], Mode.cutover, actor="a", reason="go", code_version=CODE)
        assert read_snapshot(session).of(GET.id).mode is Mode.legacy
        assert audit(session) == []

    def test_refused_with_failed_evidence(self, session: Session) -> None:
        evidence(session, passed=False)
        with pytest.raises(ChangeRefused, match="last verify failed"):
            change_mode(session, [GET], Mode.cutover, actor="a", reason="go", code_version=CODE)

    def test_refused_with_evidence_of_other_code(self, session: Session) -> None:
        evidence(session, code="code-before")
        with pytest.raises(ChangeRefused, match="from code code-before, this is code-now"):
            change_mode(session, [GET], Mode.cutover, actor="a", reason="go", code_version=CODE)

    def test_accepted_with_passing_evidence_of_this_code(self, session: Session) -> None:
        evidence(session)
        change_mode(session, [GET], Mode.cutover, actor="a", reason="go", code_version=CODE)
        assert read_snapshot(session).of(GET.id).mode is Mode.cutover

    def test_one_operation_without_evidence_refuses_the_whole_group(self, session: Session) -> None:
        evidence(session)
        with pytest.raises(ChangeRefused, match=r"copr-builds\.list: no parity evidence"):
            change_mode(
                session, [GET, LIST], Mode.cutover, actor="a", reason="go", code_version=CODE
            )
        assert read_snapshot(session).of(GET.id).mode is Mode.legacy

    def test_forced_is_allowed_and_audited(self, session: Session) -> None:
        change_mode(
            session, [GET], Mode.cutover, actor="a", reason="urgent", code_version=CODE, force=True
        )
        assert read_snapshot(session).of(GET.id).mode is Mode.cutover
        assert audit(session) == [(GET.id, "legacy", "cutover", "urgent", True)]


class TestRetireGate:
    def test_refused_while_traffic_is_younger_than_the_quiet_days(self, session: Session) -> None:
        record_call(session, utcnow() - timedelta(days=3))
        with pytest.raises(ChangeRefused, match=r"copr-builds\.get: called within the last 30"):
            change_mode(session, [GET], Mode.retired, actor="a", reason="r", code_version=CODE)

    def test_refused_before_traffic_was_recorded_that_long(self, session: Session) -> None:
        with pytest.raises(ChangeRefused, match="traffic recorded since None"):
            change_mode(session, [GET], Mode.retired, actor="a", reason="r", code_version=CODE)

    def test_accepted_after_the_quiet_days(self, session: Session) -> None:
        record_call(session, utcnow() - timedelta(days=31))
        change_mode(session, [GET], Mode.retired, actor="a", reason="r", code_version=CODE)
        assert read_snapshot(session).of(GET.id).mode is Mode.retired

    def test_quiet_days_are_a_setting(self, session: Session) -> None:
        record_call(session, utcnow() - timedelta(days=8))
        change_mode(
            session, [GET], Mode.retired, actor="a", reason="r", code_version=CODE, quiet_days=7
        )
        assert read_snapshot(session).of(GET.id).mode is Mode.retired


def record_call(session: Session, at: datetime) -> None:
    hour = at.replace(minute=0, second=0, microsecond=0)
    session.add(TrafficHour(operation_id=GET.id, hour=hour, stack="flask", count=1, last_seen=at))
    session.flush()


class TestDates:
    def test_dates_are_stored_and_audited(self, session: Session) -> None:
        change_dates(
            session,
            [GET],
            deprecated_on=date(2027, 1, 1),
            sunset_on=date(2027, 6, 30),
            actor="a",
            reason="announce",
        )
        settings = read_snapshot(session).of(GET.id)
        assert (settings.deprecated_on, settings.sunset_on) == (date(2027, 1, 1), date(2027, 6, 30))
        assert audit(session) == [(GET.id, "legacy", "legacy", "announce", False)]

    def test_a_sunset_before_the_deprecation_is_refused(self, session: Session) -> None:
        with pytest.raises(ChangeRefused, match="cannot come before"):
            change_dates(
                session,
                [GET],
                deprecated_on=date(2027, 6, 1),
                sunset_on=date(2027, 1, 1),
                actor="a",
                reason="r",
            )

    def test_a_sunset_needs_a_deprecation(self, session: Session) -> None:
        with pytest.raises(ChangeRefused, match="needs a deprecation"):
            change_dates(
                session,
                [GET],
                deprecated_on=None,
                sunset_on=date(2027, 1, 1),
                actor="a",
                reason="r",
            )

    def test_dates_can_be_cleared(self, session: Session) -> None:
        change_dates(
            session, [GET], deprecated_on=date(2027, 1, 1), sunset_on=None, actor="a", reason="r"
        )
        change_dates(session, [GET], deprecated_on=None, sunset_on=None, actor="a", reason="r")
        assert read_snapshot(session).of(GET.id).deprecated_on is None
