from sqlalchemy import func, select

from gateway.migration.cases import (
    INT,
    LIST,
    OPT_DICT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    RouteCase,
    TypeSpec,
)
from shared_db.models import LogDetectiveRun, LogDetectiveRunGroup

RUN_KEYS: dict[str, TypeSpec] = {
    "packit_id": INT,
    "analysis_id": STR,
    "status": STR,
    "chroot": STR,
    "commit_sha": OPT_STR,
    "log_detective_response": OPT_DICT,
    "error_msg": OPT_STR,
    "target_build": OPT_STR,
    "run_ids": LIST,
    "submitted_time": INT,
}

CASES = [
    RouteCase(
        name="log-detective list",
        rule="/log-detective",
        path="/log-detective?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "log-detective-results 3-4/*"},
        keys=RUN_KEYS,
    ),
    RouteCase(
        name="log-detective list past the end",
        rule="/log-detective",
        path="/log-detective?page=1000&per_page=50",
        status=206,
        headers={"Content-Range": "log-detective-results 49951-50000/*"},
        json=[],
    ),
    RouteCase(
        name="log-detective list bad per_page",
        rule="/log-detective",
        path="/log-detective?per_page=3",
        status=400,
    ),
    RouteCase(
        name="log-detective detail",
        rule="/log-detective/<int:id>",
        path="/log-detective/{id}",
        lookup=select(func.max(LogDetectiveRun.id).label("id")),
        keys={**RUN_KEYS, **PROJECT_INFO},
    ),
    RouteCase(
        name="log-detective detail unknown",
        rule="/log-detective/<int:id>",
        path="/log-detective/999999999",
        status=404,
        json={"error": "No info about Log Detective run stored in DB"},
    ),
    RouteCase(
        name="log-detective group",
        rule="/log-detective/groups/<int:id>",
        path="/log-detective/groups/{id}",
        lookup=select(func.min(LogDetectiveRunGroup.id).label("id")),
        keys={
            "packit_id": INT,
            "submitted_time": INT,
            "run_ids": LIST,
            "log_detective_target_ids": LIST,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="log-detective group unknown",
        rule="/log-detective/groups/<int:id>",
        path="/log-detective/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
]
