"""usage: usage statistics, overall and per project, and the long usage reports.

``/usage`` and ``/usage/project/...`` answer at once. The long reports (past-day …
total, intervals) are computed synchronously in the request and stored as a usage report
row (see :mod:`shared_db.queries.usage_reports`); the answers are the reference's:
``past-day`` gives the result itself, the others a 302 to ``<kind>/<id>`` (relative, as
the reference's redirect), and ``<kind>/<id>`` gives the stored result. The redirects have
no body (the reference sends Werkzeug's HTML stub, which no client reads). The figures
come from the usage summaries kept by the usage job when fresh ones cover the period
(:mod:`shared_db.queries.usage_summaries`), else from the direct computation; the shapes
are unchanged.
"""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus
from typing import ClassVar

from flask import Response, request
from flask_restx import Namespace, Resource, reqparse

from legacy_flask.db import get_session
from legacy_flask.responses import response_maker
from shared_db.base import as_utc, utcnow
from shared_db.queries import usage_reports
from shared_db.queries.usage import Period
from shared_db.queries.usage_summaries import Answers, projects

ns = Namespace("usage", description="Usage statistics")

MAX_INTERVALS = 1000
# The encoded answers made from summaries, kept by this process while their summaries stay.
_usage_bodies: Answers[tuple[str, int | None], bytes] = Answers()
# The encoded results of finished reports (they never change), by their uid.
_report_bodies: Answers[str, bytes] = Answers(16)
MAX_SPAN_HOURS = 24 * 36_525  # an intervals chart covers at most a century

period_arguments = reqparse.RequestParser()
period_arguments.add_argument("from", type=str, help="Start of the period (ISO 8601)")
period_arguments.add_argument("to", type=str, help="End of the period (ISO 8601)")
usage_arguments = period_arguments.copy()
usage_arguments.add_argument("top", type=int, help="Number of projects in the rankings")
interval_arguments = reqparse.RequestParser()
interval_arguments.add_argument("days", type=int, default=0, help="Interval length, days")
interval_arguments.add_argument("hours", type=int, default=0, help="Interval length, hours")
interval_arguments.add_argument("count", type=int, default=10, help="Number of intervals")


def parse_stamp(value: str | None) -> tuple[bool, datetime | None]:
    """``(ok, moment)``: an ISO 8601 date or time, in UTC when it names no zone."""
    if value is None:
        return True, None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return False, None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return True, as_utc(moment)
    except ValueError:  # out of range in UTC: 9999-12-31T23:59:59-14:00
        return False, None


def requested_period(errors: list[str]) -> Period:
    """The ``from``/``to`` period; a bad value adds to ``errors``, as the reference words it."""
    ok_from, since = parse_stamp(request.args.get("from"))
    ok_to, until = parse_stamp(request.args.get("to"))
    if not ok_from:
        errors.append("From timestamp: invalid format")
    if not ok_to:
        errors.append("To timestamp: invalid format")
    return Period(since, until)


