"""Org units (党组织)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.shapes import any_of, given, when
from bastion.http.text import ShortText
from bastion_contracts.vocabulary import OrgUnitKind
from roster.domain.org import OrgUnit


class OrgUnitCreate(BaseModel):
    """A new party committee, general branch, branch or party group."""

    # Only a party committee may stand at the top; what kind of parent fits is the domain's (invalid_parent).
    model_config = ConfigDict(
        extra="forbid", json_schema_extra=any_of(when("kind", OrgUnitKind.PARTY_COMMITTEE), given("parent_id"))
    )

    kind: OrgUnitKind
    name: ShortText = Field(examples=["四支部"])
    parent_id: uuid.UUID | None = Field(
        default=None, description="The unit above; none only for a top-level party committee."
    )
    established_on: date | None = Field(
        default=None,
        description="成立日期: not in the future nor before the unit above was set up (default: today, in the "
        "organisation's time zone). Past figures count the unit from this day.",
    )


class OrgUnitRename(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ShortText


class OrgUnitMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    parent_id: uuid.UUID


class OrgUnitDissolve(BaseModel):
    model_config = ConfigDict(extra="forbid")
    dissolved_on: date | None = Field(default=None, description="Defaults to today.")


class OrgUnitPublic(BaseModel):
    id: uuid.UUID
    kind: OrgUnitKind
    name: str
    parent_id: uuid.UUID | None
    ancestor_ids: list[uuid.UUID]
    created_at: datetime
    established_on: date | None = Field(description="成立日期; none for units set up before it was recorded.")
    dissolved_on: date | None
    active: bool

    @classmethod
    def of(cls, unit: OrgUnit) -> OrgUnitPublic:
        return cls(
            id=unit.id,
            kind=unit.kind,
            name=unit.name,
            parent_id=unit.parent_id,
            ancestor_ids=list(unit.ancestor_ids),
            created_at=unit.created_at,
            established_on=unit.established_on,
            dissolved_on=unit.dissolved_on,
            active=unit.active,
        )


class OrgUnitChanged(OrgUnitPublic):
    event_ids: EventIds
