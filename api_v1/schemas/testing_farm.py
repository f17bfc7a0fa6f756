"""Testing Farm: test runs (one per chroot), their groups, and result notifications.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``; the list item also gives ``group_id``;
- ``target`` (list) / ``chroot`` (detail) → ``chroot``;
- ``submitted_time`` (epoch seconds) → ``submitted_time`` (ISO 8601, UTC);
- ``ref`` (list) / ``commit_sha`` (detail), ``pr_id``, ``repo_namespace``, ``repo_name``,
  ``project_url`` and the rest of the project info block → ``trigger``;
- groups' ``test_target_ids`` → ``target_ids``;
- the notification answer is ``{"message": …}`` instead of a bare JSON string; a bad token
  is an ErrorRead 401, a body that is no JSON object (legacy 400) is a 422.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import Field, SecretStr

from api_v1.params import NO_NUL
from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from api_v1.schemas.groups import GroupRead
from shared_db.models import TestingFarmResult, TFTTestRunTarget
from shared_db.queries.events import trigger_of

ACCEPTED = "Test results accepted"


class TFTRunRead(Schema):
    """One test run: one Testing Farm request, in one chroot."""

    id: int = Field(description="Packit id of the test run", examples=[2048])
    group_id: int = Field(description="The group of test runs it belongs to")
    pipeline_id: str | None = Field(
        description="Testing Farm's request id", examples=["614d240a-1e27-4758-ad6a-ed3d34281924"]
    )
    chroot: str = Field(examples=["fedora-rawhide-x86_64"])
    status: TestingFarmResult
    web_url: str | None = Field(
        description="The request's artifacts",
        examples=["https://artifacts.testing-farm.io/614d240a-1e27-4758-ad6a-ed3d34281924"],
    )
    submitted_time: Timestamp
    trigger: TriggerRead

    @classmethod
    def of_row(cls, r: Mapping[str, Any]) -> TFTRunRead:
        """From a row (as a dict: ``row_dicts``) of
        :func:`shared_db.queries.testing_farm.tft_run_rows`."""
        return cls.model_validate(
            {
                "id": r["id"],
                "group_id": r["group_id"],
                "pipeline_id": r["pipeline_id"],
                "chroot": r["target"],
                "status": r["status"],
                "web_url": r["web_url"],
                "submitted_time": r["submitted_time"],
                "trigger": trigger_fields(r),
            }
        )


class TFTRunDetailRead(TFTRunRead):
    """One test run with the builds it tested and the runs it is part of."""

    copr_build_ids: list[int] = Field(description="Copr builds (chroot builds) it tested")
    koji_build_ids: list[int] = Field(description="Koji builds it tested")
    run_ids: list[int] = Field(description="Runs (pipelines) of its group, ascending")

    @classmethod
    def of(cls, run: TFTTestRunTarget) -> TFTRunDetailRead:
        """From :func:`shared_db.queries.testing_farm.get_test_run`'s loaded run."""
        return cls(
            id=run.id,
            group_id=run.group_id,
            pipeline_id=run.pipeline_id,
            chroot=run.target,
            status=run.status,
            web_url=run.web_url,
            submitted_time=run.submitted_time,
            trigger=TriggerRead.of(trigger_of(run.group.project_event)),
            copr_build_ids=sorted(build.id for build in run.copr_builds),
            koji_build_ids=sorted(build.id for build in run.koji_builds),
            run_ids=sorted(pipeline.id for pipeline in run.group.pipelines),
        )


class TFTRunGroupRead(GroupRead):
    """The test runs one event's test job made."""

    target_ids: list[int] = Field(description="Ids of its test runs, ascending")


# --- Result notifications (request bodies in Testing Farm's own shape)


class NotificationResult(Schema):
    overall: str | None = Field(
        default=None,
        max_length=64,
        pattern=NO_NUL,
        description="The request's overall result, once it ended",
        examples=["passed"],
    )


class NotificationRun(Schema):
    artifacts: str | None = Field(
        default=None,
        max_length=4096,
        pattern=NO_NUL,
        description="URL of the request's artifacts (longer than 512 characters: ignored)",
        examples=["https://artifacts.testing-farm.io/614d240a-1e27-4758-ad6a-ed3d34281924"],
    )


class ResultNotification(Schema):
    """Testing Farm's news about one of its requests; other keys are ignored."""

    token: SecretStr = Field(
        max_length=1024,
        description="The shared secret that authenticates the notification",
        examples=["HERE-IS-A-VALID-TOKEN"],
    )
    request_id: str = Field(
        min_length=1,
        max_length=64,
        pattern=NO_NUL,
        description="Testing Farm's request id (a test run's `pipeline_id`)",
        examples=["614d240a-1e27-4758-ad6a-ed3d34281924"],
    )
    state: str | None = Field(
        default=None,
        max_length=64,
        pattern=NO_NUL,
        description="The request's state (`queued`, `running`, `complete`, `error`, …)",
        examples=["complete"],
    )
    result: NotificationResult | None = None
    run: NotificationRun | None = None

    def payload(self) -> dict[str, Any]:
        """The notification as the JSON object Testing Farm posted (the shape the shared
        verification and recording read), token revealed, unset keys left out."""
        return {
            **self.model_dump(exclude_none=True, exclude={"token"}),
            "token": self.token.get_secret_value(),
        }


class NotificationAcceptedRead(Schema):
    """The same answer for every authenticated notification, whatever it matched."""

    message: str = Field(examples=[ACCEPTED])
