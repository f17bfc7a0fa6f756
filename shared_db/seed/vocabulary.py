"""Names the demo data is made of."""

from __future__ import annotations

from shared_db.models import (
    BodhiUpdateStatus,
    KojiBuildState,
    LogDetectiveResult,
    OSHScanStatus,
    TestingFarmResult,
    VMImageBuildStatus,
)

FORGES = ("github.com", "gitlab.com", "gitlab.gnome.org", "pagure.io")
DIST_GIT = "src.fedoraproject.org"
NAMESPACES = (
    "packit",
    "containers",
    "cockpit-project",
    "rpm-software-management",
    "fedora-python",
    "systemd",
    "GNOME",
    "freedesktop",
    "python-pillow",
    "storaged-project",
)
REPOS = (
    "ogr",
    "specfile",
    "podman",
    "buildah",
    "cockpit",
    "dnf",
    "libdnf",
    "requests",
    "systemd",
    "gnome-shell",
    "mutter",
    "udisks",
    "pillow",
    "tmt",
    "fmf",
    "rebase-helper",
    "packit",
    "copr",
    "koji",
    "bodhi",
)
CHROOTS = (
    "fedora-rawhide-x86_64",
    "fedora-rawhide-aarch64",
    "fedora-41-x86_64",
    "fedora-41-aarch64",
    "fedora-40-x86_64",
    "epel-9-x86_64",
    "epel-10-x86_64",
    "centos-stream-9-x86_64",
    "fedora-41-ppc64le",
    "fedora-41-s390x",
)
KOJI_TARGETS = ("rawhide", "f41", "f40", "epel9", "epel10")
DIST_GIT_BRANCHES = ("rawhide", "f41", "f40", "epel9")
ARCHES = ("x86_64", "aarch64", "ppc64le", "s390x")

KOJI_STATES = (KojiBuildState.success,) * 6 + (
    KojiBuildState.failure,
    KojiBuildState.running,
    KojiBuildState.error,
    KojiBuildState.canceled,
)
TF_RESULTS = (TestingFarmResult.passed,) * 6 + (
    TestingFarmResult.failed,
    TestingFarmResult.failed,
    TestingFarmResult.error,
    TestingFarmResult.running,
    TestingFarmResult.queued,
    TestingFarmResult.new,
    TestingFarmResult.skipped,
    TestingFarmResult.complete,
    TestingFarmResult.canceled,
    TestingFarmResult.cancel_requested,
)
LD_RESULTS = (LogDetectiveResult.complete,) * 3 + (
    LogDetectiveResult.running,
    LogDetectiveResult.error,
    LogDetectiveResult.unknown,
)
SCAN_STATUSES = (OSHScanStatus.succeeded,) * 4 + tuple(OSHScanStatus)
VM_STATUSES = tuple(VMImageBuildStatus)
BODHI_STATUSES = (BodhiUpdateStatus.success,) * 4 + tuple(BodhiUpdateStatus)
GITHUB_EVENTS = ("pull_request", "push", "release", "issue_comment", "check_run", "installation")
GITLAB_EVENTS = ("Merge Request Hook", "Push Hook", "Tag Push Hook", "Note Hook")
