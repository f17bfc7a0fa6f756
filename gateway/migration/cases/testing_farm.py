import json

from sqlalchemy import func, select

from gateway.migration.cases import (
    DICT,
    INT,
    LIST,
    OPT_INT,
    OPT_STR,
    PROJECT_INFO,
    STR,
    CaseSecrets,
    RouteCase,
)
from shared_db.models import TFTTestRunGroup, TFTTestRunTarget

JSON = {"Content-Type": "application/json"}
REQUEST_ID = "614d240a-1e27-4758-ad6a-ed3d34281924"


def notification(token: str | None) -> bytes:
    return json.dumps({"request_id": REQUEST_ID, "token": token}).encode()


def with_the_secret(secrets: CaseSecrets) -> tuple[dict[str, str], bytes]:
    return {}, notification(secrets.testing_farm)


CASES = [
    RouteCase(
        name="testing-farm results list",
        rule="/testing-farm/results",
        path="/testing-farm/results?page=2&per_page=20",
        status=206,
        list_of=True,
        headers={"Content-Range": "test-results 21-40/*"},
        keys={
            "packit_id": INT,
            "pipeline_id": OPT_STR,
            "ref": OPT_STR,
            "status": STR,
            "target": STR,
            "web_url": OPT_STR,
            "pr_id": OPT_INT,
            "submitted_time": INT,
            "repo_namespace": OPT_STR,
            "repo_name": OPT_STR,
            "project_url": OPT_STR,
        },
    ),
    RouteCase(
        name="testing-farm results list bad page",
        rule="/testing-farm/results",
        path="/testing-farm/results?page=first",
        status=400,
        keys={"errors": DICT, "message": STR},
    ),
    RouteCase(
        name="testing-farm results accepted",
        rule="/testing-farm/results",
        path="/testing-farm/results",
        method="POST",
        signed=with_the_secret,
        request_headers=JSON,
        json="Test results accepted",
    ),
    RouteCase(
        name="testing-farm results bad token",
        rule="/testing-farm/results",
        path="/testing-farm/results",
        method="POST",
        status=401,
        request_body=notification("not-the-secret"),
        request_headers=JSON,
        json="Invalid testing farm secret provided",
    ),
    RouteCase(
        name="testing-farm results no json",
        rule="/testing-farm/results",
        path="/testing-farm/results",
        method="POST",
        status=400,
        request_body=b"not json",
        request_headers=JSON,
        json="We haven't received any JSON data.",
    ),
    RouteCase(
        name="testing-farm results empty object",
        rule="/testing-farm/results",
        path="/testing-farm/results",
        method="POST",
        status=400,
        request_body=b"{}",
        request_headers=JSON,
        json="We haven't received any JSON data.",
    ),
    RouteCase(
        name="testing-farm results without a token",
        rule="/testing-farm/results",
        path="/testing-farm/results",
        method="POST",
        status=401,
        request_body=json.dumps({"request_id": REQUEST_ID}).encode(),
        request_headers=JSON,
        json="The notification doesn't contain any token",
    ),
    RouteCase(
        name="testing-farm detail",
        rule="/testing-farm/<int:id>",
        path="/testing-farm/{id}",
        lookup=select(func.max(TFTTestRunTarget.id).label("id")),
        keys={
            "pipeline_id": OPT_STR,
            "status": STR,
            "chroot": STR,
            "commit_sha": OPT_STR,
            "web_url": OPT_STR,
            "copr_build_ids": LIST,
            "koji_build_ids": LIST,
            "run_ids": LIST,
            "submitted_time": INT,
            **PROJECT_INFO,
        },
    ),
    RouteCase(
        name="testing-farm detail unknown",
        rule="/testing-farm/<int:id>",
        path="/testing-farm/999999999",
        status=404,
        json={"error": "No info about build stored in DB"},
    ),
    RouteCase(
        name="testing-farm group",
        rule="/testing-farm/groups/<int:id>",
        path="/testing-farm/groups/{id}",
        lookup=select(func.min(TFTTestRunGroup.id).label("id")),
        keys={"submitted_time": INT, "run_ids": LIST, "test_target_ids": LIST, **PROJECT_INFO},
    ),
    RouteCase(
        name="testing-farm group unknown",
        rule="/testing-farm/groups/<int:id>",
        path="/testing-farm/groups/999999999",
        status=404,
        json={"error": "No info about group stored in DB"},
    ),
]
