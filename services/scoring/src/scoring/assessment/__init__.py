"""Branch assessment on the 六有 standard (domain.md §3): what it reads, and what it gives.

``inputs`` loads an :class:`AssessmentInputs` from the live projection, ``compute`` turns it into a
:class:`BranchAssessment` with the year's rule set (pure), ``service`` puts the two together.
Every indicator carries the facts it counted and the rule numbers it used, for the explanation.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from scoring.period import Span

# --- inputs: what the projection holds about a branch in a period --------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """A person on the branch's roll on ``as_of`` (active, at the stage they had reached by then)."""

    member_id: uuid.UUID
    name: str
    stage: str
    birth_date: date
    education: str
    applied_on: date | None = None
    activist_on: date | None = None
    probation_ends_on: date | None = None
    last_review_on: date | None = None
    talk_held: bool = False

    @property
    def party_member(self) -> bool:
        return self.stage in ("probationary", "full")


@dataclass(frozen=True, slots=True)
class HeldActivity:
    """An activity held (held, approved or returned) in the period, organised by the branch or its groups."""

    activity_id: uuid.UUID
    kind: str
    organiser_id: uuid.UUID
    held_start: datetime
    held_on: date
    subtype: str | None = None
    approved_at: datetime | None = None
    lecturer_id: uuid.UUID | None = None
    five_services: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Visit:
    """A door-to-door visit (科室上门服务) and the departments it served."""

    record_id: uuid.UUID
    served_on: date
    department_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    suggestion_id: uuid.UUID
    decide_due: date
    decided_on: date | None
    decision: str | None


@dataclass(frozen=True, slots=True)
class Record:
    """An honour of the branch, a disciplinary case of a member, a reserve talent, a QC project: an id,
    a day, and what kind (level) it is."""

    record_id: uuid.UUID
    day: date
    level: str = ""
    member_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Recognition:
    """The committee's recognition of the branch: an innovation (创新成果) or a published experience (经验推广)."""

    recognition_id: uuid.UUID
    day: date
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class AssessmentInputs:
    """Everything the assessment of one branch in one period counts; the period is 1 January to ``as_of``."""

    branch_id: uuid.UUID
    name: str
    year: int
    as_of: date
    people: tuple[Person, ...] = ()
    groups: Mapping[uuid.UUID, str] = field(default_factory=dict)
    seats: tuple[tuple[str, uuid.UUID], ...] = ()
    member_totals: Mapping[uuid.UUID, Decimal] = field(default_factory=dict)
    reserve: tuple[Record, ...] = ()
    activities: tuple[HeldActivity, ...] = ()
    talked: frozenset[uuid.UUID] = frozenset()
    departments: tuple[uuid.UUID, ...] = ()
    visits: tuple[Visit, ...] = ()
    qc_closed: tuple[Record, ...] = ()
    ratings: Mapping[tuple[str, str], int] = field(default_factory=dict)
    public_months: frozenset[int] = frozenset()
    suggestions: tuple[Suggestion, ...] = ()
    honours: tuple[Record, ...] = ()
    discipline: tuple[Record, ...] = ()
    spans: Mapping[uuid.UUID, Span] = field(default_factory=dict)
    """When each party group and served department existed; one not listed existed throughout."""
    recognitions: tuple[Recognition, ...] = ()

    @property
    def members(self) -> tuple[Person, ...]:
        """The Party members (probationary and full)."""
        return tuple(p for p in self.people if p.party_member)

    def months_of(self, unit_id: uuid.UUID) -> tuple[int, ...]:
        """The months of the period in which a party group existed (on some day up to ``as_of``)."""
        return self.spans.get(unit_id, Span()).months(self.year, self.as_of)

    def quarters_of(self, unit_id: uuid.UUID) -> tuple[int, ...]:
        """The quarters of the period in which a served department was served."""
        return self.spans.get(unit_id, Span()).quarters(self.year, self.as_of)


# --- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    label_zh: str
    value: float | None
    target: float
    points: float
    score: float
    rule: Mapping[str, Any] = field(default_factory=dict)
    facts: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Dimension:
    dimension: str
    label_zh: str
    indicators: tuple[Indicator, ...]

    @property
    def points(self) -> float:
        return round(sum(i.points for i in self.indicators), 2)

    @property
    def score(self) -> float:
        return round(sum(i.score for i in self.indicators), 2)


@dataclass(frozen=True, slots=True)
class GroupSatisfaction:
    group: str
    count: int
    mean: float
    weight: float
    answers: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Satisfaction:
    index: float | None
    count: int
    sufficient: bool
    by_group: tuple[GroupSatisfaction, ...]


@dataclass(frozen=True, slots=True)
class Structure:
    party_members: int
    full: int
    probationary: int
    born_1970s_1980s_share: float
    bachelor_or_above_share: float
    average_age: float | None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """The bonus or the deductions: the amount, and what it came from."""

    amount: float
    facts: Mapping[str, Any]
    rule: Mapping[str, Any]
    note: str = ""
    lines: tuple[str, ...] = ()
    """One sentence per record, newest first (为什么？)."""


@dataclass(frozen=True, slots=True)
class BranchAssessment:
    branch_id: uuid.UUID
    name: str
    year: int
    as_of: date
    rule_set_version: str
    dimensions: tuple[Dimension, ...]
    compliance: Mapping[str, tuple[float, int]]
    five_services: tuple[str, ...]
    satisfaction: Satisfaction
    suggestions: Mapping[str, int]
    structure: Structure
    bonus: Adjustment
    deductions: Adjustment
    total: float
    stars: int
    stars_before_cap: int
    cap_applied: str | None
