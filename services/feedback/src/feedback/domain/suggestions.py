"""A suggestion (意见建议) and its loop (domain.md §2-3).

submitted → acknowledged (受理, within 3 working days) → decided: adopted / partially adopted / rejected,
always with a reason (within 15 working days) → responded (反馈) → closed (办结). A closed suggestion may be
reopened within 30 days: it gets a new decide-by day and is decided, answered and closed again. Adopted
ones get progress notes until closed; the proposer rates each answer once.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from typing import Literal

from bastion.errors import ConflictError, RuleViolationError
from bastion.events import EventData
from bastion_contracts.feedback import suggestions as events
from bastion_contracts.vocabulary import (
    FIVE_SERVICES,
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)

S = SuggestionState
MAX_CONTENT = 2000
DUPLICATE_WINDOW = timedelta(hours=24)
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L
RECEIPT_PREFIX = "JY"
UNDECIDED = (S.SUBMITTED, S.ACKNOWLEDGED, S.REOPENED)
ADOPTED = (SuggestionDecision.ADOPTED, SuggestionDecision.PARTIALLY_ADOPTED)


@dataclass(frozen=True, slots=True)
class Proposal:
    """What a proposer submits; the proposer's name and member id are dropped when anonymous."""

    branch_id: uuid.UUID
    category: SuggestionCategory
    content: str
    respondent_group: RespondentGroup
    channel: FeedbackChannel
    five_services: str | None = None
    anonymous: bool = False
    proposer_name: str | None = None
    contact: str | None = None
    proposer_member_id: uuid.UUID | None = None


def checked_proposal(proposal: Proposal) -> Proposal:
    content = _required(proposal.content, "content", "建议内容不能为空", "content_required")
    if len(content) > MAX_CONTENT:
        raise RuleViolationError(
            f"content：建议内容最多 {MAX_CONTENT} 字（现为 {len(content)} 字）", code="content_too_long"
        )
    tag, contact = _text(proposal.five_services), _text(proposal.contact)
    if tag is not None and tag not in FIVE_SERVICES:
        raise RuleViolationError(
            f"five_services：无效的五个服务标签「{tag}」；可用：{', '.join(FIVE_SERVICES)}",
            code="unknown_five_services_tag",
        )
    if proposal.anonymous and contact is None:
        raise RuleViolationError("contact：匿名提交须留下联系方式，以便答复", code="contact_required")
    named = not proposal.anonymous
    name, member_id = (_text(proposal.proposer_name), proposal.proposer_member_id) if named else (None, None)
    return replace(
        proposal, content=content, five_services=tag, contact=contact, proposer_name=name, proposer_member_id=member_id
    )


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def content_hash(branch_id: uuid.UUID, content: str) -> bytes:
    """The same content to the same branch, whatever its width, case or spacing."""
    normalised = " ".join(unicodedata.normalize("NFKC", content).casefold().split())
    return hashlib.sha256(f"{branch_id}\n{normalised}".encode()).digest()


