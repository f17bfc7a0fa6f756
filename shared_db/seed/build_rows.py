"""The rows one build event causes: SRPM, Copr, tests, Koji, scans, updates, pipelines."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared_db.models import (
    BodhiUpdateStatus,
    BuildStatus,
    BuildSystem,
    KojiBuildState,
    LogDetectiveResult,
    ProjectEventType,
    tft_copr_builds,
    tft_koji_builds,
)
from shared_db.seed import vocabulary as v
from shared_db.seed.analyses import analysis
from shared_db.seed.plan import BuildEvent
from shared_db.seed.rows import NOT_STARTED, UNFINISHED, RowMaker, project_name


def build_event(m: RowMaker, event: BuildEvent) -> None:
    moment = m.at(event.first_copr / m.sizes.builds)
    _, namespace, repo = project_name(event.project)
    event_id = m.event(event.kind, event.project, moment)
    srpm_id = _srpm(m, event, event_id, moment, repo)
    copr_group, copr_ids, chroots = _copr(m, event, event_id, moment, namespace, repo)
    tft_group, tft_ids = (
        _tests(m, event_id, moment, copr_ids, chroots) if event.tests else (None, [])
    )
    koji_group = _koji(m, event, event_id, moment, repo, tft_ids) if event.koji_targets else None
    links: dict[str, int | None] = {
        "srpm_build_id": srpm_id,
        "copr_build_group_id": copr_group,
        "test_run_group_id": tft_group,
    }
    if event.log_detective:
        failed = event.copr_statuses.index(BuildStatus.failure)
        links["log_detective_run_group_id"] = _log_detective(
            m, event, event_id, moment, copr_ids[failed], chroots[failed]
        )
    if event.scan:
        _scan(m, moment, copr_ids[0])
    if event.vm_image:
        links["vm_image_build_id"] = _vm_image(m, event_id, moment, namespace, repo)
    if event.tag_request:
        links["koji_tag_request_group_id"] = _tag_request(m, event_id, moment, repo)
    if event.bodhi_targets:
        links["bodhi_update_group_id"] = _bodhi(m, event, event_id, moment, repo)
    m.pipeline(event_id, moment, repo, **links)
    if koji_group is not None:
        m.pipeline(event_id, moment, repo, srpm_build_id=srpm_id, koji_build_group_id=koji_group)


def _srpm(m: RowMaker, event: BuildEvent, event_id: int, moment: datetime, repo: str) -> int:
    start = m.later(moment, 5, 60)
    copr_build = 7_000_000 + event.first_copr
    return m.add(
        "srpm",
        project_event_id=event_id,
        submitted_time=moment,
        status=BuildStatus.failure if event.srpm_failed else BuildStatus.success,
        build_start_time=start,
        build_finished_time=m.later(start, 60, 600),
        logs="Cloning repository…\nRunning rpmbuild -bs…\n"
        + ("error: bad spec\n" if event.srpm_failed else "Wrote SRPM\n"),
        logs_url=f"https://logs.example.org/srpm/{copr_build}/builder-live.log",
        url=None
        if event.srpm_failed
        else f"https://download.example.org/srpm/{copr_build}/{repo}.src.rpm",
        copr_build_id=str(copr_build),
        copr_web_url=f"https://copr.fedorainfracloud.org/coprs/build/{copr_build}/",
    )


def _copr(
    m: RowMaker, event: BuildEvent, event_id: int, moment: datetime, namespace: str, repo: str
) -> tuple[int, list[int], list[str]]:
    submitted = m.later(moment, 300, 900)
    group = m.add("copr_group", project_event_id=event_id, submitted_time=submitted)
    build_id = str(8_000_000 + event.first_copr)
    owner = "packit"
    copr_project = f"{namespace}-{repo}-{event.kind.value.replace('_', '-')}"
    chroots = m.rng.sample(v.CHROOTS, len(event.copr_statuses))
    version = f"{m.rng.randrange(1, 5)}.{m.rng.randrange(20)}.{m.rng.randrange(10)}"
    ids = []
    for chroot, status in zip(chroots, event.copr_statuses, strict=True):
        start = m.later(submitted, 30, 900)
        arch = chroot.rsplit("-", 1)[1]
        packages: list[dict[str, Any]] | None = None
        if status is BuildStatus.success:
            packages = [
                {"name": repo, "version": version, "release": "1", "arch": arch, "epoch": 0},
                {"name": repo, "version": version, "release": "1", "arch": "src", "epoch": 0},
            ]
        ids.append(
            m.add(
                "copr",
                group_id=group,
                build_id=build_id,
                project_name=copr_project,
                owner=owner,
                target=chroot,
                status=status,
                web_url=f"https://copr.fedorainfracloud.org/coprs/build/{build_id}/",
                build_logs_url=(
                    f"https://download.copr.fedorainfracloud.org/results/{owner}/{copr_project}"
                    f"/{chroot}/{int(build_id):08d}-{repo}/builder-live.log.gz"
                ),
                submitted_time=submitted,
                build_start_time=None if status in NOT_STARTED else start,
                build_finished_time=None if status in UNFINISHED else m.later(start, 120, 3_600),
                built_packages=packages,
            )
        )
    return group, ids, chroots


def _tests(
    m: RowMaker, event_id: int, moment: datetime, copr_ids: list[int], chroots: list[str]
) -> tuple[int, list[int]]:
    submitted = m.later(moment, 1_800, 5_400)
    group = m.add("tft_group", project_event_id=event_id, submitted_time=submitted, ranch="public")
    ids = []
    for copr_id, chroot in zip(copr_ids, chroots, strict=True):
        pipeline = m.uuid()
        tft = m.add(
            "tft",
            group_id=group,
            pipeline_id=pipeline,
            identifier=None,
            target=chroot,
            status=m.rng.choice(v.TF_RESULTS),
            web_url=f"https://artifacts.testing-farm.io/{pipeline}",
            submitted_time=submitted,
        )
        m.w.add(tft_copr_builds, {"tft_test_run_target_id": tft, "copr_build_target_id": copr_id})
        ids.append(tft)
    return group, ids


def _koji(
    m: RowMaker, event: BuildEvent, event_id: int, moment: datetime, repo: str, tft_ids: list[int]
) -> int:
    submitted = m.later(moment, 600, 1_800)
    group = m.add("koji_group", project_event_id=event_id, submitted_time=submitted)
    for index in range(event.koji_targets):
        m.koji_tasks += 1
        task = 120_000_000 + m.koji_tasks
        status = m.rng.choice(v.KOJI_STATES)
        target = v.KOJI_TARGETS[(event.index + index) % len(v.KOJI_TARGETS)]
        start = m.later(submitted, 10, 600)
        koji = m.add(
            "koji",
            group_id=group,
            task_id=str(task),
            scratch=event.kind is ProjectEventType.pull_request,
            target=target,
            status=status,
            web_url=f"https://koji.fedoraproject.org/koji/taskinfo?taskID={task}",
            build_logs_urls=dict.fromkeys(
                v.ARCHES[: 1 + index],
                f"https://kojipkgs.fedoraproject.org/work/tasks/{task % 10000}/{task}/build.log",
            ),
            build_submission_stdout=f"Created task: {task}\nTask info: koji taskinfo {task}\n",
            error_message="Build failed: see build.log"
            if status is KojiBuildState.failure
            else None,
            sidetag=None,
            nvr=f"{repo}-1.0-1.{target}",
            submitted_time=submitted,
            build_start_time=start,
            build_finished_time=None
            if status is KojiBuildState.running
            else m.later(start, 300, 5_400),
        )
        if index == 0 and tft_ids:
            m.w.add(
                tft_koji_builds,
                {"tft_test_run_target_id": tft_ids[0], "koji_build_target_id": koji},
            )
    return group


def _log_detective(
    m: RowMaker, event: BuildEvent, event_id: int, moment: datetime, copr_id: int, chroot: str
) -> int:
    submitted = m.later(moment, 3_600, 7_200)
    group = m.add("ld_group", project_event_id=event_id, submitted_time=submitted)
    status = m.rng.choice(v.LD_RESULTS)
    m.add(
        "ld",
        group_id=group,
        analysis_id=m.uuid(),
        status=status,
        target=chroot,
        target_build=str(8_000_000 + event.first_copr),
        build_system=BuildSystem.copr,
        log_detective_response=(
            analysis(event.first_copr) if status is LogDetectiveResult.complete else None
        ),
        error_msg="Log Detective timed out" if status is LogDetectiveResult.error else None,
        submitted_time=submitted,
        copr_build_target_id=copr_id,
        koji_build_target_id=None,
    )
    return group


def _scan(m: RowMaker, moment: datetime, copr_id: int) -> None:
    task = 50_000 + copr_id
    base = f"https://openscanhub.fedoraproject.org/task/{task}"
    m.add(
        "scan",
        task_id=task,
        status=m.rng.choice(v.SCAN_STATUSES),
        url=base,
        issues_added_count=m.rng.randrange(6),
        issues_added_url=f"{base}/log/added.html",
        issues_fixed_url=f"{base}/log/fixed.html",
        scan_results_url=f"{base}/log/scan-results.js",
        submitted_time=m.later(moment, 3_600, 9_000),
        copr_build_target_id=copr_id,
    )


def _vm_image(m: RowMaker, event_id: int, moment: datetime, namespace: str, repo: str) -> int:
    start = m.later(moment, 600, 1_800)
    return m.add(
        "vm",
        project_event_id=event_id,
        submitted_time=moment,
        build_id=m.uuid(),
        project_name=f"{namespace}-{repo}",
        owner="packit",
        project_url=f"https://console.redhat.com/insights/image-builder/{namespace}-{repo}",
        target="fedora-41-x86_64",
        status=m.rng.choice(v.VM_STATUSES),
        build_start_time=start,
        build_finished_time=m.later(start, 600, 3_600),
    )


def _tag_request(m: RowMaker, event_id: int, moment: datetime, repo: str) -> int:
    submitted = m.later(moment, 7_200, 10_800)
    group = m.add("tag_group", project_event_id=event_id, submitted_time=submitted)
    m.koji_tasks += 1
    task = 120_000_000 + m.koji_tasks
    m.add(
        "tag",
        group_id=group,
        task_id=str(task),
        target="f41",
        sidetag=f"f41-build-side-{task % 100_000}",
        nvr=f"{repo}-1.0-1.fc41",
        web_url=f"https://koji.fedoraproject.org/koji/taskinfo?taskID={task}",
        submitted_time=submitted,
    )
    return group


def _bodhi(m: RowMaker, event: BuildEvent, event_id: int, moment: datetime, repo: str) -> int:
    submitted = m.later(moment, 10_800, 21_600)
    group = m.add("bodhi_group", project_event_id=event_id, submitted_time=submitted)
    for index in range(event.bodhi_targets):
        status = m.rng.choice(v.BODHI_STATUSES)
        alias = f"FEDORA-2026-{m.rng.getrandbits(40):010x}"
        done = status is BodhiUpdateStatus.success
        m.add(
            "bodhi",
            group_id=group,
            status=status,
            target=v.DIST_GIT_BRANCHES[1 + index],
            web_url=f"https://bodhi.fedoraproject.org/updates/{alias}" if done else None,
            koji_nvrs=f"{repo}-1.0-1.fc{41 - index}",
            sidetag=None,
            alias=alias if done else None,
            submitted_time=submitted,
            update_creation_time=m.later(submitted, 60, 600) if done else None,
            error_message="Bodhi refused the update: an update exists"
            if status is BodhiUpdateStatus.error
            else None,
        )
    return group
