from sqlalchemy import func, select

from gateway.migration.cases import (
    DICT,
    INT,
    LIST,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
)
from shared_db.models import SRPMBuild

CASES = [
    RouteCase(
        name="srpm-builds list",
        rule="/srpm-builds",
        path="/srpm-builds?page=2&per_page=20",
        status=206,
        list_of=True,
        headers={"Content-Range": "srpm-builds 21-40/*"},
        keys={
            "srpm_build_id": INT,
            "status": STR,
            "log_url": STR,
            "build_submitted_time": INT,
            "repo_namespace": OPT_STR,
            "repo_name": OPT_STR,
            "project_url": OPT_STR,
            "pr_id": OPT_INT,
            "branch_name": OPT_STR,
        },
    ),
    RouteCase(
        name="srpm-builds list bad per_page",
        rule="/srpm-builds",
        path="/srpm-builds?per_page=5",
        status=400,
        keys={"errors": DICT, "message": STR},
    ),
    RouteCase(
        name="srpm-builds list past the end",
        rule="/srpm-builds",
        path="/srpm-builds?page=1000&per_page=50",
        status=206,
        headers={"Content-Range": "srpm-builds 49951-50000/*"},
        json=[],
    ),
    RouteCase(
        name="srpm-builds detail",
        rule="/srpm-builds/<int:id>",
        path="/srpm-builds/{id}",
        lookup=select(func.max(SRPMBuild.id).label("id")),
        keys={
            "status": STR,
            "build_submitted_time": INT,
            "build_start_time": OPT_INT,
            "build_finished_time": OPT_INT,
            "url": OPT_STR,
            "logs": OPT_STR,
            "logs_url": OPT_STR,
            "copr_build_id": OPT_STR,
            "copr_web_url": OPT_STR,
            "run_ids": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="srpm-builds detail unknown",
        rule="/srpm-builds/<int:id>",
        path="/srpm-builds/999999999",
        status=404,
        json={"error": "No info about build stored in DB"},
    ),
]
