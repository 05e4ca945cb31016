"""Word, within one process, that a consumer has committed a batch.

Reads that wait for events they name (read-your-writes) would otherwise only learn of them by asking the
database again and again. When the consumer runs in the same process, as it usually does, it says when a
batch is in, and every waiting read looks once, right then. A consumer in another process (another
replica owning the partition) is still noticed by the waiting read's own, slower polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import weakref

# Per event loop (an Event belongs to one), per consumer: one Event, set and replaced at each commit, so
# everyone waiting wakes once. Held weakly: a closed loop's Events go with it.
_next: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Event]] = weakref.WeakKeyDictionary()


def batch_committed(consumer: str) -> None:
    """Wake the reads waiting on this consumer (call after the database commit)."""
    event = _next.get(asyncio.get_running_loop(), {}).pop(consumer, None)
    if event is not None:
        event.set()


async def next_commit(consumer: str, timeout: float) -> None:
    """Return at the consumer's next commit in this process, or after ``timeout`` seconds."""
    waiting = _next.setdefault(asyncio.get_running_loop(), {})
    event = waiting.setdefault(consumer, asyncio.Event())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), timeout)
