from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import func, select

from gateway.migration.cases import (
    BOOL,
    DICT,
    INT,
    LIST,
    OPT_DICT,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
    TypeSpec,
)
from shared_db.models import KojiBuildGroup, KojiBuildTarget

LIST_KEYS: dict[str, TypeSpec] = {
    "packit_id": INT,
    "task_id": OPT_STR,
    "scratch": BOOL,
    "status": STR,
    "build_submitted_time": INT,
    "chroot": STR,
    "web_url": OPT_STR,
    "build_logs_urls": OPT_DICT,
    "pr_id": OPT_INT,
    "branch_name": OPT_STR,
    "release": OPT_STR,
    # Every seeded event has a git project, so every item carries these.
    "project_url": OPT_STR,
    "repo_namespace": OPT_STR,
    "repo_name": OPT_STR,
}


def scratch_is(wanted: bool) -> Callable[[Mapping[str, Any]], None]:
    def check(build: Mapping[str, Any]) -> None:
        assert build["scratch"] is wanted, f"build {build['packit_id']}: scratch={wanted} asked"

    return check


CASES = [
    RouteCase(
        name="koji-builds list",
        rule="/koji-builds",
        path="/koji-builds?page=2&per_page=20",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 21-40/*"},
        keys=LIST_KEYS,
    ),
    RouteCase(
        name="koji-builds list scratch only",
        rule="/koji-builds",
        path="/koji-builds?scratch=true",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 1-10/*"},
        keys=LIST_KEYS,
        checks=(scratch_is(True),),
    ),
    RouteCase(
        name="koji-builds list scratch only page 2",
        rule="/koji-builds",
        path="/koji-builds?scratch=true&page=2&per_page=10",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 11-20/*"},
        keys=LIST_KEYS,
    ),
    RouteCase(
        name="koji-builds list production only",
        rule="/koji-builds",
        path="/koji-builds?scratch=False&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 1-2/*"},
        keys=LIST_KEYS,
        checks=(scratch_is(False),),
    ),
    # corrected 2026-12-01: any value but "true" (any letter case) lists production builds.
    RouteCase(
        name="koji-builds list scratch in capitals",
        rule="/koji-builds",
        path="/koji-builds?scratch=TRUE&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 1-2/*"},
        keys=LIST_KEYS,
        checks=(scratch_is(True),),
    ),
    RouteCase(
        name="koji-builds list scratch not true",
        rule="/koji-builds",
        path="/koji-builds?scratch=maybe&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 1-2/*"},
        keys=LIST_KEYS,
        checks=(scratch_is(False),),
    ),
    RouteCase(
        name="koji-builds list scratch empty",
        rule="/koji-builds",
        path="/koji-builds?scratch=&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-builds 1-2/*"},
        keys=LIST_KEYS,
        checks=(scratch_is(False),),
    ),
    RouteCase(
        name="koji-builds list bad per_page",
        rule="/koji-builds",
        path="/koji-builds?per_page=7",
        status=400,
        keys={"errors": DICT, "message": STR},
    ),
    RouteCase(
        name="koji-builds detail",
        rule="/koji-builds/<int:id>",
        path="/koji-builds/{id}",
        lookup=select(func.max(KojiBuildTarget.id).label("id")),
        keys={
            "task_id": OPT_STR,
            "status": STR,
            "chroot": STR,
            "scratch": BOOL,
            "build_start_time": OPT_INT,
            "build_finished_time": OPT_INT,
            "build_submitted_time": INT,
            "commit_sha": OPT_STR,
            "web_url": OPT_STR,
            "build_logs_urls": OPT_DICT,
            "srpm_build_id": OPT_INT,
            "run_ids": LIST,
            "build_submission_stdout": OPT_STR,
            "error_message": OPT_STR,
            "log_detective_runs": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="koji-builds detail unknown",
        rule="/koji-builds/<int:id>",
        path="/koji-builds/999999999",
        status=404,
        json={"error": "No info about build stored in DB"},
    ),
    RouteCase(
        name="koji-builds group",
        rule="/koji-builds/groups/<int:id>",
        path="/koji-builds/groups/{id}",
        lookup=select(func.min(KojiBuildGroup.id).label("id")),
        keys={"submitted_time": INT, "run_ids": LIST, "build_target_ids": LIST, **PROJECT_INFO},
    ),
    RouteCase(
        name="koji-builds group unknown",
        rule="/koji-builds/groups/<int:id>",
        path="/koji-builds/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
]
