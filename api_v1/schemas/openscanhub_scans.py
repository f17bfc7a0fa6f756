"""OpenScanHub scans: one differential scan of one Copr build.

Changes from the legacy shapes (each still carries the legacy information):
- ``packit_id`` → ``id``, given by the detail too (the legacy detail has it in the path);
- ``copr_build_target_id`` → ``copr_build_id`` (Packit id, as in ``/copr-builds/{id}``);
- ``submitted_time`` (epoch seconds) → ISO 8601 (UTC);
- the project info block of the scanned Copr build → ``trigger``.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp, TriggerRead, trigger_fields
from shared_db.models import OSHScan, OSHScanStatus
from shared_db.queries.events import trigger_of

_TASK = "https://openscanhub.fedoraproject.org/task/50312"


class OSHScanRead(Schema):
    """One OpenScanHub differential scan of a Copr build."""

    id: int = Field(description="Packit id of the scan", examples=[9])
    task_id: int | None = Field(description="OpenScanHub's task id", examples=[50312])
    status: OSHScanStatus
    url: str | None = Field(description="The task in OpenScanHub", examples=[_TASK])
    issues_added_count: int | None = Field(description="New issues the scan found", examples=[3])
    issues_added_url: str | None = Field(examples=[f"{_TASK}/log/added.html"])
    issues_fixed_url: str | None = Field(examples=[f"{_TASK}/log/fixed.html"])
    scan_results_url: str | None = Field(examples=[f"{_TASK}/log/scan-results.js"])
    copr_build_id: int = Field(description="Packit id of the scanned Copr build (chroot build)")
    submitted_time: Timestamp
    trigger: TriggerRead = Field(description="The event behind the scanned Copr build")

    @classmethod
    def of_row(cls, row: Any) -> OSHScanRead:
        """From a row of :func:`shared_db.queries.openscanhub_scans.scan_rows`."""
        return cls(
            id=row.id,
            task_id=row.task_id,
            status=row.status,
            url=row.url,
            issues_added_count=row.issues_added_count,
            issues_added_url=row.issues_added_url,
            issues_fixed_url=row.issues_fixed_url,
            scan_results_url=row.scan_results_url,
            copr_build_id=row.copr_build_target_id,
            submitted_time=row.submitted_time,
            trigger=TriggerRead.model_validate(trigger_fields(row._mapping)),
        )

    @classmethod
    def of(cls, scan: OSHScan) -> OSHScanRead:
        """From :func:`shared_db.queries.openscanhub_scans.get_scan`'s loaded scan."""
        return cls(
            id=scan.id,
            task_id=scan.task_id,
            status=scan.status,
            url=scan.url,
            issues_added_count=scan.issues_added_count,
            issues_added_url=scan.issues_added_url,
            issues_fixed_url=scan.issues_fixed_url,
            scan_results_url=scan.scan_results_url,
            copr_build_id=scan.copr_build_target_id,
            submitted_time=scan.submitted_time,
            trigger=TriggerRead.of(trigger_of(scan.copr_build_target.group.project_event)),
        )
