from sqlalchemy import func, select

from gateway.migration.cases import (
    INT,
    LIST,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
)
from shared_db.models import BodhiUpdateGroup, BodhiUpdateTarget

CASES = [
    RouteCase(
        name="bodhi-updates list",
        rule="/bodhi-updates",
        path="/bodhi-updates?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "bodhi-updates 3-4/*"},
        keys={
            "packit_id": INT,
            "status": STR,
            "branch": STR,
            "web_url": OPT_STR,
            "koji_nvrs": OPT_STR,
            "alias": OPT_STR,
            "pr_id": OPT_INT,
            "branch_name": OPT_STR,
            "release": OPT_STR,
            "submitted_time": INT,
            "update_creation_time": OPT_INT,
            "project_url": OPT_STR,
            "repo_namespace": OPT_STR,
            "repo_name": OPT_STR,
        },
    ),
    RouteCase(
        name="bodhi-updates list bad per_page",
        rule="/bodhi-updates",
        path="/bodhi-updates?per_page=7",
        status=400,
    ),
    RouteCase(
        name="bodhi-updates detail",
        rule="/bodhi-updates/<int:id>",
        path="/bodhi-updates/{id}",
        lookup=select(func.max(BodhiUpdateTarget.id).label("id")),
        keys={
            "status": STR,
            "branch": STR,
            "web_url": OPT_STR,
            "koji_nvrs": OPT_STR,
            "alias": OPT_STR,
            "submitted_time": INT,
            "update_creation_time": OPT_INT,
            "run_ids": LIST,
            "error_message": OPT_STR,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="bodhi-updates detail unknown",
        rule="/bodhi-updates/<int:id>",
        path="/bodhi-updates/999999999",
        status=404,
        json={"error": "No info about update stored in DB"},
    ),
    RouteCase(
        name="bodhi-updates group",
        rule="/bodhi-updates/groups/<int:id>",
        path="/bodhi-updates/groups/{id}",
        lookup=select(func.min(BodhiUpdateGroup.id).label("id")),
        keys={"submitted_time": INT, "run_ids": LIST, "update_target_ids": LIST, **PROJECT_INFO},
    ),
    RouteCase(
        name="bodhi-updates group unknown",
        rule="/bodhi-updates/groups/<int:id>",
        path="/bodhi-updates/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
]