def whole_number(name: str, default: int | None, errors: list[str]) -> int | None:
    """A query argument that must be a non-negative integer when given."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        errors.append(f"{name.capitalize()}: invalid format")
        return default
    return value


def interval_errors(days: int, hours: int, count: int) -> list[str]:
    if not 1 <= count <= MAX_INTERVALS:
        return [f"Count: must be between 1 and {MAX_INTERVALS}"]
    if days == hours == 0:
        return ["Days, hours: the interval must not be empty"]
    if (24 * days + hours) * count > MAX_SPAN_HOURS:
        return ["Days, hours, count: the intervals must cover 100 years at most"]
    return []


def bad_request(errors: list[str]) -> Response:
    return response_maker({"errors": errors}, HTTPStatus.BAD_REQUEST)


def found(location: str) -> Response:
    """302 to ``location``, with no body."""
    response = Response(status=HTTPStatus.FOUND.value)
    response.headers["Location"] = location
    return response


@ns.route("")
class Usage(Resource):
    @ns.expect(usage_arguments)
    @ns.response(HTTPStatus.OK.value, "Providing data about the service usage")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Timestamps are in wrong format")
    def get(self) -> Response:
        """Usage statistics of the service.

        `from` and `to` limit the time period (e.g. `/api/usage?from=2022-01-30`); `top`
        is the number of projects in the rankings (all by default).
        """
        errors: list[str] = []
        period = requested_period(errors)
        top = whole_number("top", None, errors)
        if errors:
            return bad_request(errors)
        answer = usage_reports.usage(get_session(), period, top)
        body = _usage_bodies.get(
            answer.key(top),
            lambda: response_maker(answer.figures).get_data(),
        )
        return Response(body, mimetype="application/json")


@ns.route("/project/<forge>/<path:namespace>/<repo_name>")
@ns.param("forge", "Git forge")
@ns.param("namespace", "Namespace")
@ns.param("repo_name", "Repo name")
class ProjectUsage(Resource):
    @ns.expect(period_arguments)
    @ns.response(HTTPStatus.OK.value, "Providing data about the project's usage")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Timestamps are in wrong format")
    def get(self, forge: str, namespace: str, repo_name: str) -> Response:
        """Usage statistics of one project and its position among all projects.

        `from` and `to` limit the time period
        (e.g. `/api/usage/project/github.com/packit/ogr?from=2022-01-30`).
        """
        errors: list[str] = []
        period = requested_period(errors)
        if errors:
            return bad_request(errors)
        project_url = f"https://{forge}/{namespace}/{repo_name}"
        answer = usage_reports.project(get_session(), project_url, period)
        return response_maker(answer.figures)


@ns.route("/onboarded-projects")
class OnboardedProjects(Resource):
    @ns.response(
        HTTPStatus.OK.value,
        "Onboarded projects (a Bodhi update or a Koji build) and almost onboarded ones "
        "(a downstream pull request opened)",
    )
    def get(self) -> Response:
        """Projects onboarded downstream, by id: `onboarded` and `almost_onboarded`."""
        found_projects = projects(get_session(), utcnow()).figures.onboarding
        return response_maker(
            {
                "onboarded": found_projects.onboarded,
                "almost_onboarded": found_projects.almost_onboarded,
            }
        )


class PastUsage(Resource):
    """Starts a past-… report and redirects to where its result waits."""

    kind: ClassVar[str]

    @ns.response(HTTPStatus.FOUND.value, "Redirects to where the usage data waits")
    def get(self) -> Response:
        report = usage_reports.past_report(get_session(), self.kind, utcnow())
        return found(f"{self.kind}/{report.id}")


class ReportResult(Resource):
    """A stored usage report, by id."""

    kind: ClassVar[str]

    @ns.response(HTTPStatus.OK.value, "The usage data (null while it is computed)")
    @ns.response(HTTPStatus.NOT_FOUND.value, "No usage data stored with this id")
    def get(self, id: int) -> Response:
        report = usage_reports.get_report(get_session(), self.kind, id, result=False)
        body = _report_bodies.get(
            usage_reports.kept_as(report),
            lambda: response_maker(usage_reports.result_of(report)).get_data(),
        )
        return Response(body, mimetype="application/json")


@ns.route("/past-day")
class UsagePastDay(Resource):
    @ns.response(HTTPStatus.OK.value, "Providing data about the usage of the past day")
    def get(self) -> Response:
        """Usage since yesterday's midnight (UTC); the result itself, like the reference."""
        report = usage_reports.past_report(get_session(), "past-day", utcnow())
        return response_maker(report.result)


@ns.route("/past-day/<int:id>")
@ns.param("id", "Id of the usage report")
class UsagePastDayResult(ReportResult):
    kind = "past-day"


@ns.route("/past-week")
class UsagePastWeek(PastUsage):
    kind = "past-week"


@ns.route("/past-week/<int:id>")
@ns.param("id", "Id of the usage report")
class UsagePastWeekResult(ReportResult):
    kind = "past-week"


@ns.route("/past-month")
class UsagePastMonth(PastUsage):
    kind = "past-month"


@ns.route("/past-month/<int:id>")
@ns.param("id", "Id of the usage report")
class UsagePastMonthResult(ReportResult):
    kind = "past-month"


@ns.route("/past-year")
class UsagePastYear(PastUsage):
    kind = "past-year"


@ns.route("/past-year/<int:id>")
@ns.param("id", "Id of the usage report")
class UsagePastYearResult(ReportResult):
    kind = "past-year"


@ns.route("/total")
class UsageTotal(PastUsage):
    kind = "total"


@ns.route("/total/<int:id>")
@ns.param("id", "Id of the usage report")
class UsageTotalResult(ReportResult):
    kind = "total"


@ns.route("/intervals")
class UsageIntervals(Resource):
    @ns.expect(interval_arguments)
    @ns.response(HTTPStatus.FOUND.value, "Redirects to where the chart data waits")
    @ns.response(HTTPStatus.BAD_REQUEST.value, "Invalid interval arguments")
    def get(self) -> Response:
        """Chart data: `count` intervals of `days` days and `hours` hours, up to now.

        E.g. `/api/usage/intervals?days=7&hours=0&count=52` for weekly data of the last
        year, `/api/usage/intervals?days=0&hours=1&count=24` for hourly data of the last day.
        """
        errors: list[str] = []
        days = whole_number("days", 0, errors) or 0
        hours = whole_number("hours", 0, errors) or 0
        count = whole_number("count", 10, errors) or 0
        if not errors:
            errors = interval_errors(days, hours, count)
        if errors:
            return bad_request(errors)
        report = usage_reports.interval_report(
            get_session(), days=days, hours=hours, count=count, now=utcnow()
        )
        return found(f"intervals/{report.id}")


@ns.route("/intervals/<int:id>")
@ns.param("id", "Id of the usage report")
class UsageIntervalsResult(ReportResult):
    kind = "intervals"
