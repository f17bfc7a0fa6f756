"""The proof that Flask can go: every contract case through a gateway started with Flask off,
each answer checked against the contract, on this database (in a transaction rolled back).

It runs in a process of its own (``python -m gateway.migration.flask_off``), so the proof
also shows that nothing imported Flask; ``gateway migration verify --flask-off`` starts it
and records the outcome, which the ops page's "Flask can be removed" gate reads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

import anyio
import httpx

from gateway.migration.cases import CaseSecrets, all_cases
from gateway.migration.contract import contract_problems
from gateway.migration.verify import resolve
from gateway.settings import Settings
from shared_db.engine import Database, DatabaseConfig

FLASK_MODULES = ("flask", "flask_restx", "a2wsgi")


@dataclass(frozen=True)
class FlaskOffResult:
    cases: int
    failures: list[str]

    @property
    def passed(self) -> bool:
        return self.cases > 0 and not self.failures


async def run_contract(settings: Settings) -> FlaskOffResult:
    """Every contract case through a gateway with Flask off on this database (in a
    transaction rolled back), each answer checked against the contract."""
    from gateway.app import create_app

    secrets = CaseSecrets(
        *(
            None if secret is None else secret.get_secret_value()
            for secret in (
                settings.github_webhook_secret,
                settings.gitlab_webhook_token,
                settings.testing_farm_secret,
            )
        )
    )
    database = Database(DatabaseConfig(url=settings.database_url, pool_size=2))
    database.start()
    failures: list[str] = []
    cases = 0
    try:
        with database.engine.connect() as connection:
            outer = connection.begin()
            try:
                bound = Database.bound_to(connection)
                off = settings.model_copy(update={"legacy_app": "off", "background_jobs": False})
                app = create_app(off, database=bound)
                try:
                    async with app.router.lifespan_context(app):
                        transport = httpx.ASGITransport(app=app)
                        async with httpx.AsyncClient(
                            transport=transport, base_url="http://gateway"
                        ) as client:
                            for case in all_cases():
                                with bound.session() as session:
                                    path = resolve(case, session)
                                if path is None:
                                    failures.append(f"{case.name}: no row of this database")
                                    continue
                                cases += 1
                                headers, body = case.request(secrets)
                                answer = await client.request(
                                    case.method, f"/api{path}", headers=headers, content=body
                                )
                                failures += contract_problems(
                                    case,
                                    answer.status_code,
                                    answer.headers,
                                    answer.content,
                                    require_rows=False,
                                )
                except RuntimeError as error:  # the start refused: Flask is still needed
                    failures.append(str(error))
            finally:
                outer.rollback()
    finally:
        database.dispose()
    return FlaskOffResult(cases, failures)


def run_in_own_process(env: dict[str, str] | None = None) -> FlaskOffResult:
    """Run the proof in a fresh interpreter (one that never loaded Flask)."""
    done = subprocess.run(  # noqa: S603 (this interpreter, this module)
        [sys.executable, "-m", __name__], capture_output=True, text=True, env=env, timeout=600
    )
    if done.returncode != 0:
        return FlaskOffResult(0, [f"the Flask-off run crashed: {done.stderr[-2000:]}"])
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return FlaskOffResult(result["cases"], result["failures"])


def main() -> None:
    """In a fresh interpreter: the run, and whether anything imported Flask meanwhile."""
    result = anyio.run(run_contract, Settings())
    failures = list(result.failures)
    leaked = [name for name in FLASK_MODULES if name in sys.modules]
    if leaked:
        failures.append(f"imported with Flask off: {', '.join(leaked)}")
    print(json.dumps({"cases": result.cases, "failures": failures}))


if __name__ == "__main__":
    main()
