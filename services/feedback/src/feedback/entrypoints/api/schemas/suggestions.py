"""Suggestions (意见建议) and their loop, as staff see them."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from bastion.http.event_ids import EventIds
from bastion.http.shapes import NOT_BLANK, any_of, given
from bastion.http.text import ShortText
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)
from feedback.domain.suggestions import MAX_CONTENT, HistoryEntry, Lateness, Suggestion

# Emptiness is a rule of the loop (reason_required, note_required ...), checked after stripping; the
# document says it.
StepText = Annotated[str, Field(max_length=2000, json_schema_extra={"pattern": NOT_BLANK})]


class SuggestionCreate(BaseModel):
    """A suggestion entered by staff (on paper, by phone, at a meeting)."""

    # A contact when anonymous (contact_required); content not blank, at most MAX_CONTENT characters once
    # stripped (content_required, content_too_long): checked by the domain.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=any_of({"properties": {"anonymous": {"const": False}}}, given("contact", {"type": "string"})),
    )

    branch_id: uuid.UUID = Field(description="The branch it is addressed to.")
    category: SuggestionCategory
    content: str = Field(
        description="1–2000 characters.",
        examples=["建议在夜班时段增设党员流动服务岗"],
        json_schema_extra={"pattern": NOT_BLANK, "maxLength": MAX_CONTENT},
    )
    respondent_group: RespondentGroup = Field(description="Who proposes: a department, a worker, a member.")
    five_services: str | None = Field(default=None, description="One 五个服务 tag, e.g. serve_masses.")
    anonymous: bool = Field(default=False, description="True: no name is kept; a contact is then required.")
    proposer_name: ShortText | None = None
    contact: ShortText | None = Field(default=None, description="How to send the answer (phone, WeCom ...).")
    proposer_member_id: uuid.UUID | None = Field(default=None, description="When a known member proposes it.")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    decision: SuggestionDecision = Field(description="采纳 / 部分采纳 / 不采纳")
    reason: StepText = Field(description="Required for every decision.")


class ProgressNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: StepText = Field(description="What has been done on the adopted suggestion.")


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    response: StepText = Field(description="The answer sent to the proposer (反馈).")


class Reopening(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: StepText = Field(description="Why it is handled again.")


class AnswerRating(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: SatisfactionAnswer = Field(description="The proposer's rating of the answer: 很满意 … 不满意")


class HistoryEntryPublic(BaseModel):
    step: str = Field(description="submitted, acknowledged, decided, progress, responded, closed, reopened ...")
    text: str | None
    at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> HistoryEntryPublic:
        return cls(step=entry.step, text=entry.text, at=entry.at)


class SuggestionPublic(BaseModel):
    id: uuid.UUID
    branch_id: uuid.UUID
    category: SuggestionCategory
    five_services: str | None
    content: str
    respondent_group: RespondentGroup
    proposer_member_id: uuid.UUID | None
    anonymous: bool
    channel: FeedbackChannel
    state: SuggestionState
    submitted_at: datetime
    acknowledge_due: date = Field(description="Acknowledge by (3 working days after the day submitted).")
    decide_due: date = Field(description="Decide by (15 working days; restarts when reopened).")
    next_due: date | None = Field(description="The deadline of the next step, if one is due.")
    acknowledged_at: datetime | None
    decided_at: datetime | None
    decision: SuggestionDecision | None
    decision_reason: str | None
    response: str | None
    responded_at: datetime | None
    closed_at: datetime | None
    reopened_count: int
    answer_rating: SatisfactionAnswer | None

    @classmethod
    def of(cls, suggestion: Suggestion) -> SuggestionPublic:
        fields = {name: getattr(suggestion, name) for name in SuggestionPublic.model_fields}
        return cls(**fields)


class SuggestionDetail(SuggestionPublic):
    """Who proposed it and how to reach them, and each step so far. ``proposer_name`` and ``contact`` are
    personal data: null for machine clients (the ``service`` role)."""

    proposer_name: str | None
    contact: str | None
    history: list[HistoryEntryPublic]

    @classmethod
    def with_history(cls, suggestion: Suggestion, history: list[HistoryEntry]) -> SuggestionDetail:
        return cls(
            **SuggestionPublic.of(suggestion).model_dump(),
            proposer_name=suggestion.proposer_name,
            contact=suggestion.contact,
            history=[HistoryEntryPublic.of(entry) for entry in history],
        )


class SuggestionChanged(SuggestionDetail):
    event_ids: EventIds


class SuggestionCreated(SuggestionChanged):
    receipt: str = Field(
        description="回执码 for the proposer to follow, reopen and rate the answer. Shown only once: only its "
        "hash is kept.",
        examples=["JY-7KQM-X3PD"],
    )


class LatenessPublic(BaseModel):
    step: Literal["acknowledge", "decide"]
    due: date
    days_overdue: int = Field(description="Calendar days past the due day.")

    @classmethod
    def of(cls, lateness: Lateness) -> LatenessPublic:
        return cls(step=lateness.step, due=lateness.due, days_overdue=lateness.days)


class LateSuggestion(SuggestionPublic):
    overdue: list[LatenessPublic]


class LateSuggestions(BaseModel):
    branch_id: uuid.UUID
    as_of: date
    items: list[LateSuggestion]
