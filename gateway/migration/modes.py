"""Each legacy operation's mode and dates: stored in the database, changed with an audit
row, and read by every worker into a snapshot it routes by.

A change is a transaction (``gateway migration set`` / ``deprecate``); workers poll the
table every ``mode_refresh_seconds`` (a handful of rows), so every worker and every host
follows a change within that delay, and a request routes by the snapshot it started with.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import anyio
from sqlalchemy import select
from sqlalchemy.orm import Session

from api_v1.legacy.routing import LegacyOperation
from gateway.background import in_session
from gateway.migration.traffic import retire_problems
from shared_db.base import utcnow
from shared_db.engine import Database
from shared_db.models import MigrationMode, ModeChange, OperationState, ParityEvidence

logger = logging.getLogger(__name__)

Mode = MigrationMode


@dataclass(frozen=True, slots=True)
class OperationSettings:
    mode: Mode = Mode.legacy
    shadow_rate: float = 0.0
    deprecated_on: date | None = None
    sunset_on: date | None = None
    shadow_aa: bool = False  # shadow compares Flask with itself (measures the noise)


LEGACY = OperationSettings()


@dataclass(frozen=True, slots=True)
class ModeSnapshot:
    """The modes as one read found them; operations without a row are ``legacy``."""

    states: dict[str, OperationSettings] = field(default_factory=dict)
    read_at: float = 0.0

    def of(self, operation_id: str) -> OperationSettings:
        return self.states.get(operation_id, LEGACY)


def read_snapshot(session: Session) -> ModeSnapshot:
    rows = session.scalars(select(OperationState))
    return ModeSnapshot(
        {
            row.operation_id: OperationSettings(
                row.mode, row.shadow_rate, row.deprecated_on, row.sunset_on, row.shadow_aa
            )
            for row in rows
        },
        time.monotonic(),
    )


class ChangeRefused(RuntimeError):
    """A change the gates do not allow (without ``--force``)."""


def latest_evidence(session: Session, operation_ids: Iterable[str]) -> dict[str, ParityEvidence]:
    """The newest parity evidence of each operation that has some."""
    found: dict[str, ParityEvidence] = {}
    rows = session.scalars(
        select(ParityEvidence)
        .where(ParityEvidence.operation_id.in_(list(operation_ids)))
        .order_by(ParityEvidence.verified_at, ParityEvidence.id)
    )
    for row in rows:
        found[row.operation_id] = row
    return found


def _state(session: Session, operation_id: str) -> OperationState:
    state = session.get(OperationState, operation_id)
    if state is None:
        state = OperationState(
            operation_id=operation_id, mode=Mode.legacy, shadow_rate=0.0, shadow_aa=False
        )
        session.add(state)
        session.flush()  # before the audit rows that refer to it
    return state


def cutover_problems(
    session: Session, operations: Sequence[LegacyOperation], code_version: str
) -> list[str]:
    """Why each operation may not be cut over: no passing evidence from this code."""
    evidence = latest_evidence(session, [operation.id for operation in operations])
    problems = []
    for operation in operations:
        found = evidence.get(operation.id)
        if found is None:
            problems.append(f"{operation.id}: no parity evidence; run `gateway migration verify`")
        elif found.code_version != code_version:
            problems.append(
                f"{operation.id}: its evidence is from code {found.code_version},"
                f" this is {code_version}; verify again"
            )
        elif not found.passed:
            problems.append(
                f"{operation.id}: its last verify failed ({found.mismatches} of"
                f" {found.cases} cases differ)"
            )
    return problems


def change_mode(
    session: Session,
    operations: Sequence[LegacyOperation],
    mode: Mode,
    *,
    actor: str,
    reason: str,
    code_version: str,
    force: bool = False,
    shadow_rate: float | None = None,
    shadow_aa: bool | None = None,
    quiet_days: int = 30,
) -> list[ModeChange]:
    """Put ``operations`` in ``mode``, one audit row each. Unless ``force`` (which the
    audit row records): ``cutover`` needs passing parity evidence recorded by
    ``code_version``; ``retired`` needs ``quiet_days`` without a call."""
    if not reason.strip():
        raise ChangeRefused("a reason is required")
    if shadow_rate is not None and not 0.0 <= shadow_rate <= 1.0:
        raise ChangeRefused(f"the shadow rate must be between 0 and 1, not {shadow_rate}")
    if mode is Mode.cutover and not force:
        problems = cutover_problems(session, operations, code_version)
        if problems:
            raise ChangeRefused(
                "cutover refused (use --force to override):\n  " + "\n  ".join(problems)
            )
    if mode is Mode.retired and not force:
        problems = retire_problems(session, operations, utcnow(), quiet_days)
        if problems:
            raise ChangeRefused(
                "retire refused (use --force to override):\n  " + "\n  ".join(problems)
            )
    changes = []
    now = utcnow()
    for operation in operations:
        state = _state(session, operation.id)
        details = []
        if shadow_rate is not None:
            details.append(f"shadow rate {state.shadow_rate:g} -> {shadow_rate:g}")
            state.shadow_rate = shadow_rate
        if shadow_aa is not None and shadow_aa != state.shadow_aa:
            details.append("shadow against Flask itself (A/A)" if shadow_aa else "shadow the view")
            state.shadow_aa = shadow_aa
        detail = "; ".join(details) or None
        change = ModeChange(
            operation_id=operation.id,
            from_mode=state.mode,
            to_mode=mode,
            changed_at=now,
            actor=actor,
            reason=reason,
            forced=force,
            detail=detail,
        )
        state.mode = mode
        state.changed_at = now
        session.add(change)
        changes.append(change)
    session.flush()
    return changes


def change_dates(
    session: Session,
    operations: Sequence[LegacyOperation],
    *,
    deprecated_on: date | None,
    sunset_on: date | None,
    actor: str,
    reason: str,
) -> list[ModeChange]:
    """Set (or, with None, clear) the deprecation and sunset dates, one audit row each."""
    if sunset_on is not None and deprecated_on is None:
        raise ChangeRefused("a sunset date needs a deprecation date")
    if sunset_on is not None and deprecated_on is not None and sunset_on < deprecated_on:
        raise ChangeRefused(
            f"the sunset ({sunset_on}) cannot come before the deprecation ({deprecated_on})"
        )
    changes = []
    now = utcnow()
    for operation in operations:
        state = _state(session, operation.id)
        detail = (
            f"deprecated {state.deprecated_on} -> {deprecated_on},"
            f" sunset {state.sunset_on} -> {sunset_on}"
        )
        state.deprecated_on, state.sunset_on, state.changed_at = deprecated_on, sunset_on, now
        change = ModeChange(
            operation_id=operation.id,
            from_mode=state.mode,
            to_mode=state.mode,
            changed_at=now,
            actor=actor,
            reason=reason or "deprecation dates",
            forced=False,
            detail=detail,
        )
        session.add(change)
        changes.append(change)
    session.flush()
    return changes


class ModeCache:
    """A worker's copy of the modes, refreshed every ``interval`` seconds (0: only when
    :meth:`refresh` is called, as tests do)."""

    def __init__(self, database: Database, interval: float) -> None:
        self._database = database
        self.interval = interval
        self.snapshot = ModeSnapshot()
        self._failures = 0

    async def refresh(self) -> ModeSnapshot:
        self.snapshot = await in_session(self._database, read_snapshot)
        return self.snapshot

    async def follow(self) -> None:
        """Refresh forever; a failed read keeps the last snapshot (logged, not raised)."""
        while self.interval > 0:
            await anyio.sleep(self.interval)
            try:
                await self.refresh()
                self._failures = 0
            except Exception as error:  # the database away: keep routing by what we know
                self._failures += 1
                if self._failures in (1, 10) or self._failures % 100 == 0:
                    logger.warning(
                        "migration modes not refreshed (%d times): %s",
                        self._failures,
                        type(error).__name__,
                    )
