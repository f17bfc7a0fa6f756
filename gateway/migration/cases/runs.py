"""runs: merged runs (list and one) and single runs."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from gateway.migration.cases import DICT, INT, LIST, OPT_DICT, OPT_INT, RouteCase, TypeSpec
from shared_db.models import Pipeline

NOT_FOUND = {"error": "No run has been found in DB"}
_EARLIER = aliased(Pipeline)
# A run that is not the head of its merged run: another run of its SRPM build is older.
LATER_RUN_OF_A_MERGED_RUN = select(func.max(Pipeline.id).label("id")).where(
    select(_EARLIER.id)
    .where(_EARLIER.srpm_build_id == Pipeline.srpm_build_id, _EARLIER.id < Pipeline.id)
    .exists()
)

MERGED_RUN: dict[str, TypeSpec] = {
    "merged_run_id": INT,
    "srpm": OPT_DICT,
    "copr": LIST,
    "koji": LIST,
    "test_run": LIST,
    "propose_downstream": LIST,
    "pull_from_upstream": LIST,
    "bodhi_update": LIST,
    "vm_image_build": LIST,
    "time_submitted": INT,
    "trigger": DICT,
}

CASES = [
    RouteCase(
        name="runs list",
        rule="/runs",
        path="/runs?page=3&per_page=10",
        status=206,
        list_of=True,
        headers={"Content-Range": "runs 21-30/*"},
        keys=MERGED_RUN,
    ),
    RouteCase(
        name="runs merged",
        rule="/runs/merged/<int:id>",
        path="/runs/merged/{id}",
        lookup=select(func.min(Pipeline.id).label("id")).where(Pipeline.srpm_build_id.is_not(None)),
        keys=MERGED_RUN,
    ),
    RouteCase(
        name="runs merged by a later run of it",
        rule="/runs/merged/<int:id>",
        path="/runs/merged/{id}",
        lookup=LATER_RUN_OF_A_MERGED_RUN,
        keys=MERGED_RUN,
    ),
    RouteCase(
        name="runs bad per_page",
        rule="/runs",
        path="/runs?per_page=3",
        status=400,
    ),
    RouteCase(
        name="runs merged unknown",
        rule="/runs/merged/<int:id>",
        path="/runs/merged/999999999",
        status=404,
        json=NOT_FOUND,
    ),
    RouteCase(
        name="runs detail",
        rule="/runs/<int:id>",
        path="/runs/{id}",
        lookup=select(func.max(Pipeline.id).label("id")),
        keys={
            "run_id": INT,
            "trigger": DICT,
            "srpm_build_id": OPT_INT,
            "copr_build_group_id": OPT_INT,
            "koji_build_group_id": OPT_INT,
            "test_run_group_id": OPT_INT,
            "bodhi_update_group_id": OPT_INT,
        },
    ),
    RouteCase(
        name="runs detail unknown",
        rule="/runs/<int:id>",
        path="/runs/999999999",
        status=404,
        json=NOT_FOUND,
    ),
]
