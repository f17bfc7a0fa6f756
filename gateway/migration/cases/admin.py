from sqlalchemy import func, select

from gateway.migration.cases import INT, OPT_INT, OPT_STR, STR, RouteCase, TypeSpec
from shared_db.models import AllowlistEntry, GithubInstallation

ALLOWLIST_ENTRY: dict[str, TypeSpec] = {"namespace": STR, "status": STR, "fas_account": OPT_STR}
INSTALLATION: dict[str, TypeSpec] = {
    "account_login": STR,
    "account_id": INT,
    "account_type": STR,
    "account_url": STR,
    "sender_login": OPT_STR,
    "sender_id": OPT_INT,
    "created_at": STR,
}
JSON = {"Content-Type": "application/json"}

CASES = [
    RouteCase(
        name="allowlist",
        rule="/allowlist",
        path="/allowlist",
        list_of=True,
        keys=ALLOWLIST_ENTRY,
        headers=JSON,
    ),
    RouteCase(
        name="allowlist entry",
        rule="/allowlist/<path:namespace>",
        path="/allowlist/{namespace}",
        lookup=select(func.max(AllowlistEntry.namespace).label("namespace")),
        keys=ALLOWLIST_ENTRY,
    ),
    RouteCase(
        name="allowlist entry unknown",
        rule="/allowlist/<path:namespace>",
        path="/allowlist/github.com/no-such-namespace",
        status=204,
        empty_body=True,
    ),
    RouteCase(
        name="allowlist entry with a trailing slash",
        rule="/allowlist/<path:namespace>",
        path="/allowlist/{namespace}/",
        lookup=select(func.max(AllowlistEntry.namespace).label("namespace")),
        status=204,
        empty_body=True,
    ),
    RouteCase(
        name="installations",
        rule="/installations",
        path="/installations",
        list_of=True,
        keys=INSTALLATION,
        headers=JSON,
    ),
    RouteCase(
        name="installation",
        rule="/installations/<int:id>",
        path="/installations/{id}",
        lookup=select(func.max(GithubInstallation.id).label("id")),
        keys=INSTALLATION,
    ),
    RouteCase(
        name="installation unknown",
        rule="/installations/<int:id>",
        path="/installations/999999999",
        status=204,
        empty_body=True,
    ),
    RouteCase(
        name="installation zero",
        rule="/installations/<int:id>",
        path="/installations/0",
        status=204,
        empty_body=True,
    ),
    RouteCase(
        name="system",
        rule="/system",
        path="/system",
        headers=JSON,
    ),
]
