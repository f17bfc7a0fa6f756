"""Usage statistics (twin of the legacy `/api/usage`).

The figures come from :mod:`shared_db.queries.usage_reports`, as for the legacy routes:
from the usage summaries the usage job keeps fresh where one covers the period, else
computed in the request; every answer says when its figures were read (`as_of`).
The long reports (past-day … total, intervals) are computed in the request and stored, as
in legacy, but v1 answers them with **200 and the stored report itself** (its `id`, status,
parameters and `result`) where legacy redirects (302) to `<kind>/<id>`; the
`Content-Location` header names `/api/v1/usage/<kind>/{id}`, where the same report can be
fetched again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import (
    AwareDatetime,
    BaseModel,
    Field,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)
from pydantic.functional_validators import WrapValidator
from pydantic_core import PydanticCustomError
from sqlalchemy.orm import Session

from api_v1.deps import UnitOfWorkDep
from api_v1.errors import NOT_FOUND
from api_v1.params import MAX_ID, NO_NUL
from api_v1.router import resource_router
from api_v1.schemas.common import ProjectRead
from api_v1.schemas.usage import (
    IntervalReportRead,
    OnboardingRead,
    PastKind,
    PastReportRead,
    ProjectUsageRead,
    UsageRead,
)
from shared_db.base import OUT_OF_RANGE_IN_UTC, as_utc, utcnow
from shared_db.models import UsageReport
from shared_db.queries import usage_reports as reports
from shared_db.queries.usage import Period
from shared_db.queries.usage_summaries import Answers, projects

router = resource_router("usage")

# usage_reports.id is a 32-bit INTEGER column.
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Id of the usage report")]
Name = Annotated[str, Path(min_length=1, max_length=255, pattern=NO_NUL)]
MAX_TOP = 10_000


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_or_aware(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """ISO 8601 only (Pydantic would also take epoch numbers), and one error for the
    parameter instead of one per union member."""
    error = PydanticCustomError(
        "date_or_aware_datetime",
        "Input should be a date (YYYY-MM-DD) or a date and time with a time zone (ISO 8601)",
    )
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise error
    try:
        moment = handler(value)
    except ValidationError as invalid:
        raise error from invalid
    if isinstance(moment, datetime):
        try:
            as_utc(moment)
        except ValueError:
            raise PydanticCustomError("datetime_out_of_range", OUT_OF_RANGE_IN_UTC) from None
    return moment


Moment = Annotated[
    AwareDatetime | date, Field(union_mode="left_to_right"), WrapValidator(_date_or_aware)
]
MOMENT_EXAMPLES = ["2026-03-01", "2026-03-01T12:00:00Z"]
MOMENT_FORM = "a date (its midnight, UTC) or a date and time with a time zone (ISO 8601)"


class PeriodQuery(BaseModel):
    """The period of the usage figures: `from` and `to`, both included, open by default."""

    since: Moment | None = Field(
        None,
        alias="from",
        description=f"Start of the period, included: {MOMENT_FORM}",
        examples=MOMENT_EXAMPLES,
    )
    # After ``since``: its validator reads it.
    to: Moment | None = Field(
        None, description=f"End of the period, included: {MOMENT_FORM}", examples=MOMENT_EXAMPLES
    )

    @field_validator("to")
    @classmethod
    def _not_before_from(cls, to: date | None, info: ValidationInfo) -> date | None:
        since, until = _utc(info.data.get("since")), _utc(to)
        if since is not None and until is not None and since > until:
            raise PydanticCustomError("value_error", "Must not be earlier than `from`")
        return to


async def period(query: Annotated[PeriodQuery, Query()]) -> Period:
    return Period(_utc(query.since), _utc(query.to))


PeriodDep = Annotated[Period, Depends(period)]


def _invalid(message: str, value: object, *fields: str) -> RequestValidationError:
    """One error naming several parameters at once (no single field's validator can)."""
    return RequestValidationError(
        [
            {"loc": ("query", field), "msg": message, "type": "value_error", "input": value}
            for field in fields
        ]
    )


def _utc(moment: date | None) -> datetime | None:
    """An aware datetime in UTC; a date is its midnight (UTC), as in legacy."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.astimezone(UTC)
    return datetime(moment.year, moment.month, moment.day, tzinfo=UTC)


# Encoded answers, kept by this process: those made from summaries while their
# summaries stay (keys start with the summaries' version), and finished reports, which
# never change, by their uid. An answer of every project is large; encoding it (and, for
# a report, reading its result) was most of such a request.
_usage_bodies: Answers[tuple[str, int | None], bytes] = Answers()
_onboarding_bodies: Answers[tuple[str, str], bytes] = Answers(8)
_report_bodies: Answers[str, bytes] = Answers(16)


def encoded(model: BaseModel) -> bytes:
    """The JSON FastAPI writes for a response model: pydantic's, by alias."""
    return model.__pydantic_serializer__.to_json(model, by_alias=True)


def _json(body: bytes, headers: dict[str, str] | None = None) -> Response:
    return Response(body, media_type="application/json", headers=headers)


def _report_body(report: UsageReport, read: Callable[[UsageReport], BaseModel]) -> bytes:
    """``read(report)`` encoded; kept by the report's uid once it is finished."""
    return _report_bodies.get(reports.kept_as(report), lambda: encoded(read(report)))


def _usage(session: Session, period: Period, top: int | None) -> bytes:
    answer = reports.usage(session, period, top)
    return _usage_bodies.get(
        answer.key(top), lambda: encoded(UsageRead.of(answer.figures, answer.as_of))
    )


def _project_usage(session: Session, project: ProjectRead, period: Period) -> ProjectUsageRead:
    answer = reports.project(session, project.url, period)
    return ProjectUsageRead.of(project, answer.figures, answer.as_of)


def onboarding(session: Session) -> OnboardingRead:
    """The onboarding lists (what the legacy view shows)."""
    known = projects(session, utcnow())
    return OnboardingRead.of(known.figures.onboarding, known.as_of)


def _onboarding(session: Session) -> bytes:
    known = projects(session, utcnow())
    return _onboarding_bodies.get(
        known.key("onboarding"),
        lambda: encoded(OnboardingRead.of(known.figures.onboarding, known.as_of)),
    )


@router.get("", response_model=UsageRead)
async def read_usage(
    uow: UnitOfWorkDep,
    period: PeriodDep,
    top: Annotated[
        int | None,
        Query(
            ge=1,
            le=MAX_TOP,
            description="Projects listed in each ranking (all by default)",
            examples=[5],
        ),
    ] = None,
) -> Response:
    """Usage of the service: projects, events handled and jobs run per kind, each with its
    top projects, in the period from `from` to `to` (both included, open by default)."""
    return _json(await uow.run_scan(_usage, period, top))


@router.get("/project/{forge}/{namespace:path}/{repo_name}", response_model=ProjectUsageRead)
async def read_project_usage(
    uow: UnitOfWorkDep,
    forge: Annotated[Name, Path(examples=["github.com"])],
    namespace: Annotated[Name, Path(examples=["packit"], description="May contain `/`")],
    repo_name: Annotated[Name, Path(examples=["ogr"])],
    period: PeriodDep,
) -> ProjectUsageRead:
    """One project's events handled and jobs run per kind, overall and per event type, and
    its position among all projects, in the period from `from` to `to`. A project unknown
    or idle in the period has counts of 0 and no position."""
    url = f"https://{forge}/{namespace}/{repo_name}"
    project = ProjectRead(forge=forge, namespace=namespace, repo_name=repo_name, url=url)
    return await uow.run_scan(_project_usage, project, period)


@router.get("/onboarded-projects", response_model=OnboardingRead)
async def read_onboarded_projects(uow: UnitOfWorkDep) -> Response:
    """Projects onboarded downstream (a successful Bodhi update or non-scratch Koji build)
    and almost onboarded ones (a pull request opened downstream, nothing built yet)."""
    return _json(await uow.run_scan(_onboarding))


def _located(request: Request, made: tuple[int, bytes], name: str) -> Response:
    """A report just made (or reused): its JSON, and where it can be fetched again."""
    report_id, body = made
    return _json(body, {"Content-Location": request.url_for(name, id=report_id).path})


def _past_report(session: Session, kind: PastKind) -> tuple[int, bytes]:
    report = reports.past_report(session, kind, utcnow())
    return report.id, _report_body(report, PastReportRead.of)


def _stored_past_report(session: Session, kind: PastKind, report_id: int) -> bytes:
    report = reports.get_report(session, kind, report_id, result=False)
    return _report_body(report, PastReportRead.of)


PAST_PERIODS: dict[PastKind, str] = {
    "past-day": "since midnight (UTC) yesterday",
    "past-week": "since midnight (UTC) 7 days ago",
    "past-month": "since midnight (UTC) 30 days ago",
    "past-year": "since midnight (UTC) 365 days ago",
    "total": "since the beginning",
}


def _past_routes(kind: PastKind) -> None:
    name = kind.replace("-", "_")

    async def make(uow: UnitOfWorkDep, request: Request) -> Response:
        """The usage report of the period, computed now and stored (or the same report
        made within the last hour): 200 with the report itself, where legacy redirects
        (302); `Content-Location` names where it can be fetched again by id. `result`
        holds the active projects, jobs run per kind with their 5 top projects, and the
        number of projects onboarded downstream."""
        made = await uow.run_scan(_past_report, kind)
        return _located(request, made, f"read_usage_{name}_report")

    async def read(uow: UnitOfWorkDep, id: Id) -> Response:
        """A stored usage report of the period, by id (whatever its status; `result` is
        null unless it is `done`). 404 for an unknown id or one of another kind."""
        return _json(await uow.run(_stored_past_report, kind, id))

    period = PAST_PERIODS[kind]
    routes: list[tuple[str, str, Callable[..., Coroutine[Any, Any, Response]], Any]] = [
        (f"/{kind}", f"usage_{name}", make, None),
        (f"/{kind}/{{id}}", f"read_usage_{name}_report", read, NOT_FOUND),
    ]
    for path, route_name, endpoint, responses in routes:
        router.add_api_route(
            path,
            endpoint,
            methods=["GET"],
            name=route_name,
            response_model=PastReportRead,
            responses=responses,
            summary=f"Usage {period}" + (", by id" if responses else ""),
        )


for _kind in PAST_PERIODS:
    _past_routes(_kind)


def _interval_report(session: Session, days: int, hours: int, count: int) -> tuple[int, bytes]:
    report = reports.interval_report(session, days=days, hours=hours, count=count, now=utcnow())
    return report.id, _report_body(report, IntervalReportRead.of)


def _stored_interval_report(session: Session, report_id: int) -> bytes:
    report = reports.get_report(session, reports.INTERVALS, report_id, result=False)
    return _report_body(report, IntervalReportRead.of)


@router.get("/intervals", response_model=IntervalReportRead)
async def usage_intervals(
    uow: UnitOfWorkDep,
    request: Request,
    days: Annotated[
        int | None,
        Query(ge=0, le=36_525, description="Interval length: days (default 0)", examples=[7]),
    ] = None,
    hours: Annotated[
        int | None,
        Query(
            ge=0,
            le=reports.MAX_SPAN_HOURS,
            description="Interval length: hours (default 0)",
            examples=[0],
        ),
    ] = None,
    count: Annotated[
        int,
        Query(ge=1, le=reports.MAX_INTERVALS, description="Number of intervals", examples=[52]),
    ] = 10,
) -> Response:
    """Chart data: `count` intervals of `days` days and `hours` hours, the last ending at
    the current whole hour (UTC): events handled, jobs run, active and onboarded projects
    per interval. E.g. `days=7&count=52` for weekly data of the last year, `hours=1&count=24`
    for hourly data of the last day. With neither `days` nor `hours` the intervals are
    days (legacy refuses that). The interval must not be empty and the chart must cover at
    most 100 years (else 422).

    Computed now and stored (or the same chart made within the last hour): 200 with the
    report itself, where legacy redirects (302); `Content-Location` names
    `/api/v1/usage/intervals/{id}`, where it can be fetched again.
    """
    if days is None and hours is None:
        days = 1
    days, hours = days or 0, hours or 0
    if days == hours == 0:
        raise _invalid("The interval must not be empty", 0, "days", "hours")
    if (24 * days + hours) * count > reports.MAX_SPAN_HOURS:
        message = "The intervals must cover 100 years at most"
        raise _invalid(message, None, "days", "hours", "count")
    made = await uow.run_scan(_interval_report, days, hours, count)
    return _located(request, made, "read_usage_intervals_report")


@router.get(
    "/intervals/{id}",
    response_model=IntervalReportRead,
    name="read_usage_intervals_report",
    responses=NOT_FOUND,
)
async def read_usage_intervals_report(uow: UnitOfWorkDep, id: Id) -> Response:
    """A stored intervals report, by id (whatever its status; `result` is null unless it is
    `done`). 404 for an unknown id."""
    return _json(await uow.run(_stored_interval_report, id))
