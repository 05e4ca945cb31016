"""Fail points: named places where a fault test can make this process die on the spot.

``BASTION_FAILPOINTS=consumer.after_db_commit`` makes the process kill itself with SIGKILL
the first time it reaches that point, exactly as a crash would. Unset (always, outside fault
tests), a fail point costs one set lookup. The names are listed in ``FAILPOINTS``.
"""

from __future__ import annotations

import logging
import os
import signal

FAILPOINTS = frozenset(
    {
        "consumer.after_db_commit",  # projection and offsets committed, Kafka offset not yet
        "relay.after_publish",  # events on Kafka, outbox rows not yet marked published
        "outbox.after_commit",  # a request's state and events committed, the request not yet answered
        "scoring.before_batch_commit",  # a batch's facts and ledger written, its transaction not committed
    }
)

_armed = frozenset(filter(None, os.environ.get("BASTION_FAILPOINTS", "").split(",")))
_unknown = _armed - FAILPOINTS
if _unknown:
    raise RuntimeError(f"BASTION_FAILPOINTS names unknown fail points: {sorted(_unknown)}")

log = logging.getLogger(__name__)


def failpoint(name: str) -> None:
    """Die here (SIGKILL) if this fail point is armed."""
    if name in _armed:
        log.critical("fail point reached: killing the process", extra={"failpoint": name})
        for handler in logging.getLogger().handlers:
            handler.flush()
        os.kill(os.getpid(), signal.SIGKILL)
