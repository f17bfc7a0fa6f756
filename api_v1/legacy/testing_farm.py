"""testing-farm (legacy view): test runs (list, one run, one group) and Testing Farm's result
notifications.

A notification goes through the verification and the recording the v1 route uses
(:func:`shared_db.queries.testing_farm.token_problem`, then
:func:`~shared_db.queries.testing_farm.record_notification`). The v1 route's own body
model is not: it refuses (422) bodies the legacy route accepts or answers otherwise
(no ``request_id``, a token that is no string), so the legacy view reads the body as the
legacy route does.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import Request, Response
from sqlalchemy.orm import Session

from api_v1 import testing_farm as v1
from api_v1.deps import UnitOfWorkDep
from api_v1.legacy.arguments import keyset_of, requested_window
from api_v1.legacy.responses import legacy_json, partial_content
from api_v1.legacy.routing import LegacyRouter
from api_v1.legacy.shapes import epoch, project_info, project_url
from api_v1.schemas.testing_farm import ACCEPTED, TFTRunDetailRead, TFTRunGroupRead, TFTRunRead
from api_v1.state import V1ConfigDep
from shared_db.models import TFTTestRunTarget
from shared_db.queries import testing_farm as queries
from shared_db.queries.filters import WorkFilters
from shared_db.queries.pages import Window, row_dicts

logger = logging.getLogger(__name__)

router = LegacyRouter("testing-farm")

NO_JSON = "We haven't received any JSON data."


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a non-empty JSON object, else None (whatever the Content-Type says)."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except ValueError:  # not UTF-8 (UnicodeDecodeError is a ValueError), or not JSON
        return None
    return payload if isinstance(payload, dict) and payload else None


def list_item(run: TFTRunRead) -> dict[str, Any]:
    trigger = run.trigger
    git = trigger.project
    return {
        "packit_id": run.id,
        "pipeline_id": run.pipeline_id,
        "ref": trigger.commit_sha,
        "status": run.status.value,
        "target": run.chroot,
        "web_url": run.web_url,
        "pr_id": trigger.pr_id,
        "submitted_time": epoch(run.submitted_time),
        "repo_namespace": git.namespace if git else None,
        "repo_name": git.repo_name if git else None,
        "project_url": project_url(trigger),
    }


def detail(run: TFTRunDetailRead) -> dict[str, Any]:
    return {
        "pipeline_id": run.pipeline_id,
        "status": run.status.value,
        "chroot": run.chroot,
        "commit_sha": run.trigger.commit_sha,
        "web_url": run.web_url,
        "copr_build_ids": run.copr_build_ids,
        "koji_build_ids": run.koji_build_ids,
        "run_ids": run.run_ids,
        "submitted_time": epoch(run.submitted_time),
        **project_info(run.trigger),
    }


def group(group: TFTRunGroupRead) -> dict[str, Any]:
    return {
        "submitted_time": epoch(group.submitted_time),
        "run_ids": group.run_ids,
        "test_target_ids": group.target_ids,
        **project_info(group.trigger),
    }


def _page(session: Session, window: Window) -> list[TFTRunRead]:
    """The legacy page, read by the v1 list's query and schema."""
    keyset = keyset_of(session, window, TFTTestRunTarget.id)
    if keyset is None:
        return []
    rows, _ = queries.tft_run_rows(session, keyset, WorkFilters())
    return [TFTRunRead.of_row(r) for r in row_dicts(rows)]


@router.get("/testing-farm/results", "list", twin=v1.list_test_runs)
async def tft_runs(request: Request, uow: UnitOfWorkDep) -> Response:
    window = await requested_window(request)
    runs = await uow.run(_page, window)
    return partial_content([list_item(run) for run in runs], "test-results", window)


@router.post("/testing-farm/results", "notify", twin=v1.notify_test_results)
async def notify_test_results(
    request: Request, uow: UnitOfWorkDep, config: V1ConfigDep
) -> Response:
    payload = json_object(await request.body())
    if payload is None:
        return legacy_json(NO_JSON, 400)
    secret = config.testing_farm_secret
    problem = queries.token_problem(None if secret is None else secret.get_secret_value(), payload)
    if problem is not None:
        logger.info("testing-farm/results rejected: %s", problem)
        return legacy_json(problem, 401)
    outcome = await uow.run(queries.record_notification, payload)
    logger.debug("testing-farm/results: %s", outcome.value)
    return legacy_json(ACCEPTED)


@router.get("/testing-farm/<int:id>", "get", twin=v1.read_test_run)
async def tft_run(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(detail(await v1.read_test_run(uow, id)))


@router.get("/testing-farm/groups/<int:id>", "group", twin=v1.read_test_run_group)
async def tft_run_group(uow: UnitOfWorkDep, id: int) -> Response:
    return legacy_json(group(await v1.read_test_run_group(uow, id)))
