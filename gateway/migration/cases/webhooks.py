import hashlib
import hmac
import json

from gateway.migration.cases import CaseSecrets, RouteCase

PUSH = json.dumps({"ref": "refs/heads/main", "deleted": False}).encode()
DELETED_BRANCH = json.dumps({"ref": "refs/heads/old", "deleted": True}).encode()
PING = json.dumps({"zen": "Keep it simple.", "hook_id": 1, "hook": {"id": 1}}).encode()
JSON = {"Content-Type": "application/json"}


def github_signature(secrets: CaseSecrets) -> tuple[dict[str, str], bytes]:
    key = (secrets.github or "").encode()
    signature = "sha256=" + hmac.new(key, PUSH, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": signature}, PUSH


def github_signature_of_a_deleted_branch(secrets: CaseSecrets) -> tuple[dict[str, str], bytes]:
    key = (secrets.github or "").encode()
    signature = "sha256=" + hmac.new(key, DELETED_BRANCH, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": signature}, DELETED_BRANCH


def gitlab_token(secrets: CaseSecrets) -> tuple[dict[str, str], bytes]:
    return {"X-Gitlab-Token": secrets.gitlab or ""}, PUSH


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
        },
        signed=github_signature,
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
        },
        signed=gitlab_token,
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
    RouteCase(
        name="github webhook ping",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=200,
        request_body=PING,
        request_headers={**JSON, "X-GitHub-Event": "ping"},
        json="Pong!",
    ),
    RouteCase(
        name="github webhook event not acted on",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=202,
        request_headers={**JSON, "X-GitHub-Event": "push", "X-GitHub-Delivery": "contract-3"},
        signed=github_signature_of_a_deleted_branch,
        json="Thanks but we don't care about this event",
    ),
    RouteCase(
        name="github webhook missing signature",
        rule="/webhooks/github",
        path="/webhooks/github",
        method="POST",
        status=401,
        request_body=PUSH,
        request_headers={**JSON, "X-GitHub-Event": "push"},
        json="X-Hub-Signature-256 not in request.headers",
    ),
    RouteCase(
        name="gitlab webhook wrong token",
        rule="/webhooks/gitlab",
        path="/webhooks/gitlab",
        method="POST",
        status=401,
        request_body=PUSH,
        request_headers={**JSON, "X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "wrong"},
        json="Can't decode X-Gitlab-Token.",
    ),
]
