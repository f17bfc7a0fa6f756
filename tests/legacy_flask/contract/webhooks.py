import hashlib
import hmac
import json

from tests.conftest import GITHUB_SECRET, GITLAB_TOKEN
from tests.legacy_flask.contract import RouteCase

PUSH = json.dumps({"ref": "refs/heads/main", "deleted": False}).encode()
JSON = {"Content-Type": "application/json"}


def signed(body: bytes) -> str:
    return "sha256=" + hmac.new(GITHUB_SECRET.encode(), body, hashlib.sha256).hexdigest()


CASES = [
    RouteCase(
        name="github webhook accepted",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=202,
        request_body=PUSH,
        request_headers={
            **JSON,
            "X-GitHub-Event": "push",
            "X-GitHub-Delivery": "contract-1",
            "X-Hub-Signature-256": signed(PUSH),
        },
        json="Webhook accepted. We thank you, Github.",
    ),
    RouteCase(
        name="github webhook bad signature",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=401,
        request_body=PUSH,
        request_headers={**JSON, "X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=00"},
        json="Payload signature validation failed.",
    ),
    RouteCase(
        name="github webhook no json",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=400,
        request_body=b"not json",
        request_headers=JSON,
        json="We haven't received any JSON data.",
    ),
    RouteCase(
        name="gitlab webhook accepted",
        rule="/webhooks/gitlab",
        path="/webhooks/gitlab",
        method="POST",
        status=202,
        request_body=PUSH,
        request_headers={
            **JSON,
            "X-Gitlab-Event": "Push Hook",
            "X-Gitlab-Event-UUID": "contract-2",
            "X-Gitlab-Token": GITLAB_TOKEN,
        },
        json="Webhook accepted. We thank you, Gitlab.",
    ),
    RouteCase(
        name="gitlab webhook missing token",
        rule="/webhooks/gitlab",
        path="/webhooks/gitlab",
        method="POST",
        status=401,
        request_body=PUSH,
        request_headers={**JSON, "X-Gitlab-Event": "Push Hook"},
        json="X-Gitlab-Token not in request.headers",
    ),
]
