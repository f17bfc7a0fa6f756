from sqlalchemy import func, select

from gateway.migration.cases import (
    DICT,
    INT,
    LIST,
    OPT_INT,
    OPT_LIST,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
)
from shared_db.models import CoprBuildGroup, CoprBuildTarget

NOT_FOUND = {"error": "No info about build stored in DB"}

CASES = [
    RouteCase(
        name="copr-builds list",
        rule="/copr-builds",
        path="/copr-builds?page=2&per_page=20",
        status=206,
        list_of=True,
        headers={"Content-Range": "copr-builds 21-40/*"},
        keys={
            "packit_id": INT,
            "project": STR,
            "build_id": STR,
            "status_per_chroot": DICT,
            "packit_id_per_chroot": DICT,
            "build_submitted_time": INT,
            "web_url": OPT_STR,
            "ref": OPT_STR,
            "pr_id": OPT_INT,
            "branch_name": OPT_STR,
            "repo_namespace": STR,
            "repo_name": STR,
            "project_url": STR,
        },
    ),
    RouteCase(
        name="copr-builds detail",
        rule="/copr-builds/<int:id>",
        path="/copr-builds/{id}",
        lookup=select(func.max(CoprBuildTarget.id).label("id")),
        keys={
            "build_id": STR,
            "status": STR,
            "chroot": STR,
            "build_submitted_time": INT,
            "build_start_time": OPT_INT,
            "build_finished_time": OPT_INT,
            "commit_sha": OPT_STR,
            "web_url": OPT_STR,
            "build_logs_url": OPT_STR,
            "copr_project": STR,
            "copr_owner": STR,
            "srpm_build_id": OPT_INT,
            "run_ids": LIST,
            "built_packages": OPT_LIST,
            "log_detective_runs": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="copr-builds detail unknown",
        rule="/copr-builds/<int:id>",
        path="/copr-builds/999999999",
        status=404,
        json=NOT_FOUND,
    ),
    RouteCase(
        name="copr-builds group",
        rule="/copr-builds/groups/<int:id>",
        path="/copr-builds/groups/{id}",
        lookup=select(func.min(CoprBuildGroup.id).label("id")),
        keys={"submitted_time": INT, "run_ids": LIST, "build_target_ids": LIST, **PROJECT_INFO},
    ),
    RouteCase(
        name="copr-builds group unknown",
        rule="/copr-builds/groups/<int:id>",
        path="/copr-builds/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
    RouteCase(
        name="copr-builds list with a trailing slash",
        rule="/copr-builds",
        path="/copr-builds/",
        status=404,  # werkzeug's page for a path no rule matches: no redirect
        headers={"Content-Type": "text/html; charset=utf-8"},
    ),
]
