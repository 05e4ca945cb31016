"""The suggestion loop through feedback's staff API and its handlers: every step announced, every rule
with its code, nothing written on refusal, the receipt code as the proposer's key."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import select

from bastion.clock import utc_now
from bastion.errors import NotFoundError
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.roster import OrgUnitDissolved, OrgUnitSnapshot
from bastion_contracts.vocabulary import (
    FeedbackChannel,
    OrgUnitKind,
    RespondentGroup,
    SatisfactionAnswer,
    SuggestionCategory,
)
from feedback.adapters.orm import suggestion_history, suggestions
from feedback.service_layer import suggestions as handlers
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings
from tests.support.feedback import apply, seed_branch

PREFIX = "bastion.feedback.suggestion."


def context_at(feedback: ServiceClient, now: datetime) -> Context:
    """A handler context at another time (today: that time's day in the organisation's time zone)."""
    settings = cast(FeedbackSettings, feedback.runtime.settings)
    today = now.astimezone(ZoneInfo(settings.timezone)).date()
    return Context(uow=FeedbackUnitOfWork(feedback.runtime.sessions), now=now, today=today, settings=settings)


def command(branch_id: uuid.UUID, content: str) -> handlers.SubmitSuggestion:
    category, group = SuggestionCategory.SERVICE, RespondentGroup.WORKER
    return handlers.SubmitSuggestion(branch_id, category, content, group, FeedbackChannel.STAFF)


async def submit(feedback: ServiceClient, branch_id: uuid.UUID, **changes: Any) -> dict[str, Any]:
    body = {"branch_id": str(branch_id), "category": "service", "respondent_group": "worker"}
    body |= {"content": f"建议增设夜班服务岗 {uuid.uuid4().hex[:6]}"} | changes
    answer = await feedback.http.post("/suggestions", json=body)
    assert answer.status_code == 201, answer.text
    return cast(dict[str, Any], answer.json())


async def go(
    feedback: ServiceClient, suggestion_id: object, *steps: str | tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    """Take the steps in turn (a name, or a name and its body); answer the last change."""
    changed: dict[str, Any] = {}
    for step in steps:
        name, body = (step, None) if isinstance(step, str) else step
        answer = await feedback.http.post(f"/suggestions/{suggestion_id}/{name}", json=body)
        assert answer.status_code == 200, answer.text
        changed = answer.json()
    return changed


DECIDE = ("decide", {"decision": "adopted", "reason": "夜班人员多，确有需要"})
RESPOND = ("respond", {"response": "已于下月起试行"})
TO_CLOSED = ("acknowledge", DECIDE, RESPOND, "close")


def refused(answer: httpx.Response, status: int, code: str) -> None:
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text


async def test_a_suggestion_goes_round_the_loop_and_every_step_is_announced(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    member = str(known.members[0])
    created = await submit(
        feedback, known.branch_id, proposer_name="王师傅", contact="13800000000", proposer_member_id=member
    )
    sid, due = created["id"], created["acknowledge_due"]
    assert (created["state"], created["channel"], created["next_due"], created["history"][0]["step"]) == (
        *("submitted", "staff", due, "submitted"),
    )

    decided = await go(feedback, sid, "acknowledge", DECIDE, ("progress", {"note": "已排班"}))
    assert (decided["state"], decided["decision"], decided["decision_reason"]) == ("decided", *DECIDE[1].values())
    await go(feedback, sid, RESPOND, ("progress", {"note": "扩大到白班"}), "close")
    rated = await go(feedback, sid, ("answer-rating", {"answer": "very_satisfied"}))

    assert (rated["state"], rated["answer_rating"], rated["response"]) == ("closed", "very_satisfied", "已于下月起试行")
    steps = ("submitted", "acknowledged", "decided", "progress", "responded", "progress", "closed", "answer_rated")
    assert [h["step"] for h in rated["history"]] == list(steps)
    fetched = (await feedback.http.get(f"/suggestions/{sid}")).json()
    assert fetched == {k: v for k, v in rated.items() if k != "event_ids"}
    assert (fetched["proposer_name"], fetched["contact"]) == ("王师傅", "13800000000"), "staff see who proposed it"
    events = [e for e in await outbox_events(feedback.runtime.engine) if e.type.startswith(PREFIX)]
    verbs = [e.type.removeprefix(PREFIX).removesuffix(".v1") for e in events]
    assert verbs == [s.replace("progress", "progress_noted") for s in steps]
    assert {e.subject for e in events} == {sid}
    assert rated["event_ids"] == [str(events[-1].id)]
    by_type = dict(zip(verbs, [e.data for e in events], strict=True))
    assert (by_type["decided"]["reason"], by_type["decided"]["within_deadline"]) == (DECIDE[1]["reason"], True)
    assert by_type["decided"]["suggestion"]["decision"] == "adopted"
    assert by_type["progress_noted"]["note"] == "扩大到白班"
    assert (by_type["answer_rated"]["answer"], by_type["answer_rated"]["score"]) == ("very_satisfied", 100)
    assert by_type["submitted"]["suggestion"]["proposer_member_id"] == str(known.members[0])
    for private in ("王师傅", "13800000000", "夜班服务岗"):
        assert private not in json.dumps([e.data for e in events], ensure_ascii=False)


async def test_a_reopened_suggestion_is_decided_answered_and_closed_again(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    sid = (await submit(feedback, known.branch_id))["id"]
    await go(feedback, sid, *TO_CLOSED, ("answer-rating", {"answer": "dissatisfied"}))

    reopened = await go(feedback, sid, ("reopen", {"reason": "试行后又取消了"}))
    assert (reopened["state"], reopened["reopened_count"], reopened["next_due"]) == (
        "reopened",
        1,
        reopened["decide_due"],
    )
    assert (reopened["decision"], reopened["answer_rating"], reopened["closed_at"]) == (None, None, None)
    refused(await feedback.http.post(f"/suggestions/{sid}/respond", json=RESPOND[1]), 409, "suggestion_not_decided")
    decide = ("decide", {"decision": "partially_adopted", "reason": "白班恢复"})
    answer, rating = ("respond", {"response": "白班已恢复"}), ("answer-rating", {"answer": "satisfied"})
    again = await go(feedback, sid, decide, answer, "close", rating)

    assert (again["state"], again["decision"], again["answer_rating"]) == ("closed", "partially_adopted", "satisfied")
    round_ = ["decided", "responded", "closed", "answer_rated"]
    assert [h["step"] for h in again["history"]] == ["submitted", "acknowledged", *round_, "reopened", *round_]
    decided = [h["text"] for h in again["history"] if h["step"] == "decided"]
    assert decided == ["采纳：夜班人员多，确有需要", "部分采纳：白班恢复"]
    [event] = await outbox_events(feedback.runtime.engine, PREFIX + "reopened.v1")
    assert (event.data["reason"], event.data["suggestion"]["state"]) == ("试行后又取消了", "reopened")
    decisions = await outbox_events(feedback.runtime.engine, PREFIX + "decided.v1")
    assert [e.data["suggestion"]["decision"] for e in decisions] == ["adopted", "partially_adopted"]


async def test_steps_out_of_turn_are_refused_naming_the_state_and_nothing_is_written(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    fresh = (await submit(feedback, known.branch_id))["id"]
    done = (await submit(feedback, known.branch_id))["id"]
    await go(feedback, done, *TO_CLOSED)
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    attempts = [
        (fresh, DECIDE, "suggestion_not_acknowledged"),
        (fresh, RESPOND, "suggestion_not_decided"),
        (fresh, "close", "suggestion_not_responded"),
        (fresh, ("reopen", {"reason": "不满意"}), "suggestion_not_closed"),
        (fresh, ("answer-rating", {"answer": "satisfied"}), "suggestion_not_responded"),
        (fresh, ("progress", {"note": "进展"}), "suggestion_not_decided"),
        (done, "acknowledge", "suggestion_not_submitted"),
        (done, DECIDE, "suggestion_not_acknowledged"),
        (done, RESPOND, "suggestion_not_decided"),
        (done, ("progress", {"note": "进展"}), "suggestion_not_decided"),
        (done, "close", "suggestion_not_responded"),
    ]
    for sid, step, code in attempts:
        name, body = (step, None) if isinstance(step, str) else step
        answer = await feedback.http.post(f"/suggestions/{sid}/{name}", json=body)
        refused(answer, 409, code)
        assert ("已办结" if sid == done else "已提交") in answer.json()["message"]

    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before
    refused(await feedback.http.post(f"/suggestions/{uuid.uuid4()}/acknowledge"), 404, "suggestion_not_found")


@pytest.mark.parametrize("decision", ["adopted", "partially_adopted", "rejected"])
async def test_every_decision_needs_a_reason(feedback: ServiceClient, decision: str) -> None:
    known = await seed_branch(feedback.runtime)
    sid = (await go(feedback, (await submit(feedback, known.branch_id))["id"], "acknowledge"))["id"]
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    for reason in ("", "  \n "):
        answer = await feedback.http.post(f"/suggestions/{sid}/decide", json={"decision": decision, "reason": reason})
        refused(answer, 422, "reason_required")

    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before
    assert (await go(feedback, sid, ("decide", {"decision": decision, "reason": "理由"})))["decision"] == decision


async def test_a_rejected_suggestion_takes_no_progress_and_an_answer_is_rated_once(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    sid = (await submit(feedback, known.branch_id))["id"]
    await go(feedback, sid, "acknowledge", ("decide", {"decision": "rejected", "reason": "不具备条件"}))
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    refused(await feedback.http.post(f"/suggestions/{sid}/progress", json={"note": "进展"}), 409, "not_adopted")
    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before
    await go(feedback, sid, RESPOND, ("answer-rating", {"answer": "basically_satisfied"}))
    refused(await feedback.http.post(f"/suggestions/{sid}/progress", json={"note": "进展"}), 409, "not_adopted")
    again = await feedback.http.post(f"/suggestions/{sid}/answer-rating", json={"answer": "very_satisfied"})
    refused(again, 409, "answer_already_rated")
    assert (await feedback.http.get(f"/suggestions/{sid}")).json()["answer_rating"] == "basically_satisfied"


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"branch_id": str(uuid.uuid4())}, 422, "unknown_branch"),
        ({"content": "   "}, 422, "content_required"),
        ({"content": "长" * 2001}, 422, "content_too_long"),
        ({"anonymous": True, "proposer_name": "王师傅"}, 422, "contact_required"),
        ({"five_services": "serve_everyone"}, 422, "unknown_five_services_tag"),
        ({"proposer_member_id": str(uuid.uuid4())}, 422, "unknown_member"),
        ({"category": "gossip"}, 422, "invalid_request"),
    ],
)
async def test_a_submission_breaking_a_rule_is_refused_and_nothing_is_written(
    feedback: ServiceClient, changes: dict[str, Any], status: int, code: str
) -> None:
    known = await seed_branch(feedback.runtime)
    body = {"branch_id": str(known.branch_id), "category": "welfare", "respondent_group": "member", "content": "建议"}
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    refused(await feedback.http.post("/suggestions", json=body | changes), status, code)

    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before


async def test_the_same_content_to_the_same_branch_is_refused_for_24_hours(feedback: ServiceClient) -> None:
    known, other = await seed_branch(feedback.runtime), await seed_branch(feedback.runtime)
    await submit(feedback, known.branch_id, content="食堂夜宵 QC 品种太少")
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)
    twin = {"branch_id": str(known.branch_id), "category": "welfare", "respondent_group": "worker"}

    answer = await feedback.http.post("/suggestions", json=twin | {"content": " 食堂夜宵  ｑｃ 品种太少\n"})

    refused(answer, 409, "duplicate_suggestion")
    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before
    await submit(feedback, other.branch_id, content="食堂夜宵 QC 品种太少")
    tomorrow = context_at(feedback, utc_now() + timedelta(hours=25))
    done = await handlers.submit_suggestion(command(known.branch_id, "食堂夜宵 QC 品种太少"), tomorrow)
    assert done.value[0].state.value == "submitted"


async def test_two_identical_submissions_at_the_same_moment_make_one_suggestion(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    body = {"branch_id": str(known.branch_id), "category": "welfare", "respondent_group": "worker", "content": "澡堂"}

    answers = await asyncio.gather(*(feedback.http.post("/suggestions", json=body) for _ in range(3)))

    assert sorted(a.status_code for a in answers) == [201, 409, 409]


async def test_a_dissolved_branch_takes_no_suggestions(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    given = {"org_unit_id": known.branch_id, "kind": OrgUnitKind.BRANCH, "name": known.name, "parent_id": None}
    gone = OrgUnitSnapshot(**given, ancestor_ids=[], dissolved=True)
    await apply(feedback.runtime, [OrgUnitDissolved(org_unit=gone, dissolved_on=date(2026, 11, 1))])
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    body = {"branch_id": str(known.branch_id), "category": "other", "respondent_group": "worker", "content": "建议"}
    refused(await feedback.http.post("/suggestions", json=body), 409, "org_unit_dissolved")

    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before


async def test_an_anonymous_proposer_follows_reopens_and_rates_with_the_receipt_code(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    given = {"anonymous": True, "contact": "wx:gd-night", "proposer_name": "王师傅", "five_services": "serve_masses"}
    created = await submit(feedback, known.branch_id, **given)
    receipt, context = created["receipt"], context_at(feedback, utc_now())
    assert [created[k] for k in given] == [True, "wx:gd-night", None, "serve_masses"], "anonymous: no name kept"
    async with feedback.runtime.engine.connect() as connection:
        stored = (await connection.execute(select(suggestions))).one()
    assert receipt.replace("-", "") not in repr(stored._mapping).replace("-", ""), "only the hash is kept"
    assert "receipt" not in (await feedback.http.get(f"/suggestions/{created['id']}")).json()

    found = await handlers.suggestion_by_receipt(f" {receipt.lower().replace('-', '')} ", context)
    assert str(found.id) == created["id"]
    await go(feedback, created["id"], *TO_CLOSED)
    context = context_at(feedback, utc_now())  # after the steps above: a step is never dated before the last
    rated = await handlers.rate_answer_by_receipt(receipt, SatisfactionAnswer.NOT_VERY_SATISFIED, context)
    reopened = await handlers.reopen_by_receipt(receipt, "答复没有解决问题", context_at(feedback, utc_now()))

    assert (rated.value.answer_rating, reopened.value.state.value) == (
        SatisfactionAnswer.NOT_VERY_SATISFIED,
        "reopened",
    )
    [event] = await outbox_events(feedback.runtime.engine, PREFIX + "reopened.v1")
    assert reopened.event_ids == [event.id]
    for wrong in ("JY-AAAA-AAAA", "not a code"):
        with pytest.raises(NotFoundError) as caught:
            await handlers.reopen_by_receipt(wrong, "理由", context)
        assert caught.value.code == "receipt_not_found"


async def test_steps_entered_later_from_paper_keep_their_dates_and_their_order(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    body = {
        "branch_id": str(known.branch_id),
        "category": "welfare",
        "content": "澡堂延长开放",
        "respondent_group": "worker",
    }
    created = await feedback.http.post("/suggestions", json=body, params={"recorded_at": "2026-03-02T09:00:00"})
    suggestion = created.json()
    late = await feedback.http.post(
        f"/suggestions/{suggestion['id']}/acknowledge", params={"recorded_at": "2026-03-09T09:00:00"}
    )
    before_submission = await feedback.http.post(
        f"/suggestions/{suggestion['id']}/decide",
        json={"decision": "adopted", "reason": "可行"},
        params={"recorded_at": "2026-03-01T09:00:00"},
    )
    future = await feedback.http.post(
        f"/suggestions/{suggestion['id']}/decide",
        json={"decision": "adopted", "reason": "可行"},
        params={"recorded_at": "2999-01-01T09:00:00"},
    )

    assert created.status_code == 201, created.text
    assert suggestion["submitted_at"].startswith("2026-03-02T01:00:00")
    assert suggestion["acknowledge_due"] == "2026-03-05", "3 working days after Monday 2 March"
    assert late.json()["acknowledged_at"].startswith("2026-03-09T01:00:00")
    assert (before_submission.status_code, before_submission.json()["error"]) == (422, "date_order")
    assert (future.status_code, future.json()["error"]) == (422, "date_in_future")
