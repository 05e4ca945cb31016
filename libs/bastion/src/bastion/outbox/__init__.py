"""The transactional outbox: write events with the state change, publish them after commit."""

from bastion.outbox.relay import OutboxRelay
from bastion.outbox.unit_of_work import UnitOfWork
from bastion.outbox.writer import PendingEvent, append_to_outbox

__all__ = ["OutboxRelay", "PendingEvent", "UnitOfWork", "append_to_outbox"]
