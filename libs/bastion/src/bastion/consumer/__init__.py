"""Consuming events effectively once: batches applied with their offsets in one transaction."""

from bastion.consumer.runner import ConsumerRunner
from bastion.consumer.spec import BatchHandler, ConsumerSpec, GenerationConsumer, Outcome, ReceivedEvent
from bastion.consumer.store import wait_until_applied

__all__ = [
    "BatchHandler",
    "ConsumerRunner",
    "ConsumerSpec",
    "GenerationConsumer",
    "Outcome",
    "ReceivedEvent",
    "wait_until_applied",
]
