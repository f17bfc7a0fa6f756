"""copr-builds: the merged list, pagination conventions, details and groups."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from shared_db.models import BuildStatus, CoprBuildGroup, CoprBuildTarget, Pipeline
from tests.legacy_client import LegacyClient
from tests.legacy_flask.checks import assert_pages_newest_first, assert_statements_do_not_grow
from tests.shared_db.factories import make_copr_build, make_pr_event, make_project


def add_chroot(
    session: Session, head: CoprBuildTarget, chroot: str, status: BuildStatus
) -> CoprBuildTarget:
    target = CoprBuildTarget(
        group_id=head.group_id,
        build_id=head.build_id,
        project_name=head.project_name,
        owner=head.owner,
        target=chroot,
        status=status,
        submitted_time=head.submitted_time,
        build_start_time=head.submitted_time,
    )
    session.add(target)
    session.flush()
    return target


def builds(session: Session, count: int) -> list[CoprBuildTarget]:
    """``count`` Copr builds of two chroots each, oldest first."""
    event = make_pr_event(session, make_project(session), pr_id=42)
    made = []
    for n in range(count):
        head = make_copr_build(session, event, chroot="fedora-40-x86_64")
        head.build_id = str(1000 + n)
        add_chroot(session, head, "fedora-41-x86_64", BuildStatus.failure)
        made.append(head)
    session.flush()
    return made


def test_one_item_per_copr_build_with_chroots_merged(
    legacy_client: LegacyClient, session: Session
) -> None:
    (head,) = builds(session, 1)
    response = legacy_client.get("copr-builds")
    assert response.status_code == 206
    (item,) = response.get_json()
    assert item["packit_id"] == head.id
    assert item["build_id"] == "1000"
    assert item["project"] == "packit-ogr-1"
    assert item["status_per_chroot"] == {
        "fedora-40-x86_64": "success",
        "fedora-41-x86_64": "failure",
    }
    assert item["packit_id_per_chroot"]["fedora-40-x86_64"] == head.id
    assert item["pr_id"] == 42
    assert (item["repo_namespace"], item["repo_name"]) == ("packit", "ogr")
    assert item["project_url"] == "https://github.com/packit/ogr"
    assert item["build_submitted_time"] == int(datetime(2026, 3, 1, 12, tzinfo=UTC).timestamp())
    assert item["ref"] == "a" * 40


def test_builds_waiting_for_their_srpm_are_not_listed(
    legacy_client: LegacyClient, session: Session
) -> None:
    (head,) = builds(session, 1)
    add_chroot(session, head, "epel-9-x86_64", BuildStatus.waiting_for_srpm)
    srpm_failed = add_chroot(session, head, "epel-8-x86_64", BuildStatus.failure)
    srpm_failed.build_start_time = None
    event = make_pr_event(session, make_project(session, repo="other"), pr_id=2)
    waiting = make_copr_build(session, event, status=BuildStatus.waiting_for_srpm)
    waiting.build_id = "9999"
    session.flush()
    (item,) = legacy_client.get("copr-builds").get_json()
    assert set(item["status_per_chroot"]) == {"fedora-40-x86_64", "fedora-41-x86_64"}


def test_newest_first_and_pages_follow_content_range(
    legacy_client: LegacyClient, session: Session
) -> None:
    newest_first = [b.id for b in reversed(builds(session, 5))]
    assert_pages_newest_first(legacy_client, "copr-builds", "copr-builds", newest_first)


def test_detail_carries_runs_srpm_and_project(
    legacy_client: LegacyClient, session: Session
) -> None:
    (head,) = builds(session, 1)
    group = session.get(CoprBuildGroup, head.group_id)
    assert group is not None
    run = Pipeline(project_event_id=group.project_event_id, copr_build_group_id=group.id)
    session.add(run)
    session.flush()
    body = legacy_client.get(f"copr-builds/{head.id}").get_json()
    assert body["run_ids"] == [run.id]
    assert body["srpm_build_id"] is None
    assert body["chroot"] == "fedora-40-x86_64"
    assert body["pr_id"] == 42
    assert body["non_git_upstream"] is False
    assert body["log_detective_runs"] == []


def test_group_lists_its_targets(legacy_client: LegacyClient, session: Session) -> None:
    (head,) = builds(session, 1)
    body = legacy_client.get(f"copr-builds/groups/{head.group_id}").get_json()
    assert body["build_target_ids"] == [head.id, head.id + 1]
    assert body["run_ids"] == []


def test_list_statements_do_not_grow_with_per_page(
    legacy_client: LegacyClient, session: Session, engine: Engine
) -> None:
    builds(session, 60)
    assert_statements_do_not_grow(legacy_client, engine, "copr-builds")
