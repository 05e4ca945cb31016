"""Rule sets (积分与考评规则): which exist, from when, and each in full."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from bastion.auth import Role
from bastion.http import RuntimeDep
from bastion.http.auth import allow
from scoring.reads import rule_book

router = APIRouter(prefix="/rule-sets", tags=["rules"], dependencies=[Depends(allow(*Role, scope="everyone"))])


class RuleSetSummary(BaseModel):
    version: str
    effective_from: date
    name: str
    description: str


@router.get("", response_model=list[RuleSetSummary])
async def list_rule_sets(runtime: RuntimeDep) -> list[RuleSetSummary]:
    """The loaded rule sets, oldest first; a year is scored with the set in force on its 1 January."""
    return [
        RuleSetSummary(version=s.version, effective_from=s.effective_from, name=s.name, description=s.description)
        for s in rule_book(runtime).rule_sets
    ]


@router.get("/{version}")
async def get_rule_set(version: str, runtime: RuntimeDep) -> dict[str, Any]:
    """One rule set, every number in it."""
    return rule_book(runtime).by_version(version).model_dump(mode="json")
