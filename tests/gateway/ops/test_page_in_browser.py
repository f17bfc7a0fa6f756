"""The ops page in a real headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium): it loads, its progress bar and per-operation numbers are the JSON's, and the
drill-down to an operation's mismatches opens. A screenshot is kept in var/screenshots/.

A missing browser fails this test (``.ci/run`` installs it); it never skips.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from shared_db.base import utcnow
from shared_db.engine import Database, DatabaseConfig
from shared_db.models import MigrationMode, OperationState, ShadowMismatch, ShadowSummary
from shared_db.seed import SeedOptions, seed_database
from tests.conftest import DatabaseFactory
from tests.gateway.servers import gateway_env, serving

pytestmark = [pytest.mark.flask, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path("var/screenshots")


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    assert not missing, (
        f"the browser test needs {missing} (apt-get install chromium chromium-driver)"
    )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _prepare(url: str) -> None:
    database = Database(DatabaseConfig(url=url, pool_size=1))
    database.start()
    try:
        with database.transaction() as session:
            seed_database(session, SeedOptions(seed=5, builds=40))
            for operation in ("copr-builds.list", "copr-builds.get", "copr-builds.group"):
                session.add(
                    OperationState(
                        operation_id=operation,
                        mode=MigrationMode.cutover,
                        shadow_rate=0.0,
                        shadow_aa=False,
                    )
                )
            session.add(
                OperationState(
                    operation_id="koji-builds.get",
                    mode=MigrationMode.shadow,
                    shadow_rate=1.0,
                    shadow_aa=False,
                )
            )
            session.add(
                ShadowSummary(
                    operation_id="koji-builds.get",
                    kind="view",
                    samples=4,
                    matches=3,
                    value_mismatches=1,
                    status_mismatches=0,
                    row_mismatches=0,
                    view_errors=0,
                    dropped=0,
                    last_mismatch_at=utcnow(),
                )
            )
            session.add(
                ShadowMismatch(
                    operation_id="koji-builds.get",
                    kind="view",
                    category="value",
                    at=utcnow(),
                    request="GET /api/koji-builds/1",
                    legacy_status=200,
                    view_status=200,
                    legacy_body='{"status": "success"}',
                    view_body='{"status": "failure"}',
                    differences=[
                        {
                            "where": "/status",
                            "category": "value",
                            "legacy": "success",
                            "view": "failure",
                        }
                    ],
                )
            )
    finally:
        database.dispose()


def test_the_page_shows_what_the_json_says(
    databases: DatabaseFactory, browser: webdriver.Chrome
) -> None:
    url = databases.migrated()
    _prepare(url)
    env = gateway_env(url, traffic_flush_seconds="0.5")
    with serving(env) as base:
        for _ in range(5):
            httpx.get(f"{base}/api/koji-builds", headers={"User-Agent": "dashboard-test"})
        httpx.get(f"{base}/api/copr-builds")
        time.sleep(1.5)  # one flush of the traffic counts
        document = httpx.get(f"{base}/ops/migration.json").json()
        browser.get(f"{base}/ops/migration")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SCREENSHOTS / "ops-migration.png"))

        assert browser.find_element(By.ID, "moved").text == str(document["operations_off_flask"])
        assert browser.find_element(By.ID, "total").text == str(document["operations_total"])
        bar = browser.find_element(By.ID, "progress")
        assert bar.get_attribute("aria-valuenow") == str(document["operations_off_flask"])
        shown = {
            row.get_attribute("data-operation"): (
                row.find_element(By.CSS_SELECTOR, "td.mode").text.split()[0],
                row.find_element(By.CSS_SELECTOR, "td.samples").text,
                row.find_element(By.CSS_SELECTOR, "td.day").text,
            )
            for row in browser.find_elements(By.CSS_SELECTOR, "tr.operation")
        }
        expected = {
            op["id"]: (op["mode"], str(op["parity"]["samples"]), str(op["traffic"]["last_24h"]))
            for op in document["operations"]
        }
        assert shown == expected
        assert expected["koji-builds.list"][2] == "5"
        assert expected["copr-builds.list"][0] == "cutover"

        browser.find_element(
            By.CSS_SELECTOR, 'tr[data-operation="koji-builds.get"] a.drill'
        ).click()
        assert browser.find_element(By.ID, "operation").text == "koji-builds.get"
        assert browser.find_element(By.ID, "mismatch-count").text == "1"
        assert browser.find_elements(By.CSS_SELECTOR, "table.diff")
        assert "/status" in browser.find_element(By.CSS_SELECTOR, "ul.paths").text
        browser.save_screenshot(str(SCREENSHOTS / "ops-migration-operation.png"))
