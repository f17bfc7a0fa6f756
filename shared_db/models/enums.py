"""Status and kind vocabularies, stored as checked strings (no native enum types to migrate)."""

from __future__ import annotations

import enum
from enum import StrEnum
from typing import Any

from sqlalchemy import Enum


class ProjectEventType(StrEnum):
    """What happened upstream and caused work."""

    pull_request = "pull_request"
    branch_push = "branch_push"
    release = "release"
    issue = "issue"
    anitya_version = "anitya_version"


class BuildStatus(StrEnum):
    """SRPM and Copr build states."""

    success = "success"
    pending = "pending"
    failure = "failure"
    error = "error"
    waiting_for_srpm = "waiting_for_srpm"
    retry = "retry"
    canceled = "canceled"


class KojiBuildState(StrEnum):
    """Koji task states as the build system reports them."""

    queued = "queued"
    pending = "pending"
    running = "running"
    success = "success"
    failure = "failure"
    error = "error"
    retry = "retry"
    canceled = "canceled"


class TestingFarmResult(StrEnum):
    __test__ = False  # not a pytest test class, whatever its name says

    new = "new"
    queued = "queued"
    running = "running"
    passed = "passed"
    failed = "failed"
    skipped = "skipped"
    error = "error"
    unknown = "unknown"
    needs_inspection = "needs_inspection"
    retry = "retry"
    complete = "complete"
    canceled = "canceled"
    cancel_requested = "cancel-requested"


class SyncReleaseStatus(StrEnum):
    running = "running"
    finished = "finished"
    error = "error"


class SyncReleaseTargetStatus(StrEnum):
    queued = "queued"
    running = "running"
    error = "error"
    retry = "retry"
    submitted = "submitted"
    skipped = "skipped"


class SyncReleaseJobType(StrEnum):
    propose_downstream = "propose_downstream"
    pull_from_upstream = "pull_from_upstream"


class BodhiUpdateStatus(StrEnum):
    queued = "queued"
    running = "running"
    success = "success"
    error = "error"
    retry = "retry"


class LogDetectiveResult(StrEnum):
    running = "running"
    complete = "complete"
    unknown = "unknown"
    error = "error"


class BuildSystem(StrEnum):
    copr = "copr"
    koji = "koji"


class OSHScanStatus(StrEnum):
    pending = "pending"
    running = "running"
    succeeded = "succeeded"
    failed = "failed"
    canceled = "canceled"


class VMImageBuildStatus(StrEnum):
    success = "success"
    pending = "pending"
    building = "building"
    uploading = "uploading"
    registering = "registering"
    failure = "failure"
    error = "error"


class AllowlistStatus(StrEnum):
    approved_automatically = "approved_automatically"
    waiting = "waiting"
    approved_manually = "approved_manually"
    denied = "denied"


class Forge(StrEnum):
    """Where a webhook delivery came from."""

    github = "github"
    gitlab = "gitlab"


class UsageReportStatus(StrEnum):
    pending = "pending"
    running = "running"
    done = "done"
    failed = "failed"


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A VARCHAR column checked against the enum's values (portable, easy to migrate)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        validate_strings=True,
        values_callable=_values,
    )


def _values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]
