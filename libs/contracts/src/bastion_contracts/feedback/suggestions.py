"""Suggestions (意见建议) and their loop: submitted → acknowledged → decided → responded → closed.

Every event carries the suggestion as it is after the change, without the proposer's name or
contact (they stay in feedback).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from bastion.events.model import EventData
from bastion.events.snapshots import SnapshotSource
from bastion.events.topics import Topic
from bastion_contracts.topics import FEEDBACK_SUGGESTIONS
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)


class SuggestionSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    suggestion_id: uuid.UUID
    branch_id: uuid.UUID
    category: SuggestionCategory
    five_services: str | None = None
    respondent_group: RespondentGroup
    proposer_member_id: uuid.UUID | None = Field(default=None, description="When a known member proposed it.")
    anonymous: bool
    channel: FeedbackChannel
    state: SuggestionState
    submitted_at: datetime
    acknowledge_due: date = Field(description="Acknowledge by this day (3 working days).")
    decide_due: date = Field(description="Decide by this day (15 working days; restarts on reopening).")
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    decision: SuggestionDecision | None = None
    responded_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_count: int = 0
    answer_rating: SatisfactionAnswer | None = Field(default=None, description="The proposer's rating of the answer.")


class _SuggestionEvent(EventData):
    topic: ClassVar[Topic] = FEEDBACK_SUGGESTIONS
    suggestion: SuggestionSnapshot

    def subject(self) -> str:
        return str(self.suggestion.suggestion_id)


class SuggestionSubmitted(_SuggestionEvent):
    """A suggestion reached a branch."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.submitted.v1"


class SuggestionAcknowledged(_SuggestionEvent):
    """The branch acknowledged it (受理)."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.acknowledged.v1"


class SuggestionDecided(_SuggestionEvent):
    """The branch decided: adopted, partially adopted or rejected, with a reason."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.decided.v1"
    reason: str
    within_deadline: bool = Field(description="Decided on or before decide_due.")


class SuggestionProgressNoted(_SuggestionEvent):
    """Progress on an adopted suggestion."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.progress_noted.v1"
    note: str


class SuggestionResponded(_SuggestionEvent):
    """The branch answered the proposer (反馈)."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.responded.v1"


class SuggestionClosed(_SuggestionEvent):
    """The suggestion was closed (办结)."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.closed.v1"


class SuggestionReopened(_SuggestionEvent):
    """A closed suggestion was reopened (within 30 days) and must be decided again."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.reopened.v1"
    reason: str


class SuggestionAnswerRated(_SuggestionEvent):
    """The proposer rated the answer."""

    event_type: ClassVar[str] = "bastion.feedback.suggestion.answer_rated.v1"
    answer: SatisfactionAnswer
    score: int = Field(ge=0, le=100)


SUGGESTION_EVENTS = (
    SuggestionSubmitted,
    SuggestionAcknowledged,
    SuggestionDecided,
    SuggestionProgressNoted,
    SuggestionResponded,
    SuggestionClosed,
    SuggestionReopened,
    SuggestionAnswerRated,
)
SUGGESTION_SNAPSHOTS = SnapshotSource(
    SUGGESTION_EVENTS,
    read=lambda event: event.suggestion,
    key=lambda suggestion: suggestion.suggestion_id,
)
