"""Activity's consumer: the roster facts it keeps, from roster's events."""

from __future__ import annotations

from activity.adapters.roster_facts import apply_roster_events
from bastion.consumer import ConsumerSpec
from bastion_contracts import ROSTER_MEMBERS, ROSTER_ORG_UNITS
from bastion_contracts.roster import ROSTER_EVENTS

CONSUMER_NAME = "activity-roster"

ROSTER_FACTS_CONSUMER = ConsumerSpec(
    name=CONSUMER_NAME,
    topics=(ROSTER_ORG_UNITS, ROSTER_MEMBERS),
    handles=frozenset(model.event_type for model in ROSTER_EVENTS if model.topic in (ROSTER_ORG_UNITS, ROSTER_MEMBERS)),
    handler=apply_roster_events,
)
