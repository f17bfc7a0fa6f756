from gateway.migration.cases import RouteCase

CASES = [
    RouteCase(
        name="healthz",
        rule="/healthz",
        path="/healthz",
        json={"status": "We are healthy!"},
        headers={"Content-Type": "application/json"},
    ),
    RouteCase(
        name="healthz head", rule="/healthz", path="/healthz", method="HEAD", empty_body=True
    ),
]
