"""One status of the migration, read once, that every view renders (CLI table, JSON, …), so
they can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from api_v1.app import PREFIX as V1_PREFIX
from gateway.migration import modes
from gateway.migration.modes import Mode
from gateway.migration.registry import Registry


@dataclass(frozen=True, slots=True)
class Parity:
    passed: bool
    cases: int
    mismatches: int
    code_version: str
    current_code: bool
    verified_at: datetime


@dataclass(frozen=True, slots=True)
class OperationStatus:
    id: str
    group: str
    legacy: str  # "GET /copr-builds/<int:id>"
    twin: str  # "GET /api/v1/copr-builds/{id}"
    mode: Mode
    shadow_rate: float
    deprecated_on: date | None
    sunset_on: date | None
    parity: Parity | None

    def as_json(self) -> dict[str, Any]:
        parity = self.parity
        return {
            "id": self.id,
            "group": self.group,
            "legacy": self.legacy,
            "twin": self.twin,
            "mode": self.mode.value,
            "shadow_rate": self.shadow_rate,
            "deprecated_on": None if self.deprecated_on is None else self.deprecated_on.isoformat(),
            "sunset_on": None if self.sunset_on is None else self.sunset_on.isoformat(),
            "parity": None
            if parity is None
            else {
                "passed": parity.passed,
                "cases": parity.cases,
                "mismatches": parity.mismatches,
                "code_version": parity.code_version,
                "current_code": parity.current_code,
                "verified_at": parity.verified_at.isoformat(),
            },
        }


@dataclass(frozen=True, slots=True)
class MigrationStatus:
    code_version: str
    operations: list[OperationStatus]

    @property
    def moved(self) -> int:
        """Operations Flask no longer answers (cut over or retired)."""
        return sum(1 for op in self.operations if op.mode in (Mode.cutover, Mode.retired))

    def as_json(self) -> dict[str, Any]:
        return {
            "code_version": self.code_version,
            "operations_total": len(self.operations),
            "operations_moved": self.moved,
            "operations": [op.as_json() for op in self.operations],
        }


def read_status(session: Session, registry: Registry, code_version: str) -> MigrationStatus:
    snapshot = modes.read_snapshot(session)
    evidence = modes.latest_evidence(session, [op.id for op in registry.operations])
    operations = []
    for op in registry.operations:
        settings = snapshot.of(op.id)
        found = evidence.get(op.id)
        twin = registry.twin_of(op)
        operations.append(
            OperationStatus(
                id=op.id,
                group=op.group,
                legacy=op.label,
                twin=f"{op.method} {V1_PREFIX}{twin.path}",
                mode=settings.mode,
                shadow_rate=settings.shadow_rate,
                deprecated_on=settings.deprecated_on,
                sunset_on=settings.sunset_on,
                parity=None
                if found is None
                else Parity(
                    passed=found.passed,
                    cases=found.cases,
                    mismatches=found.mismatches,
                    code_version=found.code_version,
                    current_code=found.code_version == code_version,
                    verified_at=found.verified_at,
                ),
            )
        )
    return MigrationStatus(code_version, operations)
