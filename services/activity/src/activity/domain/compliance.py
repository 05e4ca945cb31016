"""三会一课 完成情况: how many of each kind a branch must hold in a period, and how many it held.

Default frequencies (domain.md §2): branch assembly and party lesson once a quarter; committee
meeting and theme day once a month; group meeting once a month per party group; org-life meeting
and member appraisal once a year. Each organisation (the top party committee) may change them.

A rule over a longer period than the one asked about is reckoned over its own period (a yearly
rule in a quarter's view: the whole year) and left out of the totals. Only the rule periods that
have started count: a monthly rule in the current quarter requires the months begun so far.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bastion.errors import RuleViolationError
from bastion_contracts.vocabulary import ActivityKind as K


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self]

    @property
    def label_zh(self) -> str:
        return {PeriodKind.MONTH: "月", PeriodKind.QUARTER: "季度", PeriodKind.YEAR: "年"}[self]


_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])))?$")
# What :meth:`Period.parse` accepts (a year from 1900), as the API documents it.
PERIOD_PATTERN = r"^(19[0-9]{2}|[2-9][0-9]{3})(-(0[1-9]|1[0-2])|-Q[1-4])?$"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A calendar month, quarter or year; ``number`` is the month (1-12), the quarter (1-4) or 1."""

    year: int
    kind: PeriodKind
    number: int = 1

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-07`` (a month), ``2026-Q3`` (a quarter) or ``2026`` (a year)."""
        found = _PERIOD.match(text.strip())
        if found is None or int(found["year"]) < 1900:
            raise RuleViolationError(
                f"period：「{text}」不是有效的期间；请写 2026-07（月）、2026-Q3（季度）或 2026（年）",
                code="invalid_period",
            )
        year = int(found["year"])
        if found["month"]:
            return cls(year, PeriodKind.MONTH, int(found["month"]))
        if found["quarter"]:
            return cls(year, PeriodKind.QUARTER, int(found["quarter"]))
        return cls(year, PeriodKind.YEAR)

    @classmethod
    def containing(cls, kind: PeriodKind, day: date) -> Period:
        return cls(day.year, kind, (day.month - 1) // kind.months + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, (self.number - 1) * self.kind.months + 1, 1)

    @property
    def end(self) -> date:
        """The day after the last day."""
        month_index = (self.number - 1) * self.kind.months + self.kind.months
        return date(self.year + month_index // 12, month_index % 12 + 1, 1)

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    def contains(self, day: date) -> bool:
        return self.first_day <= day < self.end

    def started(self, today: date) -> bool:
        return self.first_day <= today

    def enclosing(self, kind: PeriodKind) -> Period:
        """The period of ``kind`` this one lies in (itself, if it is not shorter)."""
        return self if kind.months <= self.kind.months else Period.containing(kind, self.first_day)

    def parts(self, kind: PeriodKind) -> list[Period]:
        """The periods of ``kind`` (no longer than this one) that make it up, in order."""
        first = Period.containing(kind, self.first_day)
        count = self.kind.months // kind.months
        return [Period(self.year, kind, first.number + offset) for offset in range(count)]


@dataclass(frozen=True, slots=True)
class Rule:
    """Hold ``required`` activities of ``kind`` each ``period`` (per party group if ``per_group``)."""

    kind: K
    period: PeriodKind
    required: int
    per_group: bool = False
    configured: bool = False  # False: the default of domain.md §2


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(K.BRANCH_ASSEMBLY, PeriodKind.QUARTER, 1),
    Rule(K.COMMITTEE_MEETING, PeriodKind.MONTH, 1),
    Rule(K.GROUP_MEETING, PeriodKind.MONTH, 1, per_group=True),
    Rule(K.PARTY_LESSON, PeriodKind.QUARTER, 1),
    Rule(K.THEME_DAY, PeriodKind.MONTH, 1),
    Rule(K.ORG_LIFE_MEETING, PeriodKind.YEAR, 1),
    Rule(K.MEMBER_APPRAISAL, PeriodKind.YEAR, 1),
)
RULE_KINDS = tuple(rule.kind for rule in DEFAULT_RULES)
PER_GROUP_KINDS = frozenset(rule.kind for rule in DEFAULT_RULES if rule.per_group)
MAXIMUM_REQUIRED = 100  # more than a hundred a period is a typing error


def configured_rule(kind: K, period: PeriodKind, required: int) -> Rule:
    """An organisation's own rule for one of the 三会一课 kinds."""
    if kind not in RULE_KINDS:
        allowed = "、".join(f"{k.value}（{k.label_zh}）" for k in RULE_KINDS)
        raise RuleViolationError(f"{kind.label_zh}没有频次要求可配置；可配置：{allowed}", code="not_a_compliance_kind")
    if not 0 <= required <= MAXIMUM_REQUIRED:
        raise RuleViolationError(
            f"required 须在 0 到 {MAXIMUM_REQUIRED} 之间，给出了 {required}", code="required_range"
        )
    return Rule(kind, period, required, per_group=kind in PER_GROUP_KINDS, configured=True)


