"""Bastion's published event contracts: topics and event payload models.

Producers and consumers share these models; ``contracts/events/*.json`` are generated from
them (``make contracts``) and a test fails when the committed files are stale.
"""

from bastion.events.registry import EventRegistry
from bastion_contracts.roster import MemberRegistered
from bastion_contracts.topics import ALL_TOPICS, ROSTER_MEMBERS
from bastion_contracts.vocabulary import EducationLevel

REGISTRY = EventRegistry([MemberRegistered])

__all__ = ["ALL_TOPICS", "REGISTRY", "ROSTER_MEMBERS", "EducationLevel", "MemberRegistered"]
