"""A steady mixed load through the producing services' HTTP APIs, for fault, soak and rebalance tests.

It plays a branch's secretary and those it serves, through the real APIs of roster, activity and
feedback: first a branch with members and served departments (``prepare``), then, until stopped, a
mix of writes — meetings planned, attended and held (everyone without an entry is then absent),
attendance corrected afterwards, door-to-door visits with their service records, learning hours,
dues, ratings, suggestions and every step of their loop (reopening included).

Every request ends one of three ways (:class:`Outcome`):

- ``accepted``: a 2xx; the event ids it answered are kept (``accepted_event_ids``). The service
  promised these events: a fault test checks each one reaches scoring exactly once.
- ``refused``: a 4xx, the domain said no and wrote nothing (rare: a step on something whose state
  the load no longer knows).
- ``failed``: a 5xx, a connection error or a timeout, as a fault causes. Not accepted, and never
  assumed either way: the service may or may not have committed it. Whatever it did commit is in its
  outbox, and :mod:`tests.faults.reconcile` holds scoring to the outbox, not to this list.

The API (stable; other fault, soak and rebalance tests build on it)::

    load = MixedLoad.at({"roster": url, "activity": url, "feedback": url}, rate=10, workers=3)
    async with load:                     # prepare() (the branch) then start(); on exit stop() and close()
        await load.progressed(accepted=20, timeout=30)   # event-driven: 20 more accepted from now
        ...                              # make the fault; the load goes on
        await load.progressed(failed=1, service="activity", timeout=30)
    summary = load.summary()             # counts by service, operation and outcome; str() for logs
    ids = load.accepted_event_ids        # {"roster": [...], "activity": [...], "feedback": [...]}

- ``MixedLoad(clients)`` takes one ``httpx.AsyncClient`` per producing service with its ``base_url``
  set (e.g. ``running_service(...).http``); ``MixedLoad.at(urls)`` makes (and closes) its own.
- ``rate`` is requests per second over all workers (paced, not bursts); ``workers`` how many
  operations run at once; ``seed`` makes the mix reproducible.
- ``prepare()`` must succeed (it raises otherwise) and waits until activity and feedback know the
  branch's people; ``organisation`` then holds the ids. ``start()`` / ``await stop()`` may be called
  once each; ``stop()`` lets requests in flight finish (up to ``stop_timeout``) and returns the summary.
  A worker that crashes (a defect of the load itself) makes ``progressed`` and ``stop`` raise.
- ``requests`` is every request made, in order (service, operation, outcome, status, event ids).

A service that is restarted must come back at the same address (``ServiceProcess.start()`` again on
the same object keeps its port); requests meanwhile simply fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from types import TracebackType
from typing import Any, Self

import httpx

from bastion.clock import local_today
from bastion_demo.api import Api, DemoLoadError
from tests.support.activity import activity_body
from tests.support.roster import member_body

PRODUCERS = ("roster", "activity", "feedback")
TIMEZONE = "Asia/Shanghai"  # the services' default organisation time zone
_MEETINGS = ("theme_day", "branch_assembly", "org_life_meeting")  # kinds with an expected list
_STATES = ("present", "late", "excused", "absent")
_ANSWERS = ("very_satisfied", "satisfied", "basically_satisfied", "not_very_satisfied", "dissatisfied")
_GROUPS = ("department", "worker", "member")
_DECISIONS = ("adopted", "partially_adopted", "rejected")


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # 2xx: the service committed the change and its events
    REFUSED = "refused"  # 4xx: the service wrote nothing
    FAILED = "failed"  # 5xx, connection error, timeout: unknown, never assumed


@dataclass(frozen=True, slots=True)
class Request:
    """One request the load made, and how it ended."""

    service: str
    operation: str
    method: str
    path: str
    outcome: Outcome
    status: int | None  # of a refusal or a server error; 200 stands for any 2xx; None: no answer
    event_ids: tuple[str, ...]
    error: str | None
    at: float  # time.monotonic() when it ended


@dataclass(frozen=True, slots=True)
class Organisation:
    """The branch the load works on, as roster answered."""

    committee_id: str
    branch_id: str
    member_ids: tuple[str, ...]
    department_ids: tuple[str, ...]
    event_ids: tuple[str, ...]  # roster's events of the set-up (also in accepted_event_ids)


@dataclass(frozen=True, slots=True)
class LoadSummary:
    """Counts of requests by (service, outcome) and (operation, outcome), and the run's length."""

    by_service: Mapping[tuple[str, Outcome], int]
    by_operation: Mapping[tuple[str, Outcome], int]
    accepted_events: int
    seconds: float

    def count(self, outcome: Outcome, service: str | None = None) -> int:
        return sum(n for (name, o), n in self.by_service.items() if o is outcome and service in (None, name))

    def __str__(self) -> str:
        totals = ", ".join(f"{o.value} {self.count(o)}" for o in Outcome)
        services = "; ".join(
            f"{s}: " + " ".join(f"{o.value} {self.by_service.get((s, o), 0)}" for o in Outcome) for s in PRODUCERS
        )
        return f"{totals} requests in {self.seconds:.1f} s ({self.accepted_events} events accepted); {services}"