def merged_rules(overrides: Iterable[Rule]) -> list[Rule]:
    """The defaults, each replaced by the organisation's own rule for its kind if there is one."""
    own = {rule.kind: rule for rule in overrides}
    return [own.get(rule.kind, rule) for rule in DEFAULT_RULES]


@dataclass(frozen=True, slots=True)
class Group:
    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class HeldActivity:
    """A held (or approved, or returned) activity: its kind, organiser and local day."""

    kind: K
    organiser_id: uuid.UUID
    held_on: date


@dataclass(frozen=True, slots=True)
class Tally:
    """Required against held for one organiser (the branch, or one party group)."""

    required: int
    held: int

    @property
    def missing(self) -> int:
        return max(0, self.required - self.held)


@dataclass(frozen=True, slots=True)
class GroupTally:
    group: Group
    tally: Tally


@dataclass(frozen=True, slots=True)
class Item:
    """One rule in one view: the window it is reckoned over, the figures, and per group if per group."""

    rule: Rule
    window: Period
    required: int
    held: int
    missing: int
    in_totals: bool
    groups: tuple[GroupTally, ...] | None = None

    @property
    def complete(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True, slots=True)
class Compliance:
    period: Period
    as_of: date
    items: tuple[Item, ...]

    @property
    def counted(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.in_totals)

    @property
    def required(self) -> int:
        return sum(item.required for item in self.counted)

    @property
    def held(self) -> int:
        return sum(item.held for item in self.counted)

    @property
    def missing(self) -> int:
        return sum(item.missing for item in self.counted)

    @property
    def complete(self) -> bool:
        return self.missing == 0

    @property
    def in_progress(self) -> bool:
        return self.as_of < self.period.end


def require_started(period: Period, today: date) -> None:
    if not period.started(today):
        raise RuleViolationError(
            f"期间 {period.label} 还没有开始（今天是 {today}），没有完成情况可算", code="period_in_future"
        )


def window_of(rule: Rule, period: Period) -> Period:
    """What a rule is reckoned over in the view of ``period``: the period, or the rule's longer period."""
    return period.enclosing(rule.period)


def required_per_organiser(rule: Rule, window: Period, today: date) -> int:
    """``rule.required`` for each rule period of the window that has started by ``today``."""
    started = [part for part in window.parts(rule.period) if part.started(today)]
    return rule.required * len(started)


def count_held(held: Iterable[HeldActivity], kind: K, organiser_id: uuid.UUID, window: Period) -> int:
    return sum(1 for h in held if h.kind is kind and h.organiser_id == organiser_id and window.contains(h.held_on))


def evaluate(
    rules: Sequence[Rule],
    period: Period,
    today: date,
    branch_id: uuid.UUID,
    groups: Sequence[Group],
    held: Sequence[HeldActivity],
) -> Compliance:
    """Required, held and missing for each rule, for a branch and a period that has started."""
    require_started(period, today)
    return Compliance(period, today, tuple(_item(rule, period, today, branch_id, groups, held) for rule in rules))


def _item(
    rule: Rule,
    period: Period,
    today: date,
    branch_id: uuid.UUID,
    groups: Sequence[Group],
    held: Sequence[HeldActivity],
) -> Item:
    window = window_of(rule, period)
    each = required_per_organiser(rule, window, today)
    in_totals = window == period
    if not rule.per_group:
        tally = Tally(each, count_held(held, rule.kind, branch_id, window))
        return Item(rule, window, tally.required, tally.held, tally.missing, in_totals)
    per_group = tuple(GroupTally(g, Tally(each, count_held(held, rule.kind, g.id, window))) for g in groups)
    return Item(
        rule,
        window,
        required=sum(g.tally.required for g in per_group),
        held=sum(g.tally.held for g in per_group),
        missing=sum(g.tally.missing for g in per_group),  # one group's extra meeting does not make up another's
        in_totals=in_totals,
        groups=per_group,
    )


def gaps(compliance: Compliance) -> list[Item]:
    """The counted items with something missing; for per-group rules, only the groups missing some."""
    found = []
    for item in compliance.counted:
        if item.missing == 0:
            continue
        groups = tuple(g for g in item.groups if g.tally.missing > 0) if item.groups is not None else None
        found.append(replace(item, groups=groups))
    return found
