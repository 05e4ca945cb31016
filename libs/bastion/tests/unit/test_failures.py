"""Which failures are the infrastructure's, and how a retrying loop reports them."""

from __future__ import annotations

import logging

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from bastion.consumer.failures import is_infrastructure, log_failure


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
