"""Measurement 4: a producing API's request rate with the real outbox.

The most common producing call is the recorder entering attendance (考勤): ``PUT /activities/{id}/attendance``.
Roster and activity run as real ``bastion serve`` processes on their own databases and topic prefix; a
branch of 100 Party members is registered through roster's API and reaches activity through roster's
events (activity never calls roster), then activities expecting all of them are planned through
activity's API. ``wrk`` (one thread) then enters one person's attendance per request, each request
changing someone's state, so each successful request commits exactly one ``AttendanceRecorded`` to the
outbox with its audit row, and the relay publishes it.

Honest checks: every non-2xx answer is counted; afterwards the outbox must hold one new event per
committed request and, within a few seconds, none unpublished. ``wrk`` shares the two cores with the
service, PostgreSQL, the broker and roster: its own CPU time is reported beside the service's.
"""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

from bastion.db.engine import asyncpg_dsn
from bastion_contracts.activity.attendance import AttendanceRecorded
from bench.proc import cpu_seconds
from bench.stack import BenchStack, ServiceProcess

PREFIX = "api."
ENDPOINT = "PUT /activities/{activity_id}/attendance"
MEMBERS = 100
ACTIVITIES = 60  # a branch's year holds about 130 meetings; 60 keep concurrent requests on distinct activities
WARM_UP_ACTIVITIES = 16
CONNECTIONS = 32
WARM_UP_SECONDS = 5.0
SETTLE_SECONDS = 30.0
LUA_SCRIPT = Path(__file__).with_name("api_rate.lua")
ATTENDANCE_RECORDED = AttendanceRecorded.event_type


@dataclass(frozen=True)
class Branch:
    branch_id: str
    member_ids: list[str]
    event_ids: list[str]


async def run_api_benchmark(
    stack: BenchStack, *, seconds: float = 20.0, say: Callable[[str], None] = print
) -> dict[str, object]:
    """Serve roster and activity, load a branch, drive the attendance endpoint with wrk; the figures."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    roster_db = await stack.database("api_roster", "roster")
    activity_db = await stack.database("api_activity", "activity")
    roster = stack.serve("roster", database_url=roster_db, topic_prefix=PREFIX)
    activity = stack.serve("activity", database_url=activity_db, topic_prefix=PREFIX)
    headers = {"Authorization": f"Bearer {stack.token()}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:
        say("  registering a branch of 100 members through roster")
        branch = await _register_branch(client, roster.url)
        await _wait_applied(client, activity.url, branch.event_ids)
        say(f"  planning {ACTIVITIES + WARM_UP_ACTIVITIES} activities through activity")
        planned = await _plan_activities(client, activity.url, branch, ACTIVITIES + WARM_UP_ACTIVITIES)
    plans = stack.root / "api-rate"
    plans.mkdir(parents=True, exist_ok=True)
    warm_plan = _write_plan(plans / "warm-up.txt", planned[:WARM_UP_ACTIVITIES], branch.member_ids)
    main_plan = _write_plan(plans / "main.txt", planned[WARM_UP_ACTIVITIES:], branch.member_ids)
    dsn = asyncpg_dsn(activity_db)

    say(f"  warm-up: {WARM_UP_SECONDS:.0f} s")
    warm = await _wrk(wrk, activity.url, headers, warm_plan, WARM_UP_SECONDS)
    await _until_published(dsn, SETTLE_SECONDS)
    before = await _outbox_counts(dsn)
    postgres = _postmaster_pid(stack)
    cpu_before = cpu_seconds(activity.pid)
    postgres_before = _tree_cpu_seconds(postgres)
    machine_before = _machine_cpu()
    say(f"  measuring: {seconds:.0f} s, {CONNECTIONS} connections, one wrk thread")
    result = await _wrk(wrk, activity.url, headers, main_plan, seconds)
    service_cpu = cpu_seconds(activity.pid) - cpu_before
    machine_cpu = _machine_cpu() - machine_before
    postgres_cpu = _tree_cpu_seconds(postgres) - postgres_before
    settled = await _until_published(dsn, SETTLE_SECONDS)
    after = await _outbox_counts(dsn)
    cpu = {"service": service_cpu, "postgres": postgres_cpu, "machine": machine_cpu}
    return _figures(result, warm, before, after, settled, cpu, activity)


# --- loading through the APIs ------------------------------------------------------------------------


async def _post(client: httpx.AsyncClient, url: str, body: Mapping[str, object]) -> dict[str, object]:
    response = await client.post(url, json=body)
    if response.status_code >= 400:
        raise RuntimeError(f"POST {url}: {response.status_code} {response.text}")
    answer: dict[str, object] = response.json()
    return answer


async def _register_branch(client: httpx.AsyncClient, roster: str) -> Branch:
    suffix = uuid.uuid4().hex[:6]
    committee = await _post(client, f"{roster}/org-units", {"kind": "party_committee", "name": f"压测党委{suffix}"})
    branch = await _post(
        client, f"{roster}/org-units", {"kind": "branch", "name": f"压测支部{suffix}", "parent_id": committee["id"]}
    )
    semaphore = asyncio.Semaphore(8)

    async def register(n: int) -> dict[str, object]:
        body = {
            "name": f"党员{n:03d}",
            "gender": "male" if n % 3 else "female",
            "birth_date": date(1962 + n % 30, 1 + n % 12, 1 + n % 28).isoformat(),
            "education": "senior_secondary",
            "branch_id": branch["id"],
            "department": "生产管理科",
            "position": "工艺员",
            "employee_number": f"API{suffix}-{n:03d}",
            "stage": "full",
            "probationary_on": date(1962 + n % 30 + 25, 7, 1).isoformat(),
        }
        async with semaphore:
            return await _post(client, f"{roster}/members", body)

    members = await asyncio.gather(*(register(n) for n in range(MEMBERS)))
    events = [str(e) for m in members for e in _list(m["event_ids"])]
    events += [str(e) for e in _list(branch["event_ids"])] + [str(e) for e in _list(committee["event_ids"])]
    return Branch(str(branch["id"]), [str(m["id"]) for m in members], events)


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, got {value!r}")
    return value


async def _wait_applied(client: httpx.AsyncClient, activity: str, event_ids: Sequence[str]) -> None:
    """Read-your-writes across services: activity has applied roster's events about the branch."""
    deadline = time.monotonic() + 90
    for start in range(0, len(event_ids), 200):
        chunk = list(event_ids[start : start + 200])
        while True:
            answer = (await client.get(f"{activity}/consumption", params={"after": chunk, "wait_seconds": 2})).json()
            if answer["applied"]:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("activity has not applied roster's events after 90 s")


