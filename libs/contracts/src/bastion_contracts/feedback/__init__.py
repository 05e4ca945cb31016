"""Events published by feedback (评价与意见建议): ratings and the suggestion loop."""

from bastion_contracts.feedback.ratings import RatingDimensions, RatingSubmitted
from bastion_contracts.feedback.suggestions import (
    SUGGESTION_EVENTS,
    SUGGESTION_SNAPSHOTS,
    SuggestionAcknowledged,
    SuggestionAnswerRated,
    SuggestionClosed,
    SuggestionDecided,
    SuggestionProgressNoted,
    SuggestionReopened,
    SuggestionResponded,
    SuggestionSnapshot,
    SuggestionSubmitted,
)

FEEDBACK_EVENTS = (RatingSubmitted, *SUGGESTION_EVENTS)

__all__ = [
    "FEEDBACK_EVENTS",
    "SUGGESTION_EVENTS",
    "SUGGESTION_SNAPSHOTS",
    "RatingDimensions",
    "RatingSubmitted",
    "SuggestionAcknowledged",
    "SuggestionAnswerRated",
    "SuggestionClosed",
    "SuggestionDecided",
    "SuggestionProgressNoted",
    "SuggestionReopened",
    "SuggestionResponded",
    "SuggestionSnapshot",
    "SuggestionSubmitted",
]
