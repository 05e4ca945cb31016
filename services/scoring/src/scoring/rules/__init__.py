"""Versioned rule sets (积分与考评规则): YAML files validated on load, each from an effective date."""

from scoring.rules.loader import RuleSetError, load_rule_set, load_rule_sets
from scoring.rules.model import RuleSet
from scoring.rules.registry import RuleBook

__all__ = ["RuleBook", "RuleSet", "RuleSetError", "load_rule_set", "load_rule_sets"]
