"""The branch's roll (名册) as it was on a day: who was on it and as what, and who sat on its committee.

domain.md §3: every figure for a past date or period is computed from the organisation as it was then.
``history`` (pure) works out a person's branch, status and stage on a day from the stage dates, the status
changes and the transfers; ``seats`` (pure) the committee seats held on a day; ``queries`` loads them.
"""

from scoring.roll.history import ACTIVE, PARTY_STAGES, MemberHistory, Standing, StatusChange, Transfer
from scoring.roll.seats import SeatChange, seats_held

__all__ = [
    "ACTIVE",
    "PARTY_STAGES",
    "MemberHistory",
    "SeatChange",
    "Standing",
    "StatusChange",
    "Transfer",
    "seats_held",
]
