"""The allowlist, GitHub App installations and system information.

Changes from the legacy shapes (each still carries the legacy information):
- allowlist entries and installations gain ``id`` (the cursor key); lists are paged by
  cursor, newest first unless ``order=oldest`` (legacy: the whole list, oldest first);
- an unknown allowlist namespace or installation id is a 404 ErrorRead (legacy: 204, empty);
- installations' ``created_at`` (``DD/MM/YYYY HH:MM:SS`` in UTC) → ISO 8601 with time zone;
- system: the object keyed by package name → ``packages``, a list of ``{name, version,
  commit}`` in the same order.
"""

from __future__ import annotations

from pydantic import Field

from api_v1.schemas.base import Schema
from api_v1.schemas.common import Timestamp
from shared_db.models import AllowlistStatus


class AllowlistEntryRead(Schema):
    """An account (a forge namespace) allowed, waiting or denied to use the service."""

    id: int = Field(description="Packit id of the entry", examples=[3])
    namespace: str = Field(description="Forge host and account", examples=["github.com/packit"])
    status: AllowlistStatus
    fas_account: str | None = Field(
        description="The Fedora account that vouched for it", examples=["packager1"]
    )


class InstallationRead(Schema):
    """A GitHub App installation on an account."""

    id: int = Field(description="Packit id of the installation", examples=[1])
    account_login: str = Field(examples=["packit"])
    account_id: int = Field(description="GitHub's id of the account", examples=[46870917])
    account_type: str = Field(examples=["Organization", "User"])
    account_url: str = Field(examples=["https://github.com/packit"])
    sender_login: str | None = Field(description="Who installed the app", examples=["octocat"])
    sender_id: int | None = Field(description="GitHub's id of who installed the app")
    created_at: Timestamp = Field(description="When the app was installed")


class PackageRead(Schema):
    """An installed distribution the service runs."""

    name: str = Field(examples=["ci-results-gateway"])
    version: str = Field(examples=["0.76.0.post18+g116edc5"])
    commit: str | None = Field(
        description="The short git commit the version was built from, if it names one",
        examples=["116edc5"],
    )


class SystemRead(Schema):
    """Versions (and git commits, when known) of the service and its main libraries."""

    packages: list[PackageRead] = Field(
        description="The service first, then its libraries; only those installed"
    )

    @classmethod
    def of(cls, versions: dict[str, dict[str, str | None]]) -> SystemRead:
        """From :func:`shared_db.system.installed_versions`."""
        return cls(
            packages=[
                PackageRead(name=name, version=info["version"] or "", commit=info["commit"])
                for name, info in versions.items()
            ]
        )
