"""The rules of a suggestion, without a database: what may be submitted, the loop, deadlines, receipts."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bastion.errors import ConflictError, DomainError, RuleViolationError
from bastion_contracts.feedback import SuggestionAnswerRated, SuggestionDecided, SuggestionReopened
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
    SuggestionDecision,
    SuggestionState,
)
from feedback.domain.suggestions import (
    RECEIPT_ALPHABET,
    Proposal,
    Suggestion,
    checked_proposal,
    content_hash,
    new_receipt,
    receipt_hash,
    submitted,
)

NOW = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)
TODAY = date(2026, 9, 29)
DECIDE_DUE = date(2026, 10, 20)
BRANCH = uuid.uuid4()
WINDOW = timedelta(days=30)
D, S = SuggestionDecision, SuggestionState


def proposal(**changes: object) -> Proposal:
    base = Proposal(
        BRANCH, SuggestionCategory.SERVICE, "建议夜班增设服务岗", RespondentGroup.WORKER, FeedbackChannel.STAFF
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def new(**changes: object) -> Suggestion:
    checked = checked_proposal(proposal(**changes))
    return submitted(checked, b"r" * 32, NOW, date(2026, 10, 2), DECIDE_DUE).suggestion


def acknowledged() -> Suggestion:
    return new().acknowledged(NOW).suggestion


def decided(decision: SuggestionDecision = D.ADOPTED) -> Suggestion:
    return acknowledged().decided(decision, "可行", NOW, TODAY).suggestion


def responded(decision: SuggestionDecision = D.ADOPTED) -> Suggestion:
    return decided(decision).responded("已增设", NOW).suggestion


def closed(at: datetime = NOW) -> Suggestion:
    return responded().closed(at).suggestion


def refused(error: type[DomainError], code: str, call: Callable[[], object]) -> DomainError:
    with pytest.raises(error) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    return caught.value


# --- what may be submitted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"content": "  \n "}, "content_required"),
        ({"content": "字" * 2001}, "content_too_long"),
        ({"five_services": "serve_everyone"}, "unknown_five_services_tag"),
        ({"anonymous": True}, "contact_required"),
        ({"anonymous": True, "contact": "   "}, "contact_required"),
    ],
)
def test_a_proposal_breaking_a_rule_is_refused_with_the_rule(changes: dict[str, object], code: str) -> None:
    refused(RuleViolationError, code, lambda: checked_proposal(proposal(**changes)))


def test_an_anonymous_proposal_keeps_a_contact_but_no_name_or_member() -> None:
    kept = checked_proposal(
        proposal(
            content=" " + "字" * 2000 + " ",
            anonymous=True,
            contact=" 13800000000 ",
            proposer_name="王师傅",
            proposer_member_id=uuid.uuid4(),
            five_services="serve_masses",
        )
    )
    assert (len(kept.content), kept.contact, kept.five_services) == (2000, "13800000000", "serve_masses")
    assert (kept.proposer_name, kept.proposer_member_id) == (None, None)


def test_a_named_proposal_keeps_its_proposer_and_an_empty_tag_is_none() -> None:
    member = uuid.uuid4()
    named = checked_proposal(proposal(proposer_name=" 王师傅 ", proposer_member_id=member, five_services=" "))
    assert (named.proposer_name, named.proposer_member_id, named.five_services) == ("王师傅", member, None)


def test_the_same_content_hashes_alike_whatever_its_width_case_or_spacing_but_not_across_branches() -> None:
    same = content_hash(BRANCH, "建议 增设  ＱＣ 小组\n")
    assert same == content_hash(BRANCH, "建议 增设 qc 小组")
    assert same != content_hash(uuid.uuid4(), "建议 增设 qc 小组")
    assert same != content_hash(BRANCH, "建议增设qc小组")


def test_a_receipt_code_is_unambiguous_and_read_leniently() -> None:
    codes = {new_receipt() for _ in range(200)}
    assert len(codes) == 200
    assert all(re.fullmatch(rf"JY-[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{4}}", code) for code in codes)
    assert not set("".join(codes)) & set("01ILO")
    code = codes.pop()
    hashed = receipt_hash(code)
    assert hashed is not None
    assert len(hashed) == 32
    assert receipt_hash(f" {code.lower()} ") == hashed
    assert receipt_hash(code.replace("-", "")) == hashed
    assert receipt_hash(code[3:].replace("-", " ")) == hashed, "without the JY prefix"


@pytest.mark.parametrize("code", ["", "JY-ABCD-EFG", "JY-ABCD-EFGHJ", "JY-ABCD-EF0H", "XX-ABCD-EFGH"])
def test_what_cannot_be_a_receipt_code_finds_nothing(code: str) -> None:
    assert receipt_hash(code) is None


# --- the loop ------------------------------------------------------------------------------------


def test_a_suggestion_goes_round_the_loop_and_each_step_is_recorded() -> None:
    start = new(proposer_name="王师傅", contact="13800000000")
    assert (start.state, start.next_due) == (S.SUBMITTED, date(2026, 10, 2))
    ack = start.acknowledged(NOW + timedelta(hours=1))
    assert (ack.suggestion.state, ack.suggestion.next_due, ack.entry.step) == (
        S.ACKNOWLEDGED,
        DECIDE_DUE,
        "acknowledged",
    )
    decision = ack.suggestion.decided(D.PARTIALLY_ADOPTED, " 夜班先试行 ", NOW, TODAY)
    assert isinstance(decision.event, SuggestionDecided)
    assert (decision.event.reason, decision.entry.text) == ("夜班先试行", "部分采纳：夜班先试行")
    progress = decision.suggestion.progress_noted("已排班", NOW)
    assert (progress.suggestion, progress.entry.text) == (decision.suggestion, "已排班")
    answer = progress.suggestion.responded("已试行一个月", NOW).suggestion
    assert (answer.state, answer.response, answer.next_due) == (S.RESPONDED, "已试行一个月", None)
    assert answer.progress_noted("扩大到白班", NOW).entry.step == "progress", "progress goes on until closed"
    done = answer.closed(NOW).suggestion
    rated = done.answer_rated(SatisfactionAnswer.SATISFIED, NOW)
    assert isinstance(rated.event, SuggestionAnswerRated)
    assert (rated.suggestion.answer_rating, rated.event.score) == (SatisfactionAnswer.SATISFIED, 80)


def test_the_event_snapshot_never_carries_the_content_name_or_contact() -> None:
    snapshot = repr(new(proposer_name="王师傅", contact="13800000000").snapshot().model_dump())
    for private in ("王师傅", "13800000000", "夜班"):
        assert private not in snapshot


@pytest.mark.parametrize(
    ("build", "step", "code"),
    [
        (new, lambda s: s.decided(D.ADOPTED, "可行", NOW, TODAY), "suggestion_not_acknowledged"),
        (acknowledged, lambda s: s.acknowledged(NOW), "suggestion_not_submitted"),
        (new, lambda s: s.responded("答复", NOW), "suggestion_not_decided"),
        (closed, lambda s: s.responded("答复", NOW), "suggestion_not_decided"),
        (acknowledged, lambda s: s.closed(NOW), "suggestion_not_responded"),
        (responded, lambda s: s.reopened("不满意", NOW, DECIDE_DUE, WINDOW), "suggestion_not_closed"),
        (acknowledged, lambda s: s.progress_noted("进展", NOW), "suggestion_not_decided"),
        (closed, lambda s: s.progress_noted("进展", NOW), "suggestion_not_decided"),
        (decided, lambda s: s.answer_rated(SatisfactionAnswer.SATISFIED, NOW), "suggestion_not_responded"),
        (closed, lambda s: s.decided(D.ADOPTED, "可行", NOW, TODAY), "suggestion_not_acknowledged"),
    ],
)
def test_a_step_out_of_turn_is_refused_naming_the_current_state(
    build: Callable[[], Suggestion], step: Callable[[Suggestion], object], code: str
) -> None:
    suggestion = build()
    error = refused(ConflictError, code, lambda: step(suggestion))
    assert f"现为「{suggestion.state.label_zh}」" in error.message


@pytest.mark.parametrize("decision", list(SuggestionDecision))
def test_every_decision_needs_a_reason(decision: SuggestionDecision) -> None:
    refused(RuleViolationError, "reason_required", lambda: acknowledged().decided(decision, " \n", NOW, TODAY))


@pytest.mark.parametrize(("today", "within"), [(DECIDE_DUE, True), (DECIDE_DUE + timedelta(days=1), False)])
def test_a_decision_is_in_time_up_to_and_including_the_decide_by_day(today: date, within: bool) -> None:
    event = acknowledged().decided(D.REJECTED, "不具备条件", NOW, today).event
    assert isinstance(event, SuggestionDecided)
    assert event.within_deadline is within


@pytest.mark.parametrize("build", [lambda: decided(D.REJECTED), lambda: responded(D.REJECTED)])
def test_a_rejected_suggestion_has_no_progress(build: Callable[[], Suggestion]) -> None:
    refused(ConflictError, "not_adopted", lambda: build().progress_noted("进展", NOW))


def test_empty_progress_notes_and_answers_are_refused() -> None:
    refused(RuleViolationError, "note_required", lambda: decided().progress_noted("  ", NOW))
    refused(RuleViolationError, "response_required", lambda: decided().responded("", NOW))


def test_an_answer_is_rated_once() -> None:
    rated = responded().answer_rated(SatisfactionAnswer.DISSATISFIED, NOW).suggestion
    refused(ConflictError, "answer_already_rated", lambda: rated.answer_rated(SatisfactionAnswer.SATISFIED, NOW))
    refused(
        ConflictError,
        "answer_already_rated",
        lambda: rated.closed(NOW).suggestion.answer_rated(SatisfactionAnswer.SATISFIED, NOW),
    )


# --- reopening -----------------------------------------------------------------------------------


def test_reopening_starts_a_new_round_with_a_new_decide_by_day() -> None:
    rated = closed().answer_rated(SatisfactionAnswer.NOT_VERY_SATISFIED, NOW).suggestion
    change = rated.reopened(" 没有落实 ", NOW + WINDOW, date(2026, 11, 20), WINDOW)
    again = change.suggestion
    assert isinstance(change.event, SuggestionReopened)
    assert (change.event.reason, change.entry.text) == ("没有落实", "没有落实")
    assert (again.state, again.decide_due, again.next_due, again.reopened_count) == (
        S.REOPENED,
        date(2026, 11, 20),
        date(2026, 11, 20),
        1,
    )
    assert (again.decision, again.response, again.closed_at, again.answer_rating) == (None, None, None, None)
    next_round = again.decided(D.ADOPTED, "重新安排", NOW, TODAY).suggestion.responded("已落实", NOW).suggestion
    assert next_round.answer_rated(SatisfactionAnswer.SATISFIED, NOW).suggestion.answer_rating is not None


def test_reopening_is_refused_after_the_window_and_without_a_reason() -> None:
    done = closed(at=NOW)
    late = NOW + WINDOW + timedelta(seconds=1)
    error = refused(ConflictError, "reopen_window_passed", lambda: done.reopened("不满意", late, DECIDE_DUE, WINDOW))
    assert "30 天" in error.message
    refused(RuleViolationError, "reason_required", lambda: done.reopened(" ", NOW, DECIDE_DUE, WINDOW))


# --- deadlines -----------------------------------------------------------------------------------


def test_lateness_is_the_step_not_taken_by_its_day() -> None:
    submitted_one = new()
    assert submitted_one.lateness(date(2026, 10, 2)) == []
    [ack] = submitted_one.lateness(date(2026, 10, 5))
    assert (ack.step, ack.due, ack.days) == ("acknowledge", date(2026, 10, 2), 3)
    assert [x.step for x in submitted_one.lateness(date(2026, 10, 21))] == ["acknowledge", "decide"]
    [decide] = acknowledged().lateness(date(2026, 10, 22))
    assert (decide.step, decide.days) == ("decide", 2)
    assert decided().lateness(date(2027, 1, 1)) == [], "decided: nothing more is due"
