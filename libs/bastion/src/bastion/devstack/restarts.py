"""Starting a crashed child of ``bastion dev`` again, as Compose's ``restart: unless-stopped`` does.

A child that dies is started again after 1 s, then 2, 4 … up to 30 s while it keeps dying; once it has
stayed up a minute, the next crash waits 1 s again. Only Ctrl-C or SIGTERM to ``bastion dev`` stops it
for good (then everything stops, in order).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from subprocess import Popen
from typing import Protocol

from bastion.backoff import Backoff

FIRST_DELAY_SECONDS = 1.0
LONGEST_DELAY_SECONDS = 30.0
STABLE_AFTER_SECONDS = 60.0


class RestartPolicy:
    """When to start a child again: exponential back-off, reset after it stayed up ``stable_after`` seconds."""

    def __init__(
        self,
        first: float = FIRST_DELAY_SECONDS,
        longest: float = LONGEST_DELAY_SECONDS,
        stable_after: float = STABLE_AFTER_SECONDS,
    ) -> None:
        self._backoff = Backoff(initial=first, maximum=longest)
        self._stable_after = stable_after
        self._up_since: float | None = None
        self._due_at: float | None = None
        self.restarts = 0

    def started(self, now: float) -> None:
        self._up_since = now
        self._due_at = None

    def crashed(self, now: float) -> float:
        """It died (or failed to start) at ``now``: how long to wait before the next start."""
        if self._up_since is not None and now - self._up_since >= self._stable_after:
            self._backoff.reset()
        self._up_since = None
        delay = self._backoff.next()
        self._due_at = now + delay
        return delay

    @property
    def waiting(self) -> bool:
        """Down, with a start planned."""
        return self._due_at is not None

    def due(self, now: float) -> bool:
        return self._due_at is not None and now >= self._due_at


class Child(Protocol):
    """A service, the broker or PostgreSQL: something with a process (None before it starts)."""

    process: Popen[bytes] | None


@dataclass
class Watched:
    """A child of the dev stack that is started again when it dies."""

    name: str
    child: Child
    start: Callable[[], str]  # starts it again (blocking until it runs); says how it went
    log: Path
    consequence: str = ""  # what its death means for the rest, said when it dies
    policy: RestartPolicy = field(default_factory=RestartPolicy)

    def is_running(self) -> bool:
        process = self.child.process
        return process is not None and process.poll() is None

    def exit_code(self) -> int | None:
        process = self.child.process
        return process.returncode if process is not None else None


def look_after(child: Watched, now: float, say: Callable[[str], None]) -> None:
    """Notice that ``child`` died and plan its start, or start it when that is due."""
    if child.policy.waiting:
        if not child.policy.due(now):
            return
        try:
            done = child.start()
        except Exception as exc:  # noqa: BLE001 - whatever stops it from starting, try again later
            delay = child.policy.crashed(now)
            say(f"{child.name} did not start again ({exc}); next try in {delay:.0f} s; see {child.log}")
            return
        child.policy.started(now)
        child.policy.restarts += 1
        say(f"{child.name} started again ({done}; restart {child.policy.restarts} of this run)")
    elif not child.is_running():
        delay = child.policy.crashed(now)
        consequence = f" {child.consequence}" if child.consequence else ""
        say(
            f"{child.name} exited ({describe_exit(child.exit_code())}); starting it again in {delay:.0f} s."
            f"{consequence} See {child.log}"
        )


def describe_exit(code: int | None) -> str:
    """``-9`` as "killed by SIGKILL", ``1`` as "exit code 1"."""
    if code is None:
        return "gone"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"
