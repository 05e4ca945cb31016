"""The contracts say which events carry which snapshot: every event that carries one feeds it."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from bastion.events.snapshots import SnapshotSource
from bastion_contracts.activity import ACTIVITY_EVENTS, ACTIVITY_SNAPSHOTS, QC_PROJECT_SNAPSHOTS
from bastion_contracts.feedback import FEEDBACK_EVENTS, SUGGESTION_SNAPSHOTS
from bastion_contracts.roster import (
    MEMBER_SNAPSHOTS,
    ORG_UNIT_SNAPSHOTS,
    ROSTER_EVENTS,
    SERVICE_POST_SNAPSHOTS,
    OrgUnitDissolved,
    OrgUnitSnapshot,
    ServicePost,
    ServicePostClosed,
)
from bastion_contracts.vocabulary import OrgUnitKind, ServicePostKind

EVENTS = (*ROSTER_EVENTS, *ACTIVITY_EVENTS, *FEEDBACK_EVENTS)


@pytest.mark.parametrize(
    ("field", "source"),
    [
        ("member", MEMBER_SNAPSHOTS),
        ("org_unit", ORG_UNIT_SNAPSHOTS),
        ("activity", ACTIVITY_SNAPSHOTS),
        ("project", QC_PROJECT_SNAPSHOTS),
        ("suggestion", SUGGESTION_SNAPSHOTS),
    ],
)
def test_every_event_carrying_a_snapshot_feeds_it(field: str, source: SnapshotSource[object, object]) -> None:
    # A new event type carrying the snapshot but missing here would leave every subscriber's copy behind.
    assert set(source.events) == {model for model in EVENTS if field in model.model_fields}


def test_a_dissolution_recorded_before_snapshots_carried_the_day_still_gives_it() -> None:
    unit = OrgUnitSnapshot(
        org_unit_id=uuid.uuid4(),
        kind=OrgUnitKind.BRANCH,
        name="一支部",
        parent_id=None,
        ancestor_ids=[],
        dissolved=True,
    )
    event = OrgUnitDissolved(org_unit=unit, dissolved_on=date(2025, 3, 1))
    snapshot = ORG_UNIT_SNAPSHOTS.carried_by(event)
    assert snapshot is not None
    assert (snapshot.dissolved_on, snapshot.name) == (date(2025, 3, 1), "一支部")


def test_a_closed_service_post_says_nothing_of_its_holders() -> None:
    post_id, branch_id = uuid.uuid4(), uuid.uuid4()
    kind = next(iter(ServicePostKind))
    event = ServicePostClosed(post_id=post_id, branch_id=branch_id, kind=kind, closed_on=date(2025, 3, 1))
    assert SERVICE_POST_SNAPSHOTS.carried_by(event) == ServicePost(post_id, branch_id, kind, True, None, None, None)
