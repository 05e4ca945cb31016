"""The projection is a function of the set of events: any order, any duplicates, any rebuild."""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from sqlalchemy import text

from bastion.events import CloudEvent, EventData
from bastion.testing import TestStack, running_service
from bastion.testing.kafka import produce
from bastion_contracts import activity as a
from bastion_contracts import feedback as fb
from bastion_contracts import roster as r
from bastion_contracts.testing import member_snapshot
from bastion_contracts.vocabulary import (
    ActivityKind,
    ActivityState,
    AttendanceState,
    DisciplineLevel,
    FeedbackChannel,
    HonourLevel,
    MemberClass,
    MemberStatus,
    OrgUnitKind,
    RatingSubjectKind,
    RespondentGroup,
    SatisfactionAnswer,
    SubjectKind,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
    ThemedPracticeSubtype,
)
from scoring.adapters.orm import projection
from scoring.main import SERVICE
from scoring.reads import live_generation
from scoring.rebuild import Rebuild, _digest

TABLES = [t.name for t in projection.sorted_tables if t.name.startswith("f_")] + ["ledger", "ledger_keys"]


class History:
    """A realistic stretch of a branch's life as events, each with its producer's per-subject sequence."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sequences: dict[str, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self.events: list[CloudEvent] = []

    def add(self, payload: EventData, at: datetime) -> None:
        subject = payload.subject()
        self.events.append(
            CloudEvent.wrap(payload, event_id=uuid.uuid4(), sequence=next(self.sequences[subject]), time=at)
        )


def realistic_history(seed: int = 7) -> list[CloudEvent]:
    h = History(seed)
    start = datetime(2026, 1, 5, 1, tzinfo=UTC)
    committee, branch = uuid.uuid4(), uuid.uuid4()
    h.add(
        r.OrgUnitCreated(
            org_unit=r.OrgUnitSnapshot(
                org_unit_id=committee, kind=OrgUnitKind.PARTY_COMMITTEE, name="党委", parent_id=None, ancestor_ids=[]
            )
        ),
        start,
    )
    h.add(
        r.OrgUnitCreated(
            org_unit=r.OrgUnitSnapshot(
                org_unit_id=branch,
                kind=OrgUnitKind.BRANCH,
                name="四支部",
                parent_id=committee,
                ancestor_ids=[committee],
            )
        ),
        start,
    )
    members = [uuid.uuid4() for _ in range(10)]
    for index, member in enumerate(members):
        cls = MemberClass.SPECIAL if index == 9 else MemberClass.ORDINARY
        h.add(
            r.MemberRegistered(
                member=member_snapshot(
                    member, branch, f"党员{index}", member_class=cls, probationary_on=date(1995, 7, 1)
                )
            ),
            start,
        )
    seats = [
        r.CommitteeSeat(role=role, member_id=m, member_name="委员", assigned_on=date(2025, 1, 1))
        for role, m in zip(("secretary", "org_officer", "publicity_officer"), members, strict=False)
    ]
    h.add(
        r.CommitteeSeatAssigned(
            branch_id=branch,
            term_id=uuid.uuid4(),
            term_starts_on=date(2025, 1, 1),
            term_ends_on=date(2028, 1, 1),
            seats=seats,
            role=seats[-1].role,
            member_id=seats[-1].member_id,
            assigned_on=date(2025, 1, 1),
        ),
        start,
    )
    _changes(h, branch, committee, members, seats, start)
    kinds = [
        ActivityKind.BRANCH_ASSEMBLY,
        ActivityKind.THEME_DAY,
        ActivityKind.PARTY_LESSON,
        ActivityKind.THEMED_PRACTICE,
        ActivityKind.VOLUNTEER_SERVICE,
        ActivityKind.COMMITTEE_MEETING,
    ]
    for month in range(1, 7):
        for kind in kinds:
            when = datetime(2026, month, 10 + kinds.index(kind), 1, tzinfo=UTC)
            _activity(h, branch, kind, when, members)
    _records(h, branch, members, start)
    return h.events


def _changes(
    h: History,
    branch: uuid.UUID,
    committee: uuid.UUID,
    members: list[uuid.UUID],
    seats: list[r.CommitteeSeat],
    start: datetime,
) -> None:
    """What the past organisation is read from: a transfer out and a status change, a seat vacated, a
    department and a reserve talent added and removed (each removal may arrive before its addition)."""
    other, mover = uuid.uuid4(), uuid.uuid4()
    unit = r.OrgUnitSnapshot(
        org_unit_id=other, kind=OrgUnitKind.BRANCH, name="一支部", parent_id=committee, ancestor_ids=[committee]
    )
    h.add(r.OrgUnitCreated(org_unit=unit.model_copy(update={"established_on": date(2020, 1, 1)})), start)
    h.add(r.MemberRegistered(member=member_snapshot(mover, branch, "调出者", probationary_on=date(2001, 7, 1))), start)
    moved = member_snapshot(mover, other, "调出者", probationary_on=date(2001, 7, 1))
    h.add(
        r.MemberTransferred(
            member=moved, from_branch_id=branch, to_branch_id=other, transferred_on=date(2026, 3, 1), left_group_id=None
        ),
        start,
    )
    gone = moved.model_copy(update={"status": MemberStatus.TRANSFERRED_OUT})
    h.add(
        r.MemberStatusChanged(
            member=gone, previous_status=MemberStatus.ACTIVE, changed_on=date(2026, 5, 1), reason="调离本企业"
        ),
        start,
    )
    term = {"branch_id": branch, "term_id": uuid.uuid4(), "term_starts_on": date(2025, 1, 1)}
    term |= {"term_ends_on": date(2028, 1, 1), "seats": seats[:2]}
    vacated = seats[2]
    h.add(
        r.CommitteeSeatVacated(
            **term, role=vacated.role, member_id=vacated.member_id, vacated_on=date(2026, 4, 1), reason="免职"
        ),
        start,
    )
    department = {"department_id": uuid.uuid4(), "branch_id": branch, "name": "质量管理科"}
    h.add(r.ServedDepartmentAdded(**department, added_on=date(2025, 6, 1)), start)
    h.add(r.ServedDepartmentRemoved(**department, removed_on=date(2026, 2, 1)), start)
    talent = {"talent_id": uuid.uuid4(), "branch_id": branch}
    h.add(
        r.ReserveTalentAdded(
            **talent,
            name="青年",
            gender="female",
            birth_date=date(1999, 3, 3),
            education="bachelor",
            department="质检科",
            mentor_id=members[0],
            member_id=None,
            added_on=date(2026, 1, 10),
        ),
        start,
    )
    h.add(r.ReserveTalentRemoved(**talent, removed_on=date(2026, 4, 20), reason="调离"), start)


def _activity(h: History, branch: uuid.UUID, kind: ActivityKind, when: datetime, members: list[uuid.UUID]) -> None:
    activity_id = uuid.uuid4()
    snap = {
        "activity_id": activity_id,
        "kind": kind,
        "organiser_id": branch,
        "organiser_kind": OrgUnitKind.BRANCH,
        "branch_id": branch,
        "title": kind.label_zh,
        "planned_start": when,
        "place": "活动室",
        "five_services": ["serve_members"],
        "subtype": ThemedPracticeSubtype.LEAN_MANAGEMENT if kind is ActivityKind.THEMED_PRACTICE else None,
        "lecturer_id": members[0] if kind is ActivityKind.PARTY_LESSON else None,
    }
    h.add(
        a.ActivityScheduled(activity=a.ActivitySnapshot(state=ActivityState.PLANNED, **snap)), when - timedelta(days=3)
    )
    held = a.ActivitySnapshot(state=ActivityState.HELD, held_start=when, **snap)
    h.add(a.ActivityHeld(activity=held), when)
    expected = members[:3] if kind is ActivityKind.COMMITTEE_MEETING else members
    for member in expected:
        state = h.rng.choice(
            [AttendanceState.PRESENT] * 6 + [AttendanceState.ABSENT, AttendanceState.EXCUSED, AttendanceState.LATE]
        )
        _attend(h, activity_id, kind, branch, when, member, state, members)
        if state is AttendanceState.ABSENT and h.rng.random() < 0.5:  # corrected later: the absence was excused
            _attend(h, activity_id, kind, branch, when, member, AttendanceState.EXCUSED, members, correction=True)
    approved = a.ActivitySnapshot(
        state=ActivityState.APPROVED, held_start=when, approved_at=when + timedelta(days=2), **snap
    )
    h.add(a.ActivityApproved(activity=approved), when + timedelta(days=2))


def _attend(
    h: History,
    activity_id: uuid.UUID,
    kind: ActivityKind,
    branch: uuid.UUID,
    when: datetime,
    member: uuid.UUID,
    state: AttendanceState,
    members: list[uuid.UUID],
    correction: bool = False,
) -> None:
    h.add(
        a.AttendanceRecorded(
            attendance_id=uuid.uuid4(),
            activity_id=activity_id,
            kind=kind,
            organiser_id=branch,
            organiser_kind=OrgUnitKind.BRANCH,
            branch_id=branch,
            activity_start=when,
            member_id=member,
            member_class=MemberClass.SPECIAL if member == members[9] else MemberClass.ORDINARY,
            expected=True,
            state=state,
            reason="补假" if state is AttendanceState.EXCUSED else None,
            previous_state=AttendanceState.ABSENT if correction else None,
            source="correction" if correction else "recorder",
            role="lead" if member == members[1] else "participant",
        ),
        when + timedelta(days=4 if correction else 0),
    )


def _records(h: History, branch: uuid.UUID, members: list[uuid.UUID], start: datetime) -> None:
    for member in members[:6]:
        for month in range(1, 6):
            h.add(
                r.DuesPaid(
                    member_id=member,
                    branch_id=branch,
                    month=f"2026-{month:02d}",
                    amount=Decimal("18.50"),
                    paid_on=date(2026, month, 8),
                ),
                start,
            )
        h.add(
            a.LearningHoursRecorded(
                record_id=uuid.uuid4(),
                member_id=member,
                branch_id=branch,
                hours=Decimal("6.0"),
                learned_on=date(2026, 3, 3),
                topic_name="党章",
            ),
            start,
        )
    h.add(
        a.ServiceRecorded(
            record_id=uuid.uuid4(),
            activity_id=uuid.uuid4(),
            kind=ActivityKind.DOOR_TO_DOOR_VISIT,
            branch_id=branch,
            department_ids=[uuid.uuid4()],
            member_ids=members[:3],
            hours=Decimal("2.0"),
            served_at=start + timedelta(days=40),
        ),
        start,
    )
    project = a.QcProjectSnapshot(
        project_id=uuid.uuid4(),
        branch_id=branch,
        title="降低空头率",
        leader_id=members[2],
        member_ids=[members[3]],
        registered_on=date(2026, 1, 10),
        closed_on=date(2026, 5, 20),
    )
    h.add(a.QcProjectClosed(project=project), start + timedelta(days=135))
    h.add(a.QcProjectAwarded(project=project.model_copy(update={"award": "厂级一等奖"})), start + timedelta(days=150))
    h.add(
        r.HonourRecorded(
            honour_id=uuid.uuid4(),
            subject_kind=SubjectKind.MEMBER,
            member_id=members[4],
            branch_id=branch,
            level=HonourLevel.PROVINCIAL,
            title="优秀共产党员",
            awarded_on=date(2026, 6, 28),
        ),
        start,
    )
    h.add(
        r.DisciplineRecorded(
            record_id=uuid.uuid4(),
            member_id=members[8],
            branch_id=branch,
            level=DisciplineLevel.WARNING,
            decided_on=date(2026, 4, 1),
            reason="违反工作纪律",
        ),
        start,
    )
    _suggestion(h, branch, members[5], start)
    for index in range(14):
        h.add(
            fb.RatingSubmitted(
                rating_id=uuid.uuid4(),
                subject_kind=RatingSubjectKind.BRANCH,
                subject_id=branch,
                branch_id=branch,
                respondent_group=list(RespondentGroup)[index % 3],
                answer=list(SatisfactionAnswer)[index % 4],
                score=list(SatisfactionAnswer)[index % 4].score,
                has_comment=False,
                channel=FeedbackChannel.STAFF,
                period="2026-Q2",
                submitted_at=start + timedelta(days=100 + index),
            ),
            start,
        )


def _suggestion(h: History, branch: uuid.UUID, proposer: uuid.UUID, start: datetime) -> None:
    base = fb.SuggestionSnapshot(
        suggestion_id=uuid.uuid4(),
        branch_id=branch,
        category=SuggestionCategory.SERVICE,
        respondent_group=RespondentGroup.MEMBER,
        proposer_member_id=proposer,
        anonymous=False,
        channel=FeedbackChannel.STAFF,
        state=SuggestionState.SUBMITTED,
        submitted_at=start + timedelta(days=20),
        acknowledge_due=date(2026, 1, 30),
        decide_due=date(2026, 2, 20),
    )
    decided = base.model_copy(
        update={
            "state": SuggestionState.DECIDED,
            "decided_at": start + timedelta(days=30),
            "decision": SuggestionDecision.ADOPTED,
        }
    )
    reopened = decided.model_copy(update={"state": SuggestionState.REOPENED, "decision": None, "reopened_count": 1})
    again = reopened.model_copy(
        update={
            "state": SuggestionState.DECIDED,
            "decision": SuggestionDecision.PARTIALLY_ADOPTED,
            "decided_at": start + timedelta(days=60),
        }
    )
    h.add(fb.SuggestionSubmitted(suggestion=base), start + timedelta(days=20))
    h.add(fb.SuggestionDecided(suggestion=decided, reason="可行", within_deadline=True), start + timedelta(days=30))
    h.add(fb.SuggestionReopened(suggestion=reopened, reason="未落实"), start + timedelta(days=50))
    h.add(fb.SuggestionDecided(suggestion=again, reason="部分可行", within_deadline=True), start + timedelta(days=60))


async def feed(stack: TestStack, prefix: str, events: list[CloudEvent]) -> None:
    by_topic: dict[str, list[CloudEvent]] = defaultdict(list)
    for event in events:
        by_topic[SERVICE.registry.model_for(event.type).topic.qualified(prefix)].append(event)
    for topic, messages in by_topic.items():
        await produce(stack.kafka_bootstrap, topic, messages)


async def until_applied(http: httpx.AsyncClient, events: list[CloudEvent]) -> None:
    ids = [str(e.id) for e in events]
    for start in range(0, len(ids), 200):
        for _ in range(30):
            answer = await http.get("/consumption", params={"after": ids[start : start + 200], "wait_seconds": 2})
            if answer.json()["applied"]:
                break
        else:
            raise AssertionError("scoring did not apply the events")


async def digests(engine: object, generation: str) -> dict[str, tuple[int, str | None]]:
    return {table: await _digest(engine, generation, table) for table in TABLES}  # type: ignore[arg-type]


async def test_the_same_events_in_any_order_with_duplicates_give_the_same_projection(stack: TestStack) -> None:
    history = realistic_history()
    shuffled = list(history)
    random.Random(11).shuffle(shuffled)
    duplicated = shuffled + random.Random(12).sample(history, 40)
    outcomes = []
    for events in (history, duplicated):
        settings = await stack.settings_for(SERVICE, kafka_topic_prefix=f"t{uuid.uuid4().hex[:8]}.")
        async with running_service(SERVICE, settings) as scoring:
            await feed(stack, settings.kafka_topic_prefix, events)
            await until_applied(scoring.http, history)
            await asyncio.sleep(0.5)
            outcomes.append(await digests(scoring.runtime.engine, live_generation(scoring.runtime)))

    ordered, shuffled_result = outcomes
    assert ordered["ledger"][0] > 50, "the history moves scores"
    assert ordered["f_attendance"][0] == 6 * (5 * 10 + 3)
    kept = ("f_transfers", "f_status_changes", "f_seat_vacancies", "f_seat_assignments", "f_departments", "f_reserve")
    assert [ordered[table][0] for table in kept] == [1, 1, 1, 3, 1, 1], "the past organisation is kept"
    assert shuffled_result == ordered


async def test_a_rebuild_while_reads_go_on_switches_to_an_identical_projection(
    stack: TestStack, caplog: pytest.LogCaptureFixture
) -> None:
    history, later = realistic_history(seed=3), realistic_history(seed=4)[:40]
    settings = await stack.settings_for(SERVICE)  # taking its partitions itself, as under `make run`
    async with running_service(SERVICE, settings) as scoring:
        await feed(stack, settings.kafka_topic_prefix, history)
        await until_applied(scoring.http, history)
        branch = next(
            e.subject
            for e in history
            if e.type == "bastion.roster.org_unit.created.v1" and e.data["org_unit"]["kind"] == "branch"
        )
        before = (await scoring.http.get(f"/branches/{branch}/member-count")).json()["member_count"]
        live_before = await digests(scoring.runtime.engine, "gen_1")

        reads: list[int] = []
        stop = asyncio.Event()

        async def keep_reading() -> None:
            while not stop.is_set():
                answer = await scoring.http.get(f"/branches/{branch}/member-count")
                reads.append(answer.status_code)
                await asyncio.sleep(0.05)

        reader = asyncio.create_task(keep_reading())
        said: list[str] = []
        # As `bastion rebuild` run from a shell, where the consumer assignment is the default (a group).
        rebuilt = await Rebuild(settings.model_copy(update={"consumer_assignment": "group"}), say=said.append).run()
        for _ in range(100):  # the service notices the switch within its poll (2 s)
            if live_generation(scoring.runtime) == rebuilt:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await reader
        after = (await scoring.http.get(f"/branches/{branch}/member-count")).json()["member_count"]
        live_now = live_generation(scoring.runtime)
        rebuilt_digests = await digests(scoring.runtime.engine, rebuilt)
        with caplog.at_level(logging.WARNING):  # the service goes on consuming into the new generation
            await feed(stack, settings.kafka_topic_prefix, later)
            await until_applied(scoring.http, later)
        consumers = set(scoring.runtime.consumers)

    assert rebuilt == live_now == "gen_2"
    assert len(reads) > 10, "reads went on during the rebuild"
    assert set(reads) == {200}, "every read during the rebuild was answered"
    assert before == after == 10
    assert rebuilt_digests == live_before
    assert any("identical" in line for line in said)
    assert consumers == {"scoring-gen_2"}
    said_after = [record.getMessage() for record in caplog.records]
    failed_commits = [line for line in said_after if "OffsetCommit" in line or "could not commit" in line]
    assert failed_commits == [], "the rebuild left nothing in the generation's consumer group"


@pytest.mark.slow
async def test_a_rebuild_after_an_upgrade_switches_from_a_generation_that_lacks_the_new_facts(stack: TestStack) -> None:
    """A live generation built by an earlier projection version lacks what was added since (here the seats
    over time) for the events it applied before: the rebuild fills them in and switches, without the
    comparison that would refuse it."""
    history = realistic_history(seed=5)
    settings = await stack.settings_for(SERVICE)
    async with running_service(SERVICE, settings) as scoring:
        await feed(stack, settings.kafka_topic_prefix, history)
        await until_applied(scoring.http, history)
        async with scoring.runtime.engine.begin() as connection:
            await connection.execute(text("UPDATE projection_generations SET projection_version = NULL"))
            await connection.execute(text('DELETE FROM "gen_1".f_seat_assignments'))
        said: list[str] = []
        rebuilt = await Rebuild(settings, say=said.append).run(switch=True)
        rebuilt_seats = await _digest(scoring.runtime.engine, rebuilt, "f_seat_assignments")

    assert rebuilt == "gen_2"
    assert any("earlier projection (version 1, now 2)" in line for line in said), said
    assert rebuilt_seats[0] == 3
