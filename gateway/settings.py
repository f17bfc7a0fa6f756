"""Every knob of the service, read from GATEWAY_* environment variables or a .env file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from api_v1.feed import FeedConfig
from api_v1.state import V1Config
from shared_db.engine import DatabaseConfig

DEFAULT_DATABASE_URL = "sqlite:///./var/gateway.db"
# The event feed's own connections per worker on PostgreSQL: LISTEN, and its reader.
FEED_CONNECTIONS = 2


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///path or postgresql+psycopg://user@host/db",
    )
    # Defaults leave headroom on a database server: a worker holds at most 8 legacy + 12 v1
    # + 2 shadow sessions + 2 for the event feed = 24 connections, so two workers use under
    # half of PostgreSQL's default 100 (see max_connections_per_worker and `gateway serve`'s
    # start-up check).
    wsgi_threads: int = Field(
        default=8, ge=1, le=512, description="worker threads serving the legacy app (the mount)"
    )
    api_threads: int = Field(
        default=12,
        ge=1,
        le=512,
        description="How many v1 requests may hold a session at once (and FastAPI's thread pool)",
    )
    db_pool_size: int | None = Field(
        default=None,
        ge=1,
        description="Connections kept per process; default and minimum: wsgi + api threads",
    )
    db_max_overflow: int = Field(default=5, ge=0, description="Extra connections under bursts")
    db_pool_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for one")
    db_connect_timeout: int = Field(default=5, ge=1, description="Seconds to wait for a connect")
    log_level: Literal["critical", "error", "warning", "info", "debug"] = "info"
    github_webhook_secret: SecretStr | None = Field(
        default=None,
        description="GitHub App webhook secret (X-Hub-Signature-256); unset rejects deliveries",
    )
    gitlab_webhook_token: SecretStr | None = Field(
        default=None, description="GitLab webhook token (X-Gitlab-Token); unset rejects them"
    )
    testing_farm_secret: SecretStr | None = Field(
        default=None,
        description="Token Testing Farm puts in its result notifications; unset rejects them",
    )
    dashboard_url: str = Field(
        default="",
        description="Base URL of the dashboard, for the links the legacy API gives (log_url)",
    )
    shutdown_timeout: int = Field(
        default=20,
        ge=1,
        le=3600,
        description="Seconds `gateway serve` lets requests in flight finish after SIGTERM or "
        "SIGINT before it cuts them off and exits (uvicorn's graceful-shutdown timeout)",
    )
    max_body_bytes: int = Field(
        default=25 * 1024 * 1024,
        ge=1024,
        description="Largest request body accepted (GitHub caps webhook payloads at 25 MB)",
    )
    legacy_app: Literal["on", "off"] = Field(
        default="on",
        description="off: start without importing Flask (every legacy operation must be"
        " cut over or retired)",
    )
    log_format: Literal["console", "json"] = Field(
        default="console", description="json: one JSON object per log line"
    )
    ops_token: SecretStr | None = Field(
        default=None,
        description="Bearer token the ops views and /metrics ask for (unset: open)",
    )
    traffic_flush_seconds: float = Field(
        default=5.0, ge=0, description="How often each worker adds its counts to the database"
    )
    shadow_sessions: int = Field(
        default=2, ge=1, le=64, description="Shadow comparisons holding a session at once"
    )
    shadow_queue: int = Field(
        default=200, ge=1, description="Comparisons a worker keeps waiting; more are dropped"
    )
    quiet_days: int = Field(
        default=30, ge=1, description="Days without a call before an operation may be retired"
    )
    background_jobs: bool = Field(
        default=True,
        description="Run the background work (mode refresh, traffic flush, shadow"
        " comparisons, usage summaries); tests turn it off and drive each step themselves",
    )
    freeze_heap: bool = Field(
        default=True,
        description="Keep the objects a worker holds once started out of the garbage"
        " collector's full passes (gc.freeze; see gateway.heap); tests turn it off",
    )
    usage_freshness_seconds: float = Field(
        default=300.0,
        gt=0,
        description="Usage figures are at most this old: the usage job refreshes its"
        " summaries every half of it, and routes compute directly past it",
    )
    mode_refresh_seconds: float = Field(
        default=2.0,
        ge=0,
        le=5,
        description="How often each worker re-reads the migration modes (0: never, for tests)",
    )

    events_max_streams: int = Field(
        default=1000, ge=1, description="Event streams (SSE and WebSocket) a process serves"
    )
    events_heartbeat_seconds: float = Field(
        default=15.0, gt=0, description="Seconds without an event before a stream's heartbeat"
    )
    events_poll_seconds: float = Field(
        default=0.25,
        gt=0,
        description="SQLite: how often each process reads new events (PostgreSQL is told)",
    )
    events_queue_batches: int = Field(
        default=256,
        ge=1,
        description="Batches of events a stream may fall behind before it reads the table",
    )
    events_retention_hours: float = Field(
        default=7 * 24, gt=0, description="How long the feed keeps events (pruned hourly)"
    )

    @property
    def threads_holding_sessions(self) -> int:
        """How many threads of one process can hold a database session at the same time.

        - Each legacy mount thread runs one legacy request at a time, and a legacy request opens
          at most one session (lazily, in that thread) and closes it in teardown:
          ``wsgi_threads``.
        - A v1 request holds a session for its unit of work (api_v1.deps.UnitOfWork), on
          the event loop, not in a thread; the gateway lets at most ``api_threads`` of them
          do so at once (a capacity limiter, waited on without blocking).

        The pool must hold at least this many connections: then no thread ever waits for a
        connection that another waiting thread holds, so concurrent requests queue instead
        of deadlocking or failing with "QueuePool limit reached". On PostgreSQL the v1
        sessions come from the asyncio engine's own pool, sized the same; both pools open
        connections only as they are needed, so a process holds at most this many in all.
        """
        return self.wsgi_threads + self.api_threads + self.shadow_sessions

    @model_validator(mode="after")
    def _pool_covers_threads(self) -> Settings:
        if self.db_pool_size is not None and self.db_pool_size < self.threads_holding_sessions:
            raise ValueError(
                f"db_pool_size={self.db_pool_size} is smaller than wsgi_threads + api_threads"
                f" + shadow_sessions = {self.threads_holding_sessions}; raise it or lower them"
            )
        return self

    @property
    def pool_size(self) -> int:
        return self.db_pool_size or self.threads_holding_sessions

    @property
    def max_connections_per_worker(self) -> int:
        """The most database connections one worker process can hold at once.

        Sessions are what hold connections, and a process never holds more than
        :attr:`threads_holding_sessions` of them at once: the legacy threads use the sync
        pool, the v1 requests (at most ``api_threads``) the asyncio pool on a database
        server, and a pool opens connections only as they are asked for, so neither ever
        reaches its size plus overflow. On PostgreSQL the live event feed adds two of its
        own (its LISTEN connection, outside the pools, and its reader's pooled one).
        """
        on_sqlite = make_url(self.database_url).get_backend_name() == "sqlite"
        feed = 0 if on_sqlite else FEED_CONNECTIONS
        return self.threads_holding_sessions + feed

    def database_config(self) -> DatabaseConfig:
        return DatabaseConfig(
            url=self.database_url,
            pool_size=self.pool_size,
            max_overflow=self.db_max_overflow,
            pool_timeout=self.db_pool_timeout,
            connect_timeout=self.db_connect_timeout,
        )

    def v1_config(self, max_sessions: int | None = None) -> V1Config:
        """What the v1 app (and the legacy views built on it) read."""
        return V1Config(
            max_sessions=self.api_threads if max_sessions is None else max_sessions,
            max_body_bytes=self.max_body_bytes,
            github_webhook_secret=self.github_webhook_secret,
            gitlab_webhook_token=self.gitlab_webhook_token,
            testing_farm_secret=self.testing_farm_secret,
            dashboard_url=self.dashboard_url.rstrip("/"),
        )

    def feed_config(self) -> FeedConfig:
        """What the live event feed (``/api/v1/events``) of each process reads."""
        return FeedConfig(
            max_streams=self.events_max_streams,
            queue_batches=self.events_queue_batches,
            heartbeat_seconds=self.events_heartbeat_seconds,
            poll_seconds=self.events_poll_seconds,
        )

    def legacy_config(self) -> dict[str, Any]:
        """The Flask config of the legacy app: its secrets and limits."""

        def reveal(secret: SecretStr | None) -> str | None:
            return None if secret is None else secret.get_secret_value()

        return {
            "GITHUB_WEBHOOK_SECRET": reveal(self.github_webhook_secret),
            "GITLAB_WEBHOOK_TOKEN": reveal(self.gitlab_webhook_token),
            "TESTING_FARM_SECRET": reveal(self.testing_farm_secret),
            "MAX_CONTENT_LENGTH": self.max_body_bytes,
            "DASHBOARD_URL": self.dashboard_url.rstrip("/"),
        }

    def sqlite_directory(self) -> Path | None:
        """The folder of a file-based SQLite database (commands create it), else None."""
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(url.database).parent
