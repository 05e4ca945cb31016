"""Events published by scoring (积分与考评): a member's total or a branch's total or stars changed.

Scoring announces a change once it is applied, not every recomputation: a subscriber (a portal, a
notice board, an HR system) gets one event per real change, with the value before and after. The
score suggests; people decide (appraisal grades and stars at the margin stay human decisions).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from pydantic import Field

from bastion.events.model import EventData
from bastion.events.topics import Topic
from bastion_contracts.topics import SCORING_SCORES


class MemberScoreChanged(EventData):
    """A member's total for a year changed (an event moved points, or rules were rebuilt)."""

    event_type: ClassVar[str] = "bastion.scoring.member_score.changed.v1"
    topic: ClassVar[Topic] = SCORING_SCORES

    member_id: uuid.UUID
    branch_id: uuid.UUID | None = Field(description="The member's branch when the score was computed.")
    year: int = Field(description="The assessment year the total belongs to.")
    total: Decimal = Field(description="The year's total points after caps and any veto.")
    previous_total: Decimal | None = Field(description="The total last announced; null the first time.")
    appraisal_band: str | None = Field(
        description="The suggested appraisal band (see the score card); null for probationary members."
    )
    rule_set_version: str = Field(description="The rule set the total was computed with.")
    computed_at: datetime

    def subject(self) -> str:
        return str(self.member_id)


class BranchAssessmentChanged(EventData):
    """A branch's assessment total or star rating for a year changed."""

    event_type: ClassVar[str] = "bastion.scoring.branch_assessment.changed.v1"
    topic: ClassVar[Topic] = SCORING_SCORES

    branch_id: uuid.UUID
    year: int
    total: Decimal = Field(description="The 六有 total for the year so far (100 points plus up to 10 bonus).")
    previous_total: Decimal | None
    stars: int = Field(ge=1, le=5, description="Star rating after any satisfaction cap.")
    previous_stars: int | None
    cap_applied: str | None = Field(default=None, description="Why stars were capped, e.g. satisfaction below 60.")
    rule_set_version: str
    computed_at: datetime

    def subject(self) -> str:
        return str(self.branch_id)


SCORING_EVENTS = (MemberScoreChanged, BranchAssessmentChanged)

__all__ = ["SCORING_EVENTS", "BranchAssessmentChanged", "MemberScoreChanged"]
