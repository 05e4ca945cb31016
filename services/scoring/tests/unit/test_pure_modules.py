"""The modules the README calls pure compute figures from what they are given: they import nothing that
reaches the database, the broker, the network or the clock, so their tests need no infrastructure."""

from __future__ import annotations

import ast
from importlib.util import find_spec
from pathlib import Path

import pytest

PURE = [
    "scoring.ingest.scorers",
    "scoring.ingest.entries",
    "scoring.rules.model",
    "scoring.rules.registry",
    "scoring.roll.history",
    "scoring.roll.seats",
    "scoring.scorecards.card",
    "scoring.scorecards.compute",
    "scoring.assessment",
    "scoring.assessment.compute",
    "scoring.assessment.measures",
    "scoring.assessment.bonus",
    "scoring.assessment.team",
    "scoring.assessment.work",
    "scoring.period",
]
# What does I/O, or is the way to it: a pure module importing one of these is no longer pure.
IMPURE = (
    "sqlalchemy.ext.asyncio",
    "asyncpg",
    "aiokafka",
    "httpx",
    "fastapi",
    "bastion.db",
    "bastion.clock",
    "bastion.consumer",
    "bastion.outbox",
    "scoring.adapters",
    "scoring.reads",
    "scoring.roll.queries",
    "scoring.scorecards.queries",
    "scoring.scorecards.appraisals",
    "scoring.scorecards.service",
    "scoring.assessment.inputs",
    "scoring.assessment.service",
)


def imported(module: str) -> set[str]:
    spec = find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("module", PURE)
def test_a_pure_module_imports_nothing_that_does_io(module: str) -> None:
    reaching = {name for name in imported(module) for bad in IMPURE if name == bad or name.startswith(bad + ".")}
    assert not reaching, f"{module} imports {sorted(reaching)}"
