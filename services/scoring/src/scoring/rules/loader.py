"""Loading rule sets from YAML, refusing any that is wrong with the file, the key and the problem."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bastion.errors import ConfigurationError
from scoring.rules.model import RuleSet


class RuleSetError(ConfigurationError):
    """A rule set that cannot be used; the message names the file, the key and what is wrong."""

    default_code = "invalid_rule_set"


def load_rule_set(path: Path | Any, text: str | None = None) -> RuleSet:
    """Parse and validate one rule set file."""
    name = getattr(path, "name", str(path))
    try:
        data = yaml.safe_load(text if text is not None else path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleSetError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleSetError(f"{name}: a rule set is a mapping of keys to values")
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or '(top)'}: {error['msg']}" for error in exc.errors()
        )
        raise RuleSetError(f"{name}: {problems}") from exc


def load_rule_sets(directory: Path | None = None) -> list[RuleSet]:
    """Every ``*.yaml`` in ``directory`` (default: the sets shipped with Bastion), oldest first.

    Two sets with the same version or the same effective date are refused: which applies must be clear.
    """
    files = (
        sorted(directory.glob("*.yaml"))
        if directory is not None
        else sorted(
            (
                entry
                for entry in resources.files("scoring.rules").joinpath("sets").iterdir()
                if entry.name.endswith(".yaml")
            ),
            key=lambda entry: entry.name,
        )
    )
    sets = [load_rule_set(file) for file in files]
    for attribute in ("version", "effective_from"):
        values = [getattr(rule_set, attribute) for rule_set in sets]
        duplicates = sorted({str(v) for v in values if values.count(v) > 1})
        if duplicates:
            raise RuleSetError(f"rule sets share {attribute}: {', '.join(duplicates)}")
    if not sets:
        raise RuleSetError("no rule set found")
    return sorted(sets, key=lambda rule_set: rule_set.effective_from)
