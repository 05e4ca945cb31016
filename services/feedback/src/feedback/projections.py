"""Feedback's consumer: the facts it keeps from roster's and activity's events."""

from __future__ import annotations

from bastion.consumer import ConsumerSpec
from bastion_contracts import ROSTER_MEMBERS, ROSTER_ORG_UNITS
from bastion_contracts.activity import ACTIVITY_EVENTS
from bastion_contracts.roster import ROSTER_EVENTS
from bastion_contracts.topics import ACTIVITY_ACTIVITIES
from feedback.adapters.known_facts import apply_facts

CONSUMER_NAME = "feedback-facts"
_TOPICS = (ROSTER_ORG_UNITS, ROSTER_MEMBERS, ACTIVITY_ACTIVITIES)

FACTS_CONSUMER = ConsumerSpec(
    name=CONSUMER_NAME,
    topics=_TOPICS,
    handles=frozenset(m.event_type for m in (*ROSTER_EVENTS, *ACTIVITY_EVENTS) if m.topic in _TOPICS),
    handler=apply_facts,
)