class _Stopped(Exception):
    """The load is stopping: the operation in progress ends here."""


class _Pacer:
    """Spaces requests ``1 / rate`` seconds apart, over every worker."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


@dataclass
class _Meeting:
    """A held activity and what the load knows of each person's attendance (None: unknown)."""

    activity_id: str
    states: dict[str, str | None]


@dataclass
class _Suggestion:
    suggestion_id: str
    state: str
    reopened: bool = False


@dataclass
class _Pools:
    """What later operations work on; each item is taken out while an operation works on it."""

    meetings: list[_Meeting] = field(default_factory=list)
    suggestions: list[_Suggestion] = field(default_factory=list)
    dues_months: dict[str, int] = field(default_factory=dict)  # member: months back from this one


class MixedLoad:
    """See the module docstring."""

    def __init__(
        self,
        clients: Mapping[str, httpx.AsyncClient],
        *,
        rate: float = 10.0,
        workers: int = 3,
        seed: int | None = None,
        stop_timeout: float = 15.0,
    ) -> None:
        self._apis = {service: Api(clients[service], "") for service in PRODUCERS}
        self._owned: list[httpx.AsyncClient] = []
        self._pacer = _Pacer(rate)
        self._workers = workers
        self._random = random.Random(seed)
        self._stop_timeout = stop_timeout
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._pools = _Pools()
        self._started = self._stopped = 0.0
        self._organisation: Organisation | None = None
        self.requests: list[Request] = []

    @classmethod
    def at(
        cls,
        urls: Mapping[str, str],
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        **options: Any,
    ) -> MixedLoad:
        """A load on services at these base URLs, signed in with ``headers`` (one client each, closed by
        :meth:`close`)."""
        clients = {
            service: httpx.AsyncClient(base_url=urls[service], headers=dict(headers or {}), timeout=timeout)
            for service in PRODUCERS
        }
        load = cls(clients, **options)
        load._owned = list(clients.values())
        return load

    # --- the public API ------------------------------------------------------------------------

    @property
    def organisation(self) -> Organisation:
        if self._organisation is None:
            raise RuntimeError("prepare() first")
        return self._organisation

    @property
    def accepted_event_ids(self) -> dict[str, list[str]]:
        """Every event id an accepted request answered, by service, in the order answered."""
        accepted: dict[str, list[str]] = {service: [] for service in PRODUCERS}
        for request in self.requests:
            if request.outcome is Outcome.ACCEPTED:
                accepted[request.service].extend(request.event_ids)
        return accepted

    async def prepare(self, timeout: float = 60.0) -> Organisation:
        """A committee, a branch with six full members and two served departments; waits until activity
        and feedback have applied roster's events about them (they check what the load names)."""
        roster = self._apis["roster"]
        suffix = uuid.uuid4().hex[:6]
        committee = await roster.post("/org-units", {"kind": "party_committee", "name": f"负载党委{suffix}"})
        branch = await roster.post(
            "/org-units", {"kind": "branch", "name": f"负载支部{suffix}", "parent_id": committee["id"]}
        )
        members = [await roster.post("/members", member_body(branch["id"], name=f"党员{i}")) for i in range(6)]
        departments = [
            await roster.post(f"/org-units/{branch['id']}/departments", {"name": name, "added_on": "2025-01-01"})
            for name in ("质量管理科", "设备管理科")
        ]
        events = tuple(roster.event_ids)
        done = Request("roster", "prepare", "POST", "", Outcome.ACCEPTED, 201, events, None, time.monotonic())
        self.requests.append(done)
        for service in ("activity", "feedback"):
            await _wait_until_applied(service, self._apis[service], events, timeout)
        self._organisation = Organisation(
            committee["id"],
            branch["id"],
            tuple(m["id"] for m in members),
            tuple(d["id"] for d in departments),
            events,
        )
        return self._organisation

    def start(self) -> None:
        """Start the workers (after :meth:`prepare`)."""
        self.organisation  # noqa: B018 - refuses to start unprepared
        self._started = time.monotonic()
        self._tasks = [asyncio.create_task(self._work(), name=f"load-worker-{n}") for n in range(self._workers)]

    async def stop(self) -> LoadSummary:
        """Stop issuing requests; those in flight end (or are cancelled after ``stop_timeout``). Raises
        what made a worker crash, if one did (a defect of the load, not a fault of the services)."""
        self._stopping.set()
        if self._tasks:
            _, late = await asyncio.wait(self._tasks, timeout=self._stop_timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            self._stopped = time.monotonic()
            self._raise_if_a_worker_crashed()
        return self.summary()

    async def close(self) -> None:
        for client in self._owned:
            await client.aclose()

    async def __aenter__(self) -> Self:
        try:
            await self.prepare()
        except BaseException:
            await self.close()  # __aexit__ does not run when __aenter__ fails
            raise
        self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self.stop()
        finally:
            await self.close()

    def summary(self) -> LoadSummary:
        made = [r for r in self.requests if r.operation != "prepare"]
        end = self._stopped or time.monotonic()
        return LoadSummary(
            by_service=Counter((r.service, r.outcome) for r in made),
            by_operation=Counter((r.operation, r.outcome) for r in made),
            accepted_events=sum(len(ids) for ids in self.accepted_event_ids.values()),
            seconds=end - self._started if self._started else 0.0,
        )

    async def progressed(
        self, *, accepted: int = 0, failed: int = 0, service: str | None = None, timeout: float = 30.0
    ) -> None:
        """Wait until, from now on, at least ``accepted`` requests were accepted and ``failed`` failed
        (of ``service``, or of any); raises ``TimeoutError`` with the summary otherwise."""
        start = len(self.requests)
        deadline = time.monotonic() + timeout
        while True:
            since = Counter(r.outcome for r in self.requests[start:] if service in (None, r.service))
            if since[Outcome.ACCEPTED] >= accepted and since[Outcome.FAILED] >= failed:
                return
            self._raise_if_a_worker_crashed()
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"the load did not progress by {accepted} accepted and {failed} failed requests "
                    f"of {service or 'any service'} within {timeout:.0f} s: {dict(since)}; {self.summary()}"
                )
            await asyncio.sleep(0.05)

    # --- the workers ---------------------------------------------------------------------------

    def _raise_if_a_worker_crashed(self) -> None:
        for task in self._tasks:
            if task.done() and not task.cancelled() and task.exception() is not None:
                raise RuntimeError(f"a load worker crashed: {task.exception()!r}") from task.exception()

    async def _work(self) -> None:
        operations: list[tuple[Callable[[], Awaitable[None]], int]] = [
            (self._hold_meeting, 3),
            (self._correct_attendance, 2),
            (self._visit_departments, 2),
            (self._record_learning, 2),
            (self._pay_dues, 2),
            (self._rate, 2),
            (self._suggest, 2),
            (self._advance_suggestion, 4),
        ]
        chosen, weights = zip(*operations, strict=True)
        while not self._stopping.is_set():
            operation = self._random.choices(chosen, weights)[0]
            with contextlib.suppress(_Stopped):
                await operation()

    async def _request(
        self, service: str, operation: str, method: str, path: str, body: dict[str, Any]
    ) -> dict[str, Any] | None:
        """One paced request; its body if accepted, else None (and it is counted as refused or failed)."""
        await self._pacer.wait()
        if self._stopping.is_set():
            raise _Stopped
        status: int | None = None
        error: str | None = None
        answer: dict[str, Any] | None = None
        try:
            answer = await self._apis[service].call(method, path, json=body, track=False)
            status = 200
        except DemoLoadError as refusal:
            status, error = refusal.status, str(refusal)
        except (httpx.TransportError, ValueError) as failure:  # ValueError: a body that is not JSON
            error = repr(failure)
        if answer is not None:
            outcome = Outcome.ACCEPTED
        elif status is not None and status < 500:
            outcome = Outcome.REFUSED
        else:
            outcome = Outcome.FAILED
        event_ids = tuple(answer.get("event_ids", ())) if answer else ()
        self.requests.append(
            Request(service, operation, method, path, outcome, status, event_ids, error, time.monotonic())
        )
        return answer

    def _member(self) -> str:
        return self._random.choice(self.organisation.member_ids)

    # --- activity: meetings, attendance, visits, learning --------------------------------------

    async def _hold_meeting(self) -> None:
        """Plan a meeting of the branch (a day ago), enter some attendance, record it held: whoever is
        expected without an entry becomes absent."""
        kind = self._random.choice(_MEETINGS)
        planned = await self._request(
            "activity",
            "plan_meeting",
            "POST",
            "/activities",
            activity_body(uuid.UUID(self.organisation.branch_id), kind),
        )
        if planned is None:
            return
        entered = self._random.sample(self.organisation.member_ids, self._random.randint(1, 4))
        states = {member: self._random.choice(_STATES) for member in entered}
        entries = [_entry(member, state) for member, state in states.items()]
        path = f"/activities/{planned['id']}"
        if await self._request("activity", "enter_attendance", "PUT", f"{path}/attendance", {"entries": entries}):
            known: dict[str, str | None] = {m: states.get(m, "absent") for m in self.organisation.member_ids}
        else:
            known = dict.fromkeys(self.organisation.member_ids)
        if await self._request("activity", "hold_meeting", "POST", f"{path}/held", {"minutes": "按议程进行。"}):
            self._pools.meetings.append(_Meeting(planned["id"], known))

    async def _correct_attendance(self) -> None:
        """Correct one person's attendance at a held meeting (a new entry naming the state it replaces)."""
        if not self._pools.meetings:
            return await self._hold_meeting()
        meeting = self._pools.meetings.pop(self._random.randrange(len(self._pools.meetings)))
        member = self._member()
        state = self._random.choice([s for s in _STATES if s != meeting.states.get(member)])
        body = {"state": state} | ({"reason": "事后补交假条"} if state == "excused" else {})
        path = f"/activities/{meeting.activity_id}/attendance/{member}/corrections"
        corrected = await self._request("activity", "correct_attendance", "POST", path, body)
        meeting.states[member] = state if corrected else None
        self._pools.meetings.append(meeting)

    async def _visit_departments(self) -> None:
        """A door-to-door visit by two members, held, with the service record of whom it served (service work
        has no expected list)."""
        visitors = self._random.sample(self.organisation.member_ids, 2)
        branch = uuid.UUID(self.organisation.branch_id)
        plan = activity_body(branch, "door_to_door_visit", five_services=["serve_masses"])
        visit = await self._request("activity", "plan_visit", "POST", "/activities", plan)
        if visit is None:
            return
        path = f"/activities/{visit['id']}"
        if not await self._request("activity", "hold_visit", "POST", f"{path}/held", {"minutes": "走访科室。"}):
            return
        served = {"department_ids": list(self.organisation.department_ids), "member_ids": visitors, "hours": "2.0"}
        await self._request("activity", "record_service", "POST", f"{path}/service-records", served)

    async def _record_learning(self) -> None:
        yesterday = local_today(TIMEZONE) - timedelta(days=1)
        body = {"hours": "2.0", "learned_on": yesterday.isoformat(), "topic": "党章党规学习"}
        await self._request("activity", "record_learning", "POST", f"/members/{self._member()}/learning-hours", body)

    # --- roster: dues ----------------------------------------------------------------------------

    async def _pay_dues(self) -> None:
        """A member pays an earlier month's dues (each month once: the load walks back month by month,
        and skips a month whose payment failed, as its outcome is unknown)."""
        member = self._member()
        back = self._pools.dues_months.get(member, 0)
        self._pools.dues_months[member] = back + 1
        body = {"month": _month_back(back), "amount": "30.00"}
        await self._request("roster", "pay_dues", "POST", f"/members/{member}/dues", body)

    # --- feedback: ratings and suggestions -------------------------------------------------------

    async def _rate(self) -> None:
        """A rating of the branch or of a member's service, by a respondent never seen before."""
        kind, subject = self._random.choice([("branch", self.organisation.branch_id), ("member", self._member())])
        body = {
            "subject_kind": kind,
            "subject_id": subject,
            "respondent_group": self._random.choice(_GROUPS),
            "respondent": f"R-{uuid.uuid4().hex[:12]}",
            "answer": self._random.choice(_ANSWERS),
        }
        await self._request("feedback", "rate", "POST", "/ratings", body)

    async def _suggest(self) -> None:
        body = {
            "branch_id": self.organisation.branch_id,
            "category": "service",
            "content": f"建议{uuid.uuid4().hex[:8]}：在夜班增设服务岗",
            "respondent_group": "member",
            "proposer_member_id": self._member(),
        }
        created = await self._request("feedback", "suggest", "POST", "/suggestions", body)
        if created is not None:
            self._pools.suggestions.append(_Suggestion(created["id"], "submitted"))

    async def _advance_suggestion(self) -> None:
        """The next step of a suggestion's loop: acknowledged, decided, answered, closed; reopened once
        and decided again (a decision that supersedes the first one's points)."""
        if not self._pools.suggestions:
            return await self._suggest()
        suggestion = self._pools.suggestions.pop(self._random.randrange(len(self._pools.suggestions)))
        step = _next_step(suggestion, self._random)
        if step is None:
            return  # its loop is done: it leaves the pool
        name, body, state_after = step
        path = f"/suggestions/{suggestion.suggestion_id}/{name}"
        if await self._request("feedback", f"suggestion_{name}", "POST", path, body):
            suggestion.state = state_after
            suggestion.reopened |= name == "reopen"
            self._pools.suggestions.append(suggestion)
        # A step that failed leaves the suggestion in a state unknown to the load: it leaves the pool.


