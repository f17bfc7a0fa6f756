"""The practical limit of a v1 list page: the same Copr page as ``/api/v1/copr-builds``,
served by a minimal raw-ASGI app with the plain database driver (``sqlite3`` or
``psycopg``) and the standard library's JSON encoder. Part of the bench only.

    uvicorn --factory benchmarks.reference:create_app   # GATEWAY_DATABASE_URL as the gateway

The SQL is the v1 list's own statement (page of 20, newest first), compiled once for the
database; each request runs it on one connection, inline on the event loop, and writes
the v1 page shape (``items`` and ``next_cursor``, with its ``Link`` header).
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from shared_db.models import CoprBuildTarget
from shared_db.queries import copr_builds
from shared_db.queries.events import RELEASE_MONITORING_URL
from shared_db.queries.pages import Keyset

PATH = "/api/v1/copr-builds"
LIMIT = 20

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


def page_sql(url: str) -> str:
    """The v1 Copr list statement for a first page of ``LIMIT``, as SQL text."""
    engine = create_engine(url)
    try:
        paged = Keyset(limit=LIMIT).apply(copr_builds._TARGET_ROWS, CoprBuildTarget.id)
        return str(paged.compile(engine, compile_kwargs={"literal_binds": True}))
    finally:
        engine.dispose()


def connect(url: str) -> Any:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return sqlite3.connect(parsed.database or ":memory:", check_same_thread=False)
    import psycopg  # only for PostgreSQL

    connection = psycopg.connect(parsed.set(drivername="postgresql").render_as_string(False))
    connection.autocommit = True
    return connection


def timestamp(value: Any) -> str | None:
    """As pydantic writes an aware datetime: ISO 8601, ``Z`` for UTC."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def item(r: tuple[Any, ...]) -> dict[str, Any]:
    (id_, group_id, build_id, project, owner, chroot, status, web_url, logs_url, submitted,
     started, finished, ev_id, ev_type, sha, forge, namespace, repo, project_url, anitya_id,
     anitya_name, anitya_package, pr_id, issue_id, branch, release, version) = r  # fmt: skip
    return {
        "id": id_,
        "group_id": group_id,
        "build_id": build_id,
        "copr_project": project,
        "copr_owner": owner,
        "chroot": chroot,
        "status": status,
        "web_url": web_url,
        "build_logs_url": logs_url,
        "submitted_time": timestamp(submitted),
        "started_time": timestamp(started),
        "finished_time": timestamp(finished),
        "trigger": {
            "event_id": ev_id,
            "type": ev_type,
            "commit_sha": sha,
            "pr_id": pr_id,
            "branch": branch,
            "release": release,
            "issue_id": issue_id,
            "anitya_version": version,
            "project": None
            if forge is None
            else {"forge": forge, "namespace": namespace, "repo_name": repo, "url": project_url},
            "anitya_project": None
            if anitya_id is None
            else {
                "id": anitya_id,
                "name": anitya_name,
                "package": anitya_package,
                "url": RELEASE_MONITORING_URL.format(anitya_id),
            },
        },
    }


def cursor_of(after: int) -> str:
    raw = json.dumps({"after": after, "order": "newest"}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def create_app() -> Callable[[Message, Receive, Send], Awaitable[None]]:
    url = os.environ.get("GATEWAY_DATABASE_URL", "sqlite:///./var/gateway.db")
    sql = page_sql(url)
    connection = connect(url)
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

    async def app(scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["path"] != PATH:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        rows = connection.execute(sql).fetchall()
        items = [item(row) for row in rows[:LIMIT]]
        next_cursor = cursor_of(rows[LIMIT - 1][0]) if len(rows) > LIMIT else None
        body = encoder.encode({"items": items, "next_cursor": next_cursor}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        if next_cursor is not None:
            link = f'<{PATH}?limit={LIMIT}&cursor={next_cursor}>; rel="next"'
            headers.append((b"link", link.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app
