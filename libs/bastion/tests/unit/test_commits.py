"""Reads waiting for their events wake when the consumer in their process commits, and only then."""

from __future__ import annotations

import asyncio

from bastion.consumer.commits import batch_committed, next_commit


async def test_a_waiting_read_wakes_at_the_next_commit_of_its_consumer() -> None:
    waiting = asyncio.create_task(next_commit("scoring-gen_1", timeout=30))
    other = asyncio.create_task(next_commit("activity-roster", timeout=30))
    await asyncio.sleep(0)

    batch_committed("scoring-gen_1")

    await asyncio.wait_for(waiting, 5)  # long before its own 30 s
    assert not other.done()  # another consumer's commit says nothing about its events
    other.cancel()


async def test_a_read_that_starts_waiting_after_a_commit_waits_for_the_next_one() -> None:
    batch_committed("scoring-gen_1")  # nobody waiting: nothing is kept for later
    waiting = asyncio.create_task(next_commit("scoring-gen_1", timeout=30))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert not waiting.done()
    batch_committed("scoring-gen_1")
    await asyncio.wait_for(waiting, 5)


async def test_without_a_commit_the_wait_ends_at_its_timeout() -> None:
    await asyncio.wait_for(next_commit("nobody-here", timeout=0.01), 5)