def _next_step(suggestion: _Suggestion, chance: random.Random) -> tuple[str, dict[str, Any], str] | None:
    decision = {"decision": chance.choice(_DECISIONS), "reason": "经支委会研究"}
    steps: dict[str, tuple[str, dict[str, Any], str]] = {
        "submitted": ("acknowledge", {}, "acknowledged"),
        "acknowledged": ("decide", decision, "decided"),
        "reopened": ("decide", decision, "decided"),
        "decided": ("respond", {"response": "已按决定办理，谢谢您的建议"}, "responded"),
        "responded": ("close", {}, "closed"),
    }
    if suggestion.state == "closed":
        return None if suggestion.reopened else ("reopen", {"reason": "提议人不满意"}, "reopened")
    return steps[suggestion.state]


def _entry(member: str, state: str) -> dict[str, Any]:
    return {"member_id": member, "state": state} | ({"reason": "病假"} if state == "excused" else {})


def _month_back(months: int) -> str:
    """The month ``months`` before this one (in the organisation's time zone), as YYYY-MM."""
    today = local_today(TIMEZONE)
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


async def _wait_until_applied(service: str, api: Api, event_ids: tuple[str, ...], timeout: float) -> None:
    """Read-your-writes across services: the service's consumers have applied every one of the events."""
    deadline = time.monotonic() + timeout
    for start in range(0, len(event_ids), 200):  # /consumption takes up to 200 ids a call
        chunk = list(event_ids[start : start + 200])
        while not (await api.get("/consumption", after=chunk, wait_seconds=2))["applied"]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{service} has not applied the set-up's events within {timeout:.0f} s")
