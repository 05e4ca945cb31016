"""Each fact feedback keeps newest-first is fed from one topic: ``sequence`` numbers a key's events within
one topic, so comparing it across topics would let an older event win."""

from __future__ import annotations

import pytest

from bastion_contracts.activity import ACTIVITY_EVENTS
from bastion_contracts.roster import ROSTER_EVENTS


def carrying(field: str) -> tuple[type, ...]:
    return tuple(model for model in (*ROSTER_EVENTS, *ACTIVITY_EVENTS) if field in model.model_fields)


@pytest.mark.parametrize("field", ["org_unit", "member", "activity"])
def test_every_fact_is_fed_from_one_topic(field: str) -> None:
    kinds = carrying(field)
    assert kinds
    assert len({kind.topic.name for kind in kinds}) == 1, [kind.event_type for kind in kinds]
