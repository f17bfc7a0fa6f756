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
from shared_db.models import KojiTagRequestGroup, KojiTagRequestTarget

CASES = [
    RouteCase(
        name="koji-tag-requests list",
        rule="/koji-tag-requests",
        path="/koji-tag-requests?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "koji-tag-requests 3-4/*"},
        keys={
            "packit_id": INT,
            "task_id": OPT_STR,
            "tag_request_submitted_time": INT,
            "chroot": STR,
            "sidetag": OPT_STR,
            "nvr": OPT_STR,
            "web_url": OPT_STR,
            "pr_id": OPT_INT,
            "branch_name": OPT_STR,
            "release": OPT_STR,
            "project_url": OPT_STR,
            "repo_namespace": OPT_STR,
            "repo_name": OPT_STR,
        },
    ),
    RouteCase(
        name="koji-tag-requests list bad per_page",
        rule="/koji-tag-requests",
        path="/koji-tag-requests?per_page=3",
        status=400,
        keys={"errors": DICT, "message": STR},
    ),
    RouteCase(
        name="koji-tag-requests detail",
        rule="/koji-tag-requests/<int:id>",
        path="/koji-tag-requests/{id}",
        lookup=select(func.max(KojiTagRequestTarget.id).label("id")),
        keys={
            "task_id": OPT_STR,
            "chroot": STR,
            "sidetag": OPT_STR,
            "nvr": OPT_STR,
            "tag_request_submitted_time": INT,
            "commit_sha": OPT_STR,
            "web_url": OPT_STR,
            "run_ids": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="koji-tag-requests detail unknown",
        rule="/koji-tag-requests/<int:id>",
        path="/koji-tag-requests/999999999",
        status=404,
        json={"error": "No info about tagging request stored in DB"},
    ),
    RouteCase(
        name="koji-tag-requests group",
        rule="/koji-tag-requests/groups/<int:id>",
        path="/koji-tag-requests/groups/{id}",
        lookup=select(func.min(KojiTagRequestGroup.id).label("id")),
        keys={
            "submitted_time": INT,
            "run_ids": LIST,
            "tag_request_target_ids": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="koji-tag-requests group unknown",
        rule="/koji-tag-requests/groups/<int:id>",
        path="/koji-tag-requests/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
]
