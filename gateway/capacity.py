"""Whether a database server can take the connections `gateway serve` may open.

Each uvicorn worker has its own pools and holds at most
``Settings.max_connections_per_worker`` connections, so ``workers`` of them may hold
``workers x that``. PostgreSQL refuses connections past ``max_connections`` (the last
``superuser_reserved_connections`` and, from version 16, ``reserved_connections`` only for
privileged roles): a gateway that can ask for more fails under load with "too many
clients" instead of queueing. `gateway serve` therefore checks at start-up and

- refuses to start when the workers could need more than the server gives ordinary roles;
- warns when they could take more than 80 % of it, leaving too little for everything else
  that connects (migrations, psql, a second deployment during a rolling restart).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

WARN_SHARE = 0.8

_LIMITS = text(
    "SELECT current_setting('max_connections')::int AS max_connections,"
    " current_setting('superuser_reserved_connections')::int AS superuser_reserved,"
    " coalesce(current_setting('reserved_connections', true), '0')::int AS reserved,"
    " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS in_use"
)


class Verdict(StrEnum):
    fits = "fits"
    tight = "tight"  # fits, with less than 20 % left for every other client
    too_many = "too_many"


@dataclass(frozen=True, slots=True)
class ServerLimits:
    max_connections: int
    reserved: int  # for superusers and reserved roles only
    in_use: int  # client connections open when asked (informative)

    @property
    def available(self) -> int:
        """What ordinary roles can open in all."""
        return self.max_connections - self.reserved


@dataclass(frozen=True, slots=True)
class Budget:
    workers: int
    per_worker: int
    limits: ServerLimits

    @property
    def needed(self) -> int:
        return self.workers * self.per_worker

    @property
    def verdict(self) -> Verdict:
        if self.needed > self.limits.available:
            return Verdict.too_many
        if self.needed > WARN_SHARE * self.limits.available:
            return Verdict.tight
        return Verdict.fits

    def explain(self) -> str:
        limits = self.limits
        return (
            f"{self.workers} worker(s) x {self.per_worker} connections = {self.needed}; the"
            f" server allows {limits.max_connections} (max_connections), {limits.available}"
            f" for ordinary roles, {limits.in_use} open now"
        )


def server_limits(url: str, connect_timeout: int) -> ServerLimits | None:
    """The connection limits of the server at ``url``; None for SQLite, which has none."""
    if make_url(url).get_backend_name() == "sqlite":
        return None
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"connect_timeout": connect_timeout}
    )
    try:
        with engine.connect() as connection:
            row = connection.execute(_LIMITS).one()
    finally:
        engine.dispose()
    return ServerLimits(
        max_connections=row.max_connections,
        reserved=row.superuser_reserved + row.reserved,
        in_use=row.in_use,
    )
