"""Bastion's published event contracts: topics, vocabulary and event payload models.

Producers and consumers share these models; ``contracts/events/*.json`` are generated from
them (``make contracts``) and a test fails when the committed files are stale.
"""

from bastion.events.registry import EventRegistry
from bastion_contracts.activity import ACTIVITY_EVENTS
from bastion_contracts.feedback import FEEDBACK_EVENTS
from bastion_contracts.roster import ROSTER_EVENTS, MemberRegistered, MemberSnapshot
from bastion_contracts.scoring import SCORING_EVENTS
from bastion_contracts.topics import ALL_TOPICS, DOMAIN_TOPICS, ROSTER_MEMBERS, ROSTER_ORG_UNITS, ROSTER_RECORDS
from bastion_contracts.vocabulary import EducationLevel

REGISTRY = EventRegistry((*ROSTER_EVENTS, *ACTIVITY_EVENTS, *FEEDBACK_EVENTS, *SCORING_EVENTS))
# What scoring consumes: every event of record (not its own announcements).
DOMAIN_EVENT_TYPES = frozenset(m.event_type for m in (*ROSTER_EVENTS, *ACTIVITY_EVENTS, *FEEDBACK_EVENTS))

__all__ = [
    "ALL_TOPICS",
    "DOMAIN_EVENT_TYPES",
    "DOMAIN_TOPICS",
    "REGISTRY",
    "ROSTER_MEMBERS",
    "ROSTER_ORG_UNITS",
    "ROSTER_RECORDS",
    "EducationLevel",
    "MemberRegistered",
    "MemberSnapshot",
]
