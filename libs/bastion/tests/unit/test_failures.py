"""Which failures are the infrastructure's, and how a retrying loop reports them."""

from __future__ import annotations

import logging

import asyncpg
import pytest
from aiokafka.errors import (
    IllegalStateError,
    KafkaConnectionError,
    KafkaTimeoutError,
    MessageSizeTooLargeError,
    RequestTimedOutError,
    TopicAuthorizationFailedError,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from bastion.errors import BastionError, ConflictError, DomainError, InfrastructureError, RuleViolationError
from bastion.failures import is_infrastructure, log_failure


def _wrapped(orig: Exception, error: type[DBAPIError] = DBAPIError) -> DBAPIError:
    """A driver error as SQLAlchemy raises it."""
    return error("INSERT ...", {}, orig)


def test_a_lost_connection_is_the_infrastructures_however_it_is_wrapped() -> None:
    refused = ConnectionRefusedError(111, "Connect call failed")
    assert is_infrastructure(refused)
    assert is_infrastructure(_wrapped(refused))
    assert is_infrastructure(_wrapped(asyncpg.AdminShutdownError("terminating connection")))
    chained = RuntimeError("round failed")
    chained.__cause__ = refused
    assert is_infrastructure(chained)


def test_a_handlers_bug_or_data_the_database_refused_is_the_messages() -> None:
    assert not is_infrastructure(ValueError("no such member"))
    assert not is_infrastructure(_wrapped(asyncpg.UniqueViolationError("duplicate key"), IntegrityError))


def test_an_error_that_says_it_is_retriable_is_the_infrastructures_whatever_raised_it() -> None:
    assert is_infrastructure(InfrastructureError("the identity provider does not answer"))
    wrapped = RuntimeError("handler failed")
    wrapped.__cause__ = InfrastructureError("the projection is not ready")
    assert is_infrastructure(wrapped)
    assert not is_infrastructure(ConflictError("already decided"))
    refused = RuleViolationError("no such branch")
    refused.__cause__ = ConnectionRefusedError(111, "refused")
    assert not is_infrastructure(refused), "the first error that says what it is decides"


class ProjectionBehind(BastionError):
    """A service's own error that says waiting mends it, with no infrastructure class in its lineage."""

    retriable = True


class PayloadRefused(BastionError):
    retriable = False


class CalendarNotPublished(DomainError):
    """A domain error a service marks retriable: the flag, not the lineage, decides."""

    retriable = True


@pytest.mark.parametrize(
    ("error", "waited_out"),
    [
        (ProjectionBehind("the live generation is not ready"), True),
        (CalendarNotPublished("next year's holidays are not out yet"), True),
        (PayloadRefused("the member in this event does not exist"), False),
        (BastionError("a kit error that says nothing"), False),
    ],
)
def test_a_bastion_errors_retriable_flag_decides_between_waiting_and_the_dead_letter(
    error: BastionError, waited_out: bool
) -> None:
    assert is_infrastructure(error) is waited_out
    assert is_infrastructure(_wrapped(error)) is waited_out, "the same wrapped as a driver error"
    wrapped = RuntimeError("batch failed")
    wrapped.__cause__ = error
    assert is_infrastructure(wrapped) is waited_out, "and raised from within a handler"


def test_kafkas_retriable_flag_decides_and_a_broker_that_timed_out_is_away() -> None:
    assert is_infrastructure(KafkaConnectionError("connection lost"))
    assert is_infrastructure(RequestTimedOutError())
    assert is_infrastructure(KafkaTimeoutError("metadata not available after 10 s")), "aiokafka's own time ran out"
    assert is_infrastructure(IllegalStateError("No current assignment for partition")), "a rebalance took it away"
    assert not is_infrastructure(MessageSizeTooLargeError())
    assert not is_infrastructure(TopicAuthorizationFailedError())


def test_colliding_transactions_and_an_exhausted_pool_are_waited_out() -> None:
    assert is_infrastructure(_wrapped(asyncpg.DeadlockDetectedError("deadlock detected"), OperationalError))
    assert is_infrastructure(_wrapped(asyncpg.SerializationError("could not serialize access")))
    assert is_infrastructure(PoolTimeoutError("QueuePool limit of size 5 overflow 0 reached"))


def test_the_infrastructures_failures_are_warned_without_a_traceback_others_logged_with_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = logging.getLogger("bastion.tests.failures")
    with caplog.at_level(logging.WARNING, logger=log.name):
        log_failure(log, "round failed", ConnectionRefusedError(111, "refused"), round=3)
        log_failure(log, "round failed", ZeroDivisionError("division by zero"))

    away, defect = caplog.records
    assert (away.levelno, away.exc_info, away.round) == (logging.WARNING, None, 3)  # type: ignore[attr-defined]
    assert "ConnectionRefusedError" in away.error  # type: ignore[attr-defined]
    assert defect.levelno == logging.ERROR
    assert defect.exc_info is not None
    assert defect.exc_info[0] is ZeroDivisionError