async def _plan_activities(client: httpx.AsyncClient, activity: str, branch: Branch, count: int) -> list[str]:
    """Theme days (主题党日) starting within the hour, every member expected: open for attendance."""
    start = datetime.now(UTC) + timedelta(hours=1)
    ids = []
    for n in range(count):
        body = {
            "kind": "theme_day",
            "organiser_id": branch.branch_id,
            "title": f"主题党日 {n + 1}",
            "planned_start": (start + timedelta(minutes=n)).isoformat(),
            "place": "党员活动室",
            "expected_ids": branch.member_ids,
        }
        ids.append(str((await _post(client, f"{activity}/activities", body))["id"]))
    return ids


def _write_plan(path: Path, activity_ids: Sequence[str], member_ids: Sequence[str]) -> Path:
    path.write_text("\n".join([*activity_ids, "--", *member_ids]) + "\n")
    return path


# --- driving and checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrkResult:
    figures: dict[str, float]
    statuses: dict[int, int]
    sample: str
    cpu_seconds: float  # wrk's own user + system time


async def _wrk(wrk: str, url: str, headers: dict[str, str], plan: Path, seconds: float) -> WrkResult:
    command = [
        wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "10s",
        *[arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")],
        "-s", str(LUA_SCRIPT), url, "--", str(plan),
    ]  # fmt: skip
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {err.decode()} {out.decode()}")
    figures: dict[str, float] = {}
    statuses: dict[int, int] = {}
    sample = ""
    for line in out.decode().splitlines():
        if not line.startswith("RESULT "):
            continue
        _, name, value = line.split(" ", 2)
        if name == "sample":
            sample = value
        elif name.startswith("status_"):
            statuses[int(name.removeprefix("status_"))] = int(value)
        else:
            figures[name] = float(value)
    cpu = (used.ru_utime - children.ru_utime) + (used.ru_stime - children.ru_stime)
    return WrkResult(figures, statuses, sample, cpu)


async def _outbox_counts(dsn: str) -> dict[str, int]:
    connection = await asyncpg.connect(dsn)
    try:
        row = await connection.fetchrow(
            """
            SELECT count(*) FILTER (WHERE event_type = $1) AS attendance,
                   count(*) FILTER (WHERE published_at IS NULL) AS unpublished,
                   (SELECT count(*) FROM audit_log) AS audited,
                   (SELECT count(*) FROM attendance_entries) AS entries
            FROM outbox
            """,
            ATTENDANCE_RECORDED,
        )
    finally:
        await connection.close()
    assert row is not None  # noqa: S101 - an aggregate always answers one row
    return {key: int(row[key]) for key in ("attendance", "unpublished", "audited", "entries")}


async def _until_published(dsn: str, timeout: float) -> float:
    """Wait until the relay has published everything committed; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not (await _outbox_counts(dsn))["unpublished"]:
            break
        await asyncio.sleep(0.2)
    return time.monotonic() - started


def _postmaster_pid(stack: BenchStack) -> int:
    return int((stack.postgres.data_dir / "postmaster.pid").read_text().split()[0])


def _tree_cpu_seconds(parent: int) -> float:
    """CPU seconds of a process and its live children (PostgreSQL's backends; exited ones are not counted,
    the benchmark's connections stay open throughout)."""
    total = cpu_seconds(parent)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # gone meanwhile
        fields = text.rsplit(")", 1)[1].split()
        if int(fields[1]) == parent:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _machine_cpu() -> float:
    """CPU seconds the whole machine has spent busy (every core), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _figures(
    result: WrkResult,
    warm: WrkResult,
    before: dict[str, int],
    after: dict[str, int],
    settled: float,
    cpu: dict[str, float],
    service: ServiceProcess,
) -> dict[str, object]:
    f = result.figures
    elapsed = f["duration_us"] / 1e6
    requests = int(f["requests"])
    non_2xx = int(f["non_2xx"])
    written = after["attendance"] - before["attendance"]
    return {
        "endpoint": ENDPOINT,
        "body": "one entry per request, each changing a person's state (one AttendanceRecorded each)",
        "members_expected": MEMBERS,
        "activities": ACTIVITIES,
        "connections": CONNECTIONS,
        "seconds": round(elapsed, 2),
        "requests": requests,
        "requests_sent": int(f["sent"]),
        "non_2xx": non_2xx,
        "statuses": result.statuses,
        "non_2xx_sample": result.sample,
        "socket_errors": int(f["socket_errors"]),
        "requests_per_second": round(requests / elapsed, 1),
        "latency_p50_ms": round(f["latency_p50_us"] / 1000, 2),
        "latency_p90_ms": round(f["latency_p90_us"] / 1000, 2),
        "latency_p99_ms": round(f["latency_p99_us"] / 1000, 2),
        "latency_max_ms": round(f["latency_max_us"] / 1000, 2),
        "warm_up_requests_per_second": round(warm.figures["requests"] / (warm.figures["duration_us"] / 1e6), 1),
        "warm_up_non_2xx": int(warm.figures["non_2xx"]),
        # Requests still in flight when wrk stopped may commit after it stopped counting: the outbox can hold
        # up to `connections` more events than wrk saw answered, never fewer.
        "outbox_rows": written,
        "outbox_rows_minus_2xx": written - (requests - non_2xx),
        "audit_rows": after["audited"] - before["audited"],
        "attendance_entries": after["entries"] - before["entries"],
        "outbox_unpublished": after["unpublished"],
        "outbox_settled_seconds": round(settled, 2),
        # CPU time per second of the run (100 = one core): the service, wrk, and the whole machine (the
        # service, wrk, PostgreSQL, the broker, roster, and whatever else the machine is running).
        "service_cpu_percent": round(100 * cpu["service"] / elapsed, 1),
        "postgres_cpu_percent": round(100 * cpu["postgres"] / elapsed, 1),
        "wrk_cpu_percent": round(100 * result.cpu_seconds / elapsed, 1),
        "machine_cpu_percent": round(100 * cpu["machine"] / elapsed, 1),
        "machine_cores": os.cpu_count(),
        # The cost of one request, robust to other load on the machine (which lowers the rate).
        "service_cpu_ms_per_request": round(1000 * cpu["service"] / max(1, requests), 2),
        "postgres_cpu_ms_per_request": round(1000 * cpu["postgres"] / max(1, requests), 2),
        "service_peak_rss_bytes": service.peak_rss_bytes(),
    }
