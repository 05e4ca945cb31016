"""Which rule set applies to a day: the latest one in force by then."""

from __future__ import annotations

from datetime import date

from bastion.errors import NotFoundError
from scoring.rules.model import RuleSet


class RuleBook:
    """The loaded rule sets, oldest first."""

    def __init__(self, rule_sets: list[RuleSet]) -> None:
        self.rule_sets = sorted(rule_sets, key=lambda rule_set: rule_set.effective_from)

    def for_day(self, day: date) -> RuleSet:
        """The set in force on ``day``; before the first set, the first one (it is the baseline)."""
        applicable = [rule_set for rule_set in self.rule_sets if rule_set.effective_from <= day]
        return applicable[-1] if applicable else self.rule_sets[0]

    def for_year(self, year: int) -> RuleSet:
        """A year is scored with the set in force on its first day (a mid-year set starts next year)."""
        return self.for_day(date(year, 1, 1))

    def by_version(self, version: str) -> RuleSet:
        for rule_set in self.rule_sets:
            if rule_set.version == version:
                return rule_set
        raise NotFoundError(f"没有这个规则版本：{version}", code="rule_set_not_found")