def new_receipt() -> str:
    """A receipt code (回执码) like JY-7KQM-X3PD: the proposer's key to follow, reopen and rate."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{RECEIPT_PREFIX}-{chars[:4]}-{chars[4:]}"


def receipt_hash(receipt: str) -> bytes | None:
    """SHA-256 of the code as issued, read leniently (case, spaces, dashes); None when it cannot be one."""
    chars = "".join(c for c in receipt.upper() if c.isalnum())
    if len(chars) == 10 and chars.startswith(RECEIPT_PREFIX):
        chars = chars[2:]
    if len(chars) != 8 or any(c not in RECEIPT_ALPHABET for c in chars):
        return None
    return hashlib.sha256(f"{RECEIPT_PREFIX}-{chars[:4]}-{chars[4:]}".encode()).digest()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    step: str  # submitted, acknowledged, decided, progress, responded, closed, reopened, answer_rated
    text: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class Lateness:
    step: Literal["acknowledge", "decide"]
    due: date
    days: int  # calendar days past the due day


@dataclass(frozen=True, slots=True)
class Change:
    """A step of the loop: the suggestion after it, its history entry, its event."""

    suggestion: Suggestion
    entry: HistoryEntry
    event: EventData


@dataclass(frozen=True, slots=True)
class Suggestion:
    id: uuid.UUID
    branch_id: uuid.UUID
    category: SuggestionCategory
    content: str
    respondent_group: RespondentGroup
    channel: FeedbackChannel
    anonymous: bool
    five_services: str | None
    proposer_name: str | None  # staff only, never in events
    contact: str | None  # staff only, never in events
    proposer_member_id: uuid.UUID | None
    receipt_hash: bytes
    content_hash: bytes
    state: SuggestionState
    submitted_at: datetime
    acknowledge_due: date
    decide_due: date
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    decision: SuggestionDecision | None = None
    decision_reason: str | None = None
    response: str | None = None
    responded_at: datetime | None = None
    closed_at: datetime | None = None
    reopened_count: int = 0
    answer_rating: SatisfactionAnswer | None = None

    @property
    def last_step_at(self) -> datetime:
        """When the latest step so far happened (a later step cannot be dated before it)."""
        steps = (self.submitted_at, self.acknowledged_at, self.decided_at, self.responded_at, self.closed_at)
        return max(moment for moment in steps if moment is not None)

    @property
    def next_due(self) -> date | None:
        """Acknowledge by (submitted), decide by (acknowledged, reopened); nothing due otherwise."""
        if self.state is S.SUBMITTED:
            return self.acknowledge_due
        return self.decide_due if self.state in UNDECIDED else None

    def lateness(self, today: date) -> list[Lateness]:
        """Past acknowledge-by and not acknowledged; past decide-by and not decided."""
        late = []
        if self.state is S.SUBMITTED and today > self.acknowledge_due:
            late.append(Lateness("acknowledge", self.acknowledge_due, (today - self.acknowledge_due).days))
        if self.state in UNDECIDED and today > self.decide_due:
            late.append(Lateness("decide", self.decide_due, (today - self.decide_due).days))
        return late

    def snapshot(self) -> events.SuggestionSnapshot:
        """The suggestion as events carry it: without its content, the proposer's name or contact."""
        return events.SuggestionSnapshot(
            suggestion_id=self.id,
            branch_id=self.branch_id,
            category=self.category,
            five_services=self.five_services,
            respondent_group=self.respondent_group,
            proposer_member_id=self.proposer_member_id,
            anonymous=self.anonymous,
            channel=self.channel,
            state=self.state,
            submitted_at=self.submitted_at,
            acknowledge_due=self.acknowledge_due,
            decide_due=self.decide_due,
            acknowledged_at=self.acknowledged_at,
            decided_at=self.decided_at,
            decision=self.decision,
            responded_at=self.responded_at,
            closed_at=self.closed_at,
            reopened_count=self.reopened_count,
            answer_rating=self.answer_rating,
        )

    def require(self, *states: SuggestionState, action: str) -> None:
        if self.state not in states:
            allowed = "、".join(f"「{s.label_zh}」" for s in states)
            raise ConflictError(
                f"这条建议现为「{self.state.label_zh}」，只有{allowed}的建议才能{action}",
                code=f"suggestion_not_{states[0].value}",
            )

    def acknowledged(self, now: datetime) -> Change:
        self.require(S.SUBMITTED, action="受理")
        done = replace(self, state=S.ACKNOWLEDGED, acknowledged_at=now)
        return Change(
            done, HistoryEntry("acknowledged", None, now), events.SuggestionAcknowledged(suggestion=done.snapshot())
        )

    def decided(self, decision: SuggestionDecision, reason: str, now: datetime, today: date) -> Change:
        """Adopted, partially adopted or rejected, always with a reason; in time if on or before decide-by."""
        self.require(S.ACKNOWLEDGED, S.REOPENED, action="作出采纳决定")
        reason = _required(reason, "reason", "采纳与否都须说明理由", "reason_required")
        done = replace(self, state=S.DECIDED, decided_at=now, decision=decision, decision_reason=reason)
        event = events.SuggestionDecided(
            suggestion=done.snapshot(), reason=reason, within_deadline=today <= self.decide_due
        )
        return Change(done, HistoryEntry("decided", f"{decision.label_zh}：{reason}", now), event)

    def progress_noted(self, note: str, now: datetime) -> Change:
        self.require(S.DECIDED, S.RESPONDED, action="记录落实进展")
        if self.decision not in ADOPTED:
            raise ConflictError("这条建议未被采纳，没有落实进展可记录", code="not_adopted")
        note = _required(note, "note", "须填写进展情况", "note_required")
        event = events.SuggestionProgressNoted(suggestion=self.snapshot(), note=note)
        return Change(self, HistoryEntry("progress", note, now), event)

    def responded(self, response: str, now: datetime) -> Change:
        self.require(S.DECIDED, action="答复建议人")
        response = _required(response, "response", "须填写答复内容", "response_required")
        done = replace(self, state=S.RESPONDED, response=response, responded_at=now)
        return Change(
            done, HistoryEntry("responded", response, now), events.SuggestionResponded(suggestion=done.snapshot())
        )

    def closed(self, now: datetime) -> Change:
        self.require(S.RESPONDED, action="办结")
        done = replace(self, state=S.CLOSED, closed_at=now)
        return Change(done, HistoryEntry("closed", None, now), events.SuggestionClosed(suggestion=done.snapshot()))

    def reopened(self, reason: str, now: datetime, decide_due: date, window: timedelta) -> Change:
        """Back to be decided again, with a new decide-by day; the previous round stays in the history."""
        self.require(S.CLOSED, action="重新办理")
        if self.closed_at is not None and now > self.closed_at + window:
            raise ConflictError(
                f"这条建议已于 {self.closed_at:%Y-%m-%d} 办结，超过 {window.days} 天，不能再重新办理",
                code="reopen_window_passed",
            )
        reason = _required(reason, "reason", "须说明重新办理的理由", "reason_required")
        done = replace(
            self,
            state=S.REOPENED,
            decide_due=decide_due,
            reopened_count=self.reopened_count + 1,
            decided_at=None,
            decision=None,
            decision_reason=None,
            response=None,
            responded_at=None,
            closed_at=None,
            answer_rating=None,
        )
        event = events.SuggestionReopened(suggestion=done.snapshot(), reason=reason)
        return Change(done, HistoryEntry("reopened", reason, now), event)

    def answer_rated(self, answer: SatisfactionAnswer, now: datetime) -> Change:
        """The proposer's rating of the answer, once per answer."""
        self.require(S.RESPONDED, S.CLOSED, action="评价答复")
        if self.answer_rating is not None:
            raise ConflictError(
                f"这次答复已评价过（{self.answer_rating.label_zh}），每次答复只能评价一次", code="answer_already_rated"
            )
        done = replace(self, answer_rating=answer)
        event = events.SuggestionAnswerRated(suggestion=done.snapshot(), answer=answer, score=answer.score)
        return Change(done, HistoryEntry("answer_rated", answer.label_zh, now), event)


def _required(text: str, field: str, problem: str, code: str) -> str:
    text = text.strip()
    if not text:
        raise RuleViolationError(f"{field}：{problem}", code=code)
    return text


def submitted(proposal: Proposal, receipt: bytes, now: datetime, acknowledge_due: date, decide_due: date) -> Change:
    """A new suggestion from a checked proposal, with its deadlines (computed from the working-day calendar)."""
    suggestion = Suggestion(
        id=uuid.uuid4(),
        **{f.name: getattr(proposal, f.name) for f in fields(proposal)},
        receipt_hash=receipt,
        content_hash=content_hash(proposal.branch_id, proposal.content),
        state=S.SUBMITTED,
        submitted_at=now,
        acknowledge_due=acknowledge_due,
        decide_due=decide_due,
    )
    event = events.SuggestionSubmitted(suggestion=suggestion.snapshot())
    return Change(suggestion, HistoryEntry("submitted", None, now), event)
