"""Log Detective: one analysis of a failed build's logs, and groups of them.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``; items also give ``group_id``;
- ``target_build`` → ``build_id`` (the build system's id of the analysed build), next to
  the new ``build_system``, ``copr_build_id`` and ``koji_build_id`` (Packit ids);
- ``log_detective_response`` → ``response``; ``error_msg`` → ``error_message``;
- ``submitted_time`` (epoch seconds) → ISO 8601 (UTC);
- ``commit_sha`` and the detail's project info block → ``trigger`` (the list's items
  carry it too, so the list and the detail are the same shape);
- groups' ``packit_id`` → ``id``; ``log_detective_target_ids`` → ``target_ids``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from api_v1.schemas.groups import GroupRead
from shared_db.models import BuildSystem, LogDetectiveResult, LogDetectiveRun
from shared_db.queries.events import trigger_of


class LogDetectiveRunRead(Schema):
    """One Log Detective analysis of a failed build in one chroot."""

    id: int = Field(description="Packit id of the analysis", examples=[17])
    group_id: int = Field(description="The group of analyses it belongs to")
    analysis_id: str = Field(
        description="Log Detective's id of the analysis",
        examples=["5b0f7c1e-8a4d-4c3b-9e2f-0d6a1b2c3d4e"],
    )
    status: LogDetectiveResult
    chroot: str = Field(description="Chroot of the analysed build", examples=["fedora-41-x86_64"])
    build_system: BuildSystem = Field(description="Where the analysed build ran")
    build_id: str | None = Field(
        description="The analysed build's id in its build system", examples=["8123456"]
    )
    copr_build_id: int | None = Field(description="Packit id of the analysed Copr build")
    koji_build_id: int | None = Field(description="Packit id of the analysed Koji build")
    response: dict[str, Any] | None = Field(
        description="Log Detective's answer, when complete: `explanation.text`,"
        " `no_issue_found`, `solution` (null or with its `text`) and `snippets[]`"
        " (`text`, `line_number`, `source_file`, maybe `snippet_analysis`)",
        examples=[
            {
                "explanation": {"text": "The %check section failed: a test needs network."},
                "no_issue_found": False,
                "solution": {"text": "Skip the tests that reach the network."},
                "snippets": [
                    {
                        "text": "FAILED tests/test_remote.py::test_fetch - ConnectionError",
                        "line_number": 1482,
                        "source_file": "builder-live.log",
                        "snippet_analysis": "A test tried to open a network connection.",
                    }
                ],
            }
        ],
    )
    error_message: str | None = Field(examples=["Log Detective timed out"])
    submitted_time: Timestamp
    run_ids: list[int] = Field(description="Runs (pipelines) of its group, ascending")
    trigger: TriggerRead

    @classmethod
    def of_row(cls, row: Any, run_ids: list[int]) -> LogDetectiveRunRead:
        """From a row of :func:`shared_db.queries.log_detective.log_detective_rows` and
        its group's run ids."""
        return cls(
            id=row.id,
            group_id=row.group_id,
            analysis_id=row.analysis_id,
            status=row.status,
            chroot=row.target,
            build_system=row.build_system,
            build_id=row.target_build,
            copr_build_id=row.copr_build_target_id,
            koji_build_id=row.koji_build_target_id,
            response=row.log_detective_response,
            error_message=row.error_msg,
            submitted_time=row.submitted_time,
            run_ids=run_ids,
            trigger=TriggerRead.model_validate(trigger_fields(row._mapping)),
        )

    @classmethod
    def of(cls, run: LogDetectiveRun) -> LogDetectiveRunRead:
        """From :func:`shared_db.queries.log_detective.get_log_detective_run`'s analysis."""
        return cls(
            id=run.id,
            group_id=run.group_id,
            analysis_id=run.analysis_id,
            status=run.status,
            chroot=run.target,
            build_system=run.build_system,
            build_id=run.target_build,
            copr_build_id=run.copr_build_target_id,
            koji_build_id=run.koji_build_target_id,
            response=run.log_detective_response,
            error_message=run.error_msg,
            submitted_time=run.submitted_time,
            run_ids=sorted(pipeline.id for pipeline in run.group.pipelines),
            trigger=TriggerRead.of(trigger_of(run.group.project_event)),
        )


class LogDetectiveGroupRead(GroupRead):
    """The analyses one event's Log Detective job made."""

    target_ids: list[int] = Field(description="Ids of its analyses, ascending")
