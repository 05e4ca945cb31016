"""Bastion's published event contracts: topics, vocabulary and event payload models.

Producers and consumers share these models; ``contracts/events/*.json`` are generated from
them (``make contracts``) and a test fails when the committed files are stale.
"""

from bastion.events.registry import EventRegistry
from bastion_contracts.activity import ACTIVITY_EVENTS
from bastion_contracts.feedback import FEEDBACK_EVENTS
from bastion_contracts.roster import ROSTER_EVENTS, MemberRegistered, MemberSnapshot
from bastion_contracts.topics import ALL_TOPICS, ROSTER_MEMBERS, ROSTER_ORG_UNITS, ROSTER_RECORDS
from bastion_contracts.vocabulary import EducationLevel

REGISTRY = EventRegistry((*ROSTER_EVENTS, *ACTIVITY_EVENTS, *FEEDBACK_EVENTS))

__all__ = [
    "ALL_TOPICS",
    "REGISTRY",
    "ROSTER_MEMBERS",
    "ROSTER_ORG_UNITS",
    "ROSTER_RECORDS",
    "EducationLevel",
    "MemberRegistered",
    "MemberSnapshot",
]
