from typing import Any, cast

from sqlalchemy import Select, func, select

from gateway.migration.cases import DICT, INT, RouteCase
from shared_db.models import GitProject, UsageReport

NOT_FOUND = {"error": "No usage data stored with this id"}
PAST_KINDS = ("past-day", "past-week", "past-month", "past-year", "total")


def seeded_report(kind: str) -> Select[Any]:
    return select(func.max(UsageReport.id).label("id")).where(UsageReport.kind == kind)


def report_cases(kind: str) -> list[RouteCase]:
    """``/<kind>/<id>``: a seeded report's result (the seeder's stand-in result, so only
    the status is checked here; test_usage checks real results) and an unknown id."""
    return [
        RouteCase(
            name=f"usage {kind} result",
            rule=f"/usage/{kind}/<int:id>",
            path=f"/usage/{kind}/{{id}}",
            lookup=seeded_report(kind),
        ),
        RouteCase(
            name=f"usage {kind} result unknown",
            rule=f"/usage/{kind}/<int:id>",
            path=f"/usage/{kind}/999999999",
            status=404,
            json=NOT_FOUND,
        ),
    ]


PROJECT_RULE = "/usage/project/<forge>/<path:namespace>/<repo_name>"
# RouteCase.lookup is typed for one column; this one has three.
first_project = cast(
    "Select[Any]",
    select(
        GitProject.instance_url.label("forge"),
        GitProject.namespace.label("namespace"),
        GitProject.repo_name.label("repo"),
    ).where(GitProject.id == select(func.min(GitProject.id)).scalar_subquery()),
)

CASES = [
    RouteCase(
        name="usage",
        rule="/usage",
        path="/usage?from=2025-01-01&to=2026-12-31T00:00:00%2B00:00&top=3",
        keys={"all_projects": DICT, "active_projects": DICT, "events": DICT, "jobs": DICT},
    ),
    # A period v1 refuses (basic ISO 8601, from after to) and top=0: legacy answers them.
    RouteCase(
        name="usage reversed period",
        rule="/usage",
        path="/usage?from=20261231T000000&to=2025-01-01&top=0",
        keys={"all_projects": DICT, "active_projects": DICT, "events": DICT, "jobs": DICT},
    ),
    RouteCase(
        name="usage bad date",
        rule="/usage",
        path="/usage?from=yesterday",
        status=400,
        json={"errors": ["From timestamp: invalid format"]},
    ),
    RouteCase(
        name="usage bad top",
        rule="/usage",
        path="/usage?top=many",
        status=400,
        json={"errors": ["Top: invalid format"]},
    ),
    RouteCase(
        name="usage project",
        rule=PROJECT_RULE,
        path="/usage/project/{forge}/{namespace}/{repo}",
        lookup=first_project,
        keys={"events_handled": DICT, "jobs": DICT},
    ),
    RouteCase(
        name="usage project nested namespace",
        rule=PROJECT_RULE,
        path="/usage/project/gitlab.com/group/sub/repo?from=2025-01-01",
        keys={"events_handled": DICT, "jobs": DICT},
    ),
    RouteCase(
        name="usage project bad dates",
        rule=PROJECT_RULE,
        path="/usage/project/github.com/packit/ogr?from=2022-13-01&to=soon",
        status=400,
        json={"errors": ["From timestamp: invalid format", "To timestamp: invalid format"]},
    ),
    RouteCase(
        name="usage onboarded projects",
        rule="/usage/onboarded-projects",
        path="/usage/onboarded-projects",
        keys={"onboarded": DICT, "almost_onboarded": DICT},
    ),
    RouteCase(
        name="usage past-day",
        rule="/usage/past-day",
        path="/usage/past-day",
        keys={"active_projects": DICT, "jobs": DICT, "onboarded_projects_q1_2024": INT},
    ),
    *(
        RouteCase(
            name=f"usage {kind}",
            rule=f"/usage/{kind}",
            path=f"/usage/{kind}",
            status=302,
            empty_body=True,
        )
        for kind in PAST_KINDS[1:]
    ),
    *(case for kind in PAST_KINDS for case in report_cases(kind)),
    RouteCase(
        name="usage intervals",
        rule="/usage/intervals",
        path="/usage/intervals?days=7&hours=0&count=52",
        status=302,
        empty_body=True,
    ),
    RouteCase(
        name="usage intervals bad count",
        rule="/usage/intervals",
        path="/usage/intervals?count=ten",
        status=400,
        json={"errors": ["Count: invalid format"]},
    ),
    RouteCase(
        name="usage intervals empty",
        rule="/usage/intervals",
        path="/usage/intervals",
        status=400,
        json={"errors": ["Days, hours: the interval must not be empty"]},
    ),
    RouteCase(
        name="usage intervals too long",
        rule="/usage/intervals",
        path="/usage/intervals?days=400&count=100",
        status=400,
        json={"errors": ["Days, hours, count: the intervals must cover 100 years at most"]},
    ),
    # The seeder stores no intervals report: only the unknown id can be asked for here.
    RouteCase(
        name="usage intervals result unknown",
        rule="/usage/intervals/<int:id>",
        path="/usage/intervals/999999999",
        status=404,
        json=NOT_FOUND,
    ),
]
