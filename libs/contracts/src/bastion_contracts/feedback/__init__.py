"""Events published by feedback (评价与意见建议): ratings and the suggestion loop."""

from bastion_contracts.feedback.ratings import RatingDimensions, RatingSubmitted
from bastion_contracts.feedback.suggestions import (
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

FEEDBACK_EVENTS = (
    RatingSubmitted,
    SuggestionSubmitted,
    SuggestionAcknowledged,
    SuggestionDecided,
    SuggestionProgressNoted,
    SuggestionResponded,
    SuggestionClosed,
    SuggestionReopened,
    SuggestionAnswerRated,
)

__all__ = [
    "FEEDBACK_EVENTS",
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
