"""Each roster fact activity keeps newest-first is fed from one topic: ``sequence`` numbers a key's events
within one topic, so comparing it across topics would let an older event win."""

from __future__ import annotations

import pytest

from activity.adapters.roster_facts import _COMMITTEE, _DEPARTMENTS, _POSTS
from bastion_contracts.roster import ROSTER_EVENTS


def carrying(field: str) -> tuple[type, ...]:
    return tuple(model for model in ROSTER_EVENTS if field in model.model_fields)


@pytest.mark.parametrize(
    "kinds",
    [carrying("org_unit"), carrying("member"), _COMMITTEE, _DEPARTMENTS, _POSTS],
    ids=["units", "people", "committees", "departments", "service posts"],
)
def test_every_roster_fact_is_fed_from_one_topic(kinds: tuple[type, ...]) -> None:
    assert kinds
    assert len({kind.topic.name for kind in kinds}) == 1, [kind.event_type for kind in kinds]
