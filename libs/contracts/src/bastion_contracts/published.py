"""The whole published contract: every event type, the topics Bastion publishes to and the
dead-letter topic, at the version of this package (the AsyncAPI document's ``info.version``)."""

from __future__ import annotations

from importlib.metadata import version

from bastion.consumer.dead_letters import DEAD_LETTERS
from bastion.events.contracts import Contracts
from bastion_contracts import REGISTRY
from bastion_contracts.topics import ALL_TOPICS


def published_contracts() -> Contracts:
    return Contracts(REGISTRY, ALL_TOPICS, DEAD_LETTERS, version=version("bastion-contracts"))
