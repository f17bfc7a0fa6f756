"""One status of the migration, read once, that every view renders (the CLI table, the
JSON, the HTML page), so they can never disagree.

Every number here was measured: modes and dates as ops set them, offline evidence from
``verify``, live parity from the shadow comparisons, traffic from the roll-up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from api_v1.app import PREFIX as V1_PREFIX
from gateway.migration import modes
from gateway.migration.modes import Mode
from gateway.migration.registry import Registry
from gateway.migration.traffic import Traffic, quiet, read_traffic
from shared_db.models import FlaskOffRun, ShadowMismatch, ShadowSummary


@dataclass(frozen=True, slots=True)
class Evidence:
    """The last offline ``verify`` of an operation."""

    passed: bool
    cases: int
    mismatches: int
    code_version: str
    current_code: bool
    verified_at: datetime


@dataclass(frozen=True, slots=True)
class LiveParity:
    """What the shadow comparisons found (``kind`` ``view``; ``aa``: Flask against itself)."""

    samples: int = 0
    matches: int = 0
    value_mismatches: int = 0
    status_mismatches: int = 0
    row_mismatches: int = 0
    view_errors: int = 0
    dropped: int = 0
    last_mismatch_at: datetime | None = None

    @property
    def mismatches(self) -> int:
        return self.samples - self.matches

    @property
    def match_percent(self) -> float | None:
        return None if self.samples == 0 else round(100.0 * self.matches / self.samples, 2)


@dataclass(frozen=True, slots=True)
class OperationStatus:
    id: str
    group: str
    legacy: str  # "GET /copr-builds/<int:id>"
    twin: str  # "GET /api/v1/copr-builds/{id}"
    writes: bool
    mode: Mode
    shadow_rate: float
    shadow_aa: bool
    deprecated_on: date | None
    sunset_on: date | None
    evidence: Evidence | None
    parity: LiveParity
    noise: LiveParity
    traffic: Traffic
    safe_to_retire: bool

    @property
    def off_flask(self) -> bool:
        return self.mode in (Mode.cutover, Mode.retired)


@dataclass(frozen=True, slots=True)
class FlaskOff:
    """The last contract run through a gateway started with Flask off."""

    passed: bool
    cases: int
    failures: list[str]
    code_version: str
    current_code: bool
    ran_at: datetime


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    code_version: str
    read_at: datetime
    quiet_days: int
    recording_since: datetime | None
    operations: list[OperationStatus]
    flask_off: FlaskOff | None

    @property
    def moved(self) -> int:
        """Operations Flask no longer answers (cut over or retired)."""
        return sum(1 for op in self.operations if op.off_flask)

    @property
    def flask_removable(self) -> bool:
        """Every operation off Flask, and the Flask-off contract run green for this code."""
        run = self.flask_off
        return (
            self.moved == len(self.operations)
            and run is not None
            and run.passed
            and run.current_code
        )

    def groups(self) -> dict[str, list[OperationStatus]]:
        grouped: dict[str, list[OperationStatus]] = defaultdict(list)
        for op in self.operations:
            grouped[op.group].append(op)
        return dict(grouped)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = _jsonable(
            {
                "code_version": self.code_version,
                "read_at": self.read_at,
                "quiet_days": self.quiet_days,
                "recording_since": self.recording_since,
                "operations_total": len(self.operations),
                "operations_off_flask": self.moved,
                "flask_removable": self.flask_removable,
                "flask_off_run": None if self.flask_off is None else asdict(self.flask_off),
                "operations": [
                    {
                        **asdict(op),
                        "mode": op.mode.value,
                        "parity": {**asdict(op.parity), "match_percent": op.parity.match_percent},
                        "noise": {**asdict(op.noise), "match_percent": op.noise.match_percent},
                        "traffic": {
                            **asdict(op.traffic),
                            "top_agents": [
                                {"user_agent": agent, "count": count}
                                for agent, count in op.traffic.top_agents
                            ],
                        },
                    }
                    for op in self.operations
                ],
            }
        )
        return document


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(inner) for inner in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _shadow(session: Session) -> dict[tuple[str, str], LiveParity]:
    return {
        (row.operation_id, row.kind): LiveParity(
            row.samples,
            row.matches,
            row.value_mismatches,
            row.status_mismatches,
            row.row_mismatches,
            row.view_errors,
            row.dropped,
            row.last_mismatch_at,
        )
        for row in session.scalars(select(ShadowSummary))
    }


def read_status(
    session: Session, registry: Registry, code_version: str, now: datetime, quiet_days: int
) -> MigrationStatus:
    snapshot = modes.read_snapshot(session)
    evidence = modes.latest_evidence(session, [op.id for op in registry.operations])
    traffic, since = read_traffic(session, now)
    shadow = _shadow(session)
    run = session.scalars(select(FlaskOffRun).order_by(FlaskOffRun.id.desc()).limit(1)).first()
    operations = []
    for op in registry.operations:
        settings = snapshot.of(op.id)
        found = evidence.get(op.id)
        used = traffic.get(op.id, Traffic())
        operations.append(
            OperationStatus(
                id=op.id,
                group=op.group,
                legacy=op.label,
                twin=f"{op.method} {V1_PREFIX}{registry.twin_of(op).path}",
                writes=op.writes,
                mode=settings.mode,
                shadow_rate=settings.shadow_rate,
                shadow_aa=settings.shadow_aa,
                deprecated_on=settings.deprecated_on,
                sunset_on=settings.sunset_on,
                evidence=None
                if found is None
                else Evidence(
                    found.passed,
                    found.cases,
                    found.mismatches,
                    found.code_version,
                    found.code_version == code_version,
                    found.verified_at,
                ),
                parity=shadow.get((op.id, "view"), LiveParity()),
                noise=shadow.get((op.id, "aa"), LiveParity()),
                traffic=used,
                safe_to_retire=quiet(used, since, now, quiet_days),
            )
        )
    flask_off = None
    if run is not None:
        flask_off = FlaskOff(
            run.passed,
            run.cases,
            run.failures,
            run.code_version,
            run.code_version == code_version,
            run.ran_at,
        )
    return MigrationStatus(code_version, now, quiet_days, since, operations, flask_off)


def mismatches(session: Session, operation_id: str, limit: int = 100) -> list[ShadowMismatch]:
    return list(
        session.scalars(
            select(ShadowMismatch)
            .where(ShadowMismatch.operation_id == operation_id)
            .order_by(ShadowMismatch.id.desc())
            .limit(limit)
        )
    )
