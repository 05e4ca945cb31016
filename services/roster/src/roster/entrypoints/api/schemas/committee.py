"""Branch committees (支委会): terms and seats."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion_contracts.vocabulary import CommitteeRole
from roster.domain.committee import CommitteeTerm, Completeness, Seat
from roster.service_layer.committee import CommitteeView


class TermStart(BaseModel):
    """A new term (换届) of the branch committee."""

    model_config = ConfigDict(extra="forbid")
    starts_on: date | None = Field(default=None, description="Defaults to today; the current term ends that day.")
    ends_on: date | None = Field(default=None, description="Defaults to three years after the start.")


class SeatAssignment(BaseModel):
    """Who takes the seat, from when."""

    model_config = ConfigDict(extra="forbid")
    member_id: uuid.UUID = Field(description="An active full member (正式党员) of the branch.")
    assigned_on: date | None = Field(default=None, description="Defaults to today; within the term.")


class SeatPublic(BaseModel):
    role: CommitteeRole
    member_id: uuid.UUID
    member_name: str
    assigned_on: date

    @classmethod
    def of(cls, seat: Seat) -> SeatPublic:
        return cls(role=seat.role, member_id=seat.member_id, member_name=seat.member_name, assigned_on=seat.assigned_on)


class TermPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    starts_on: date
    ends_on: date = Field(description="When the term is due to end (任期届满).")
    ended_on: date | None = Field(description="When a later term replaced it; null for the current term.")
    seats: list[SeatPublic] = Field(description="Seats held, secretary first.")

    @classmethod
    def of(cls, term: CommitteeTerm) -> TermPublic:
        return cls(
            id=term.id,
            branch_id=term.branch_id,
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            ended_on=term.ended_on,
            seats=[SeatPublic.of(seat) for seat in term.ordered_seats()],
        )


class TermChanged(TermPublic):
    event_ids: EventIds


class PastTermPublic(BaseModel):
    id: uuid.UUID
    starts_on: date
    ends_on: date
    ended_on: date | None


class CompletenessPublic(BaseModel):
    """Is the committee in place for the branch's size? A secretary always; with 7 or more full
    members a committee of at least 3."""

    full_members: int = Field(description="Active full members (正式党员) of the branch.")
    required: bool = Field(description="A committee (not just a secretary) is required.")
    secretary_seated: bool
    seated: int
    complete: bool

    @classmethod
    def of(cls, value: Completeness) -> CompletenessPublic:
        return cls(
            full_members=value.full_members,
            required=value.required,
            secretary_seated=value.secretary_seated,
            seated=value.seated,
            complete=value.complete,
        )


class CommitteePublic(BaseModel):
    branch_id: uuid.UUID
    current: TermPublic | None = Field(description="The current term, or null if the branch never had one.")
    completeness: CompletenessPublic
    past_terms: list[PastTermPublic] = Field(description="Earlier terms, latest first.")

    @classmethod
    def of(cls, view: CommitteeView) -> CommitteePublic:
        return cls(
            branch_id=view.branch_id,
            current=TermPublic.of(view.current) if view.current is not None else None,
            completeness=CompletenessPublic.of(view.completeness),
            past_terms=[
                PastTermPublic(id=t.id, starts_on=t.starts_on, ends_on=t.ends_on, ended_on=t.ended_on)
                for t in view.past_terms
            ],
        )


class SeatHistoryPublic(SeatPublic):
    vacated_on: date | None
    vacate_reason: str | None


class TermDetailPublic(TermPublic):
    history: list[SeatHistoryPublic] = Field(description="Every seat of the term, held or vacated, in order taken.")
