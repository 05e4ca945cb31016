"""Every domain event type is either scored or deliberately ignored, and a scorer places its event in the
organisation's year: a new event type no one decided about fails here instead of being silently ignored."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bastion_contracts import DOMAIN_EVENT_TYPES, REGISTRY
from bastion_contracts import activity as a
from bastion_contracts.vocabulary import ActivityKind, AttendanceState, OrgUnitKind
from scoring.ingest.entries import IGNORED, SCORERS, score_event
from scoring.ingest.scorers import EventScorers
from scoring.rules import RuleBook, load_rule_sets

RULES = RuleBook(load_rule_sets(None))


@pytest.mark.parametrize("event_type", sorted(DOMAIN_EVENT_TYPES))
def test_every_domain_event_type_has_a_scorer_or_is_declared_ignored(event_type: str) -> None:
    model = REGISTRY.model_for(event_type)
    assert (model in SCORERS.handled) != (model in IGNORED), f"{model.__name__}: score it or declare it ignored"


def test_only_domain_event_types_are_scored_or_ignored() -> None:
    assert {model.event_type for model in SCORERS.handled | IGNORED} <= DOMAIN_EVENT_TYPES


def test_a_payload_class_gets_one_scorer() -> None:
    scorers = EventScorers()
    scorers.register(a.AttendanceRecorded, lambda p, at: None)
    with pytest.raises(ValueError, match="AttendanceRecorded"):
        scorers.register(a.AttendanceRecorded, lambda p, at: None)


def absence(start: datetime) -> a.AttendanceRecorded:
    return a.AttendanceRecorded(
        attendance_id=uuid.uuid4(),
        activity_id=uuid.uuid4(),
        kind=ActivityKind.BRANCH_ASSEMBLY,
        organiser_id=uuid.uuid4(),
        organiser_kind=OrgUnitKind.BRANCH,
        branch_id=uuid.uuid4(),
        activity_start=start,
        member_id=uuid.uuid4(),
        expected=True,
        state=AttendanceState.ABSENT,
        source="absent_when_held",
    )


@pytest.mark.parametrize(("timezone", "year"), [("Asia/Shanghai", 2026), ("UTC", 2025)])
def test_an_absence_counts_in_the_year_of_the_organisations_zone(timezone: str, year: int) -> None:
    event = absence(datetime(2025, 12, 31, 17, tzinfo=UTC))  # 1 January 2026, 01:00 in Beijing
    scored = score_event(event, uuid.uuid4(), RULES, timezone)
    assert scored is not None
    assert (scored.fact_key, scored.year) == (f"attendance:{event.activity_id}:{event.member_id}", year)
    assert [(e.member_id, e.rule, e.delta) for e in scored.entries] == [
        (event.member_id, "member.deductions.unexcused_absence.branch_assembly", Decimal(-3))
    ]


def test_an_ignored_event_is_worth_nothing() -> None:
    event = a.LearningHoursRecorded(
        record_id=uuid.uuid4(),
        member_id=uuid.uuid4(),
        branch_id=uuid.uuid4(),
        hours=Decimal(4),
        learned_on=date(2026, 3, 1),
        topic_name="党章",
    )
    assert a.LearningHoursRecorded in IGNORED
    assert score_event(event, uuid.uuid4(), RULES, "Asia/Shanghai") is None
