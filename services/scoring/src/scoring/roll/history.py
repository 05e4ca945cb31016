"""A person's standing on a day (pure): branch, status and stage, from what changed and when it took effect.

- Stage: the last stage whose date is on or before the day (full_on → full member, probationary_on →
  probationary, candidate_on, activist_on, applied_on); before the first, not on the roll yet.
- Status: the status now, unless a recorded change took effect after the day; then the status before the
  earliest such change. Branch: likewise from the transfers.

A change takes effect on its day (a member who lapsed on 1 September is lapsed that day). Facts kept
before the dates were (no date for the current stage) count the current stage as always held.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

STAGES = ("applicant", "activist", "candidate", "probationary", "full")
PARTY_STAGES = frozenset({"probationary", "full"})
ACTIVE = "active"


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A status change (转出, 脱党, 开除, 去世 …) that took effect on ``day``."""

    day: date
    sequence: int
    previous: str
    status: str


@dataclass(frozen=True, slots=True)
class Transfer:
    """A move to another branch (组织关系转接) that took effect on ``day``."""

    day: date
    sequence: int
    from_branch_id: uuid.UUID
    to_branch_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a person stood on a day: their branch, status, stage (None: not on any roll yet), and the day
    they left the active roll if they were off it (None while active)."""

    branch_id: uuid.UUID
    status: str
    stage: str | None
    left_on: date | None = None

    @property
    def on_roll(self) -> bool:
        return self.status == ACTIVE and self.stage is not None

    @property
    def party_member(self) -> bool:
        return self.stage in PARTY_STAGES


@dataclass(frozen=True, slots=True)
class MemberHistory:
    """A person as scoring knows them now, with what changed and when."""

    member_id: uuid.UUID
    name: str
    branch_id: uuid.UUID
    stage: str
    status: str
    birth_date: date
    education: str
    stage_dates: Mapping[str, date | None] = field(default_factory=dict)
    probation_ends_on: date | None = None
    status_changes: tuple[StatusChange, ...] = ()
    transfers: tuple[Transfer, ...] = ()

    def on(self, day: date) -> Standing:
        status = self.status_on(day)
        return Standing(
            self.branch_on(day), status, self.stage_on(day), None if status == ACTIVE else self.left_on(day)
        )

    def stage_on(self, day: date) -> str | None:
        reached = STAGES[: STAGES.index(self.stage) + 1] if self.stage in STAGES else ()
        for stage in reversed(reached):
            started = self.stage_dates.get(stage)
            if started is None and stage == self.stage:
                return stage
            if started is not None and started <= day:
                return stage
        return None

    def status_on(self, day: date) -> str:
        later = [c for c in self.status_changes if c.day > day]
        return min(later, key=lambda c: (c.day, c.sequence)).previous if later else self.status

    def branch_on(self, day: date) -> uuid.UUID:
        later = [t for t in self.transfers if t.day > day]
        return min(later, key=lambda t: (t.day, t.sequence)).from_branch_id if later else self.branch_id

    def left_on(self, day: date) -> date | None:
        """The day of the last change by ``day`` that took the person off the active roll."""
        left = [c for c in self.status_changes if c.day <= day and c.previous == ACTIVE and c.status != ACTIVE]
        return max(left, key=lambda c: (c.day, c.sequence)).day if left else None

    def on_roll_of(self, branch_id: uuid.UUID, day: date) -> bool:
        standing = self.on(day)
        return standing.on_roll and standing.branch_id == branch_id
