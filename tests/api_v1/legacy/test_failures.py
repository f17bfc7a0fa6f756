"""When the database fails, or the code does: the legacy views answer as Flask does."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

import legacy_flask
from gateway.migration.compare import compare
from gateway.migration.verify import Stacks
from gateway.settings import Settings
from shared_db.engine import Database
from shared_db.queries import copr_builds
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project

pytestmark = pytest.mark.flask  # compared with Flask


def _raising(error: BaseException) -> Any:
    def raise_it(*_: object, **__: object) -> Any:
        raise error

    return raise_it


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (sa_exc.OperationalError("SELECT …", {}, Exception("server closed")), 503),
        (sa_exc.IntegrityError("INSERT …", {}, Exception("secret detail")), 500),
        (RuntimeError("a bug with secret detail"), 500),
    ],
    ids=["outage", "database bug", "bug"],
)
async def test_a_failure_is_answered_as_flask_answers_it(
    database: Database,
    session: Session,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    status: int,
) -> None:
    build = make_copr_build(session, make_pr_event(session, make_project(session)))
    session.flush()
    production = {**settings.legacy_config(), "TESTING": False, "PROPAGATE_EXCEPTIONS": False}
    stacks = Stacks(database, settings, legacy_flask.create_app(database, production))
    monkeypatch.setattr(copr_builds, "get_copr_build", _raising(error))

    flask = stacks.on_flask("GET", f"/copr-builds/{build.id}", {}, None)
    view = await stacks.on_views("GET", f"/copr-builds/{build.id}", {}, None)

    assert flask.status == status
    assert [d.describe() for d in compare(flask, view)] == []
    assert b"secret" not in view.body
    if status == 503:
        assert view.headers["retry-after"] == "5"
