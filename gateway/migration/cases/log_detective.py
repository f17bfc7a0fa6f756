"""log-detective: analyses of failed builds' logs, and their groups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
from shared_db.models import LogDetectiveResult, LogDetectiveRun, LogDetectiveRunGroup

# corrected 2026-12-01: every row of the list carries the project info block too (the
# dashboard's Forge and Trigger columns read it), so list rows and details are one shape.
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
    **PROJECT_INFO,
}


def dashboard_readable(run: Mapping[str, Any]) -> None:
    """``log_detective_response`` as the dashboard reads it: ``explanation.text``,
    ``no_issue_found``, ``solution`` (null or with its ``text``) and ``snippets[]``, each
    with ``text``, ``line_number``, ``source_file`` and maybe ``snippet_analysis``."""
    answer = run["log_detective_response"]
    if answer is None:
        assert run["status"] != "complete", f"analysis {run['packit_id']} is complete, no answer"
        return
    assert set(answer) == {"explanation", "no_issue_found", "solution", "snippets"}, answer
    assert isinstance(answer["explanation"]["text"], str)
    assert isinstance(answer["no_issue_found"], bool)
    assert answer["solution"] is None or isinstance(answer["solution"]["text"], str)
    assert isinstance(answer["snippets"], list)
    assert answer["snippets"], "the dashboard lists the snippets the explanation rests on"
    for snippet in answer["snippets"]:
        assert set(snippet) - {"snippet_analysis"} == {"text", "line_number", "source_file"}
        assert isinstance(snippet["text"], str)
        assert isinstance(snippet["line_number"], int)
        assert isinstance(snippet["source_file"], str)
        assert isinstance(snippet.get("snippet_analysis", ""), str)


CASES = [
    RouteCase(
        name="log-detective list",
        rule="/log-detective",
        path="/log-detective?page=2&per_page=2",
        status=206,
        list_of=True,
        headers={"Content-Range": "log-detective-results 3-4/*"},
        keys=RUN_KEYS,
        checks=(dashboard_readable,),
    ),
    RouteCase(
        name="log-detective list, all seeded analyses readable by the dashboard",
        rule="/log-detective",
        path="/log-detective?per_page=50",
        status=206,
        list_of=True,
        headers={"Content-Range": "log-detective-results 1-50/*"},
        keys=RUN_KEYS,
        checks=(dashboard_readable,),
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
        keys=RUN_KEYS,
        checks=(dashboard_readable,),
    ),
    RouteCase(
        name="log-detective detail of a complete analysis",
        rule="/log-detective/<int:id>",
        path="/log-detective/{id}",
        lookup=select(func.max(LogDetectiveRun.id).label("id")).where(
            LogDetectiveRun.status == LogDetectiveResult.complete
        ),
        keys=RUN_KEYS,
        checks=(dashboard_readable,),
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
