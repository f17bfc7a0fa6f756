from sqlalchemy import select

from shared_db.models import AllowlistEntry, AllowlistStatus, GithubInstallation
from tests.api_v1.lists import FilterCase, ListCase

allowlist = select(AllowlistEntry.id)
installations = select(GithubInstallation.id)

LISTS = [
    ListCase(
        path="/allowlist",
        ids=allowlist,
        filters=[
            FilterCase(
                {"status": "waiting"},
                allowlist.where(AllowlistEntry.status == AllowlistStatus.waiting),
            ),
        ],
    ),
    ListCase(
        path="/installations",
        ids=installations,
        filters=[
            FilterCase(
                {"account_login": "packit"},
                installations.where(GithubInstallation.account_login == "packit"),
            ),
            FilterCase(
                {"account_type": "Organization"},
                installations.where(GithubInstallation.account_type == "Organization"),
            ),
        ],
    ),
]
