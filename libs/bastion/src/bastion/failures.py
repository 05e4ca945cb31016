"""Which failures are the infrastructure's and which are a message's or the code's: one answer for the whole
kit (the consumer and its dead-letter desk, the outbox relay, the services' own loops).

- The infrastructure's (a server away, a lost connection, a schema not migrated yet): wait and try again,
  for as long as it takes. A consumer never dead-letters a message for it.
- Anything else (a handler's bug, data the database refused, a broker refusing a record as too large):
  a consumer tries the message a few times, then dead-letters it; a loop with no message to set aside
  (the consumer's client, the relay) tries again with back-off and logs it as an error with its traceback.

An error that says which it is decides: Bastion's ``retriable`` (``bastion.errors``: an
``InfrastructureError`` is, a ``DomainError`` is not) and aiokafka's (a lost connection is, a refused
authorisation is not). Errors of the driver and the operating system carry no such flag: their kinds are
listed here.
"""

from __future__ import annotations

import logging

import asyncpg
from aiokafka.errors import (
    BrokerNotAvailableError,
    CommitFailedError,
    IllegalGenerationError,
    IllegalStateError,
    KafkaError,
    KafkaTimeoutError,
    KafkaUnavailableError,
    RebalanceInProgressError,
    ReplicaNotAvailableError,
    UnknownMemberIdError,
)
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bastion.errors import BastionError

# What the Kafka clients raise; a consumer restarts its client after one of these.
BROKER_FAILURES = (KafkaError, OSError, TimeoutError)

# aiokafka does not mark these retriable because it cannot simply send the same request again, not because
# trying again later cannot help: its own time ran out while the broker is away, or a rebalance of the
# consumer group overtook the request (a partition taken away meanwhile, a member or generation the group
# no longer knows); the client rejoins, and the work succeeds then.
_BROKER_AWAY = (KafkaTimeoutError, KafkaUnavailableError, BrokerNotAvailableError, ReplicaNotAvailableError)
_GROUP_CHANGED = (
    IllegalStateError,
    CommitFailedError,
    RebalanceInProgressError,
    UnknownMemberIdError,
    IllegalGenerationError,
)

# Without a flag: a lost connection, a server going down, a schema that does not match the code (a
# deployment to finish, not a message to set aside), no connection free in the pool, two transactions
# that collided (a deadlock or a serialization failure: the same work succeeds when tried again).
_INFRASTRUCTURE = (
    OSError,
    TimeoutError,
    OperationalError,
    InterfaceError,
    DisconnectionError,
    ProgrammingError,
    PoolTimeoutError,
    asyncpg.TransactionRollbackError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.OperatorInterventionError,  # the server shutting down or restarting
    asyncpg.InsufficientResourcesError,
    asyncpg.TooManyConnectionsError,
)


def is_infrastructure(exc: BaseException) -> bool:
    """True for failures no message causes and waiting can mend; a handler's own error (or bad data the
    database refused, e.g. an integrity or data error) is False. The first error in the chain that says
    so itself decides (a ``DomainError`` raised from a lost connection is the message's)."""
    seen: BaseException | None = exc
    for _ in range(8):  # the driver's error, wrapped by SQLAlchemy's, wrapped by the handler's
        if seen is None:
            break
        declared = _declared_retriable(seen)
        if declared is not None:
            return declared
        if isinstance(seen, _INFRASTRUCTURE) or getattr(seen, "connection_invalidated", False):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def _declared_retriable(error: BaseException) -> bool | None:
    if isinstance(error, BastionError):
        return error.retriable
    if isinstance(error, KafkaError):
        return bool(error.retriable) or isinstance(error, _BROKER_AWAY + _GROUP_CHANGED)
    return None


def log_failure(logger: logging.Logger, message: str, exc: BaseException, **extra: object) -> None:
    """A failure of a loop that will try again: the infrastructure's as a warning naming the error (expected
    while a server is away), anything else as an error with its traceback (a defect to look at)."""
    if is_infrastructure(exc):
        logger.warning(message, extra={"error": repr(exc), **extra})
    else:
        logger.error(message, exc_info=exc, extra=extra)
