"""Which failures are the infrastructure's (wait and try again, for as long as it takes) and which are
a message's (a few tries, then a dead letter)."""

from __future__ import annotations

import logging

import asyncpg
from aiokafka.errors import KafkaError
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError, ProgrammingError

BROKER_FAILURES = (KafkaError, OSError, TimeoutError)

# A lost connection, a server going down, a schema that does not match the code (a deployment to fix,
# not a message to set aside): none of these is a message's fault.
_INFRASTRUCTURE = (
    *BROKER_FAILURES,
    OperationalError,
    InterfaceError,
    DisconnectionError,
    ProgrammingError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.OperatorInterventionError,  # the server shutting down or restarting
    asyncpg.InsufficientResourcesError,
    asyncpg.TooManyConnectionsError,
)


def is_infrastructure(exc: BaseException) -> bool:
    """True for failures no message causes; a handler's own error (or bad data the database refused,
    e.g. an integrity or data error) is False."""
    seen: BaseException | None = exc
    for _ in range(8):  # the driver's error, wrapped by SQLAlchemy's
        if seen is None:
            break
        if isinstance(seen, _INFRASTRUCTURE) or getattr(seen, "connection_invalidated", False):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def log_failure(logger: logging.Logger, message: str, exc: BaseException, **extra: object) -> None:
    """A failure of a loop that will try again: the infrastructure's as a warning naming the error (expected
    while a server is away), anything else as an error with its traceback (a defect to look at)."""
    if is_infrastructure(exc):
        logger.warning(message, extra={"error": repr(exc), **extra})
    else:
        logger.error(message, exc_info=exc, extra=extra)
