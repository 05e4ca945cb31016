"""The working-day calendar and the time limits of suggestions: the statutory holidays and 调休 working days
without anyone entering them, the organisation's own days through the API (which win), deadlines across a
weekend and a holiday, deadlines that stay once set, overdue suggestions, lists by deadline, and the 30 days
after closing within which a suggestion may be reopened."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import update

from bastion.clock import local_today, utc_now
from bastion.errors import ConflictError
from bastion.runtime import runtime_with
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.vocabulary import FeedbackChannel, RespondentGroup, SuggestionCategory, SuggestionDecision
from feedback.adapters.orm import calendar_days, suggestion_history, suggestions
from feedback.adapters.statutory_holidays import CHINA
from feedback.service_layer import suggestions as handlers
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings
from tests.support.feedback import seed_branch

SEPT_29 = date(2026, 9, 29)  # a Tuesday, two days before 国庆节 (1–7 October 2026, 10 October worked)


def anyone(_suggestion: object) -> None:
    """No access check: these tests call the handlers directly about days, not about who may."""


def context_at(feedback: ServiceClient, today: date, now: datetime | None = None) -> Context:
    settings = runtime_with(feedback.runtime, FeedbackSettings).settings
    return Context(FeedbackUnitOfWork(feedback.runtime.sessions), now or utc_now(), today, settings)


async def submit_on(feedback: ServiceClient, branch_id: uuid.UUID, today: date, now: datetime | None = None) -> str:
    command = handlers.SubmitSuggestion(
        branch_id=branch_id,
        category=SuggestionCategory.MANAGEMENT,
        content=f"建议优化交接班流程 {uuid.uuid4().hex[:6]}",
        respondent_group=RespondentGroup.DEPARTMENT,
        channel=FeedbackChannel.STAFF,
    )
    done = await handlers.submit_suggestion(command, context_at(feedback, today, now))
    return str(done.value[0].id)


async def deadlines(feedback: ServiceClient, branch_id: uuid.UUID, today: date) -> dict[str, Any]:
    """A suggestion submitted on ``today``, as the API shows it (with its deadlines)."""
    return cast(dict[str, Any], await get(feedback, f"/suggestions/{await submit_on(feedback, branch_id, today)}"))


async def step(feedback: ServiceClient, sid: str, name: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    answer = await feedback.http.post(f"/suggestions/{sid}/{name}", json=body)
    assert answer.status_code == 200, answer.text
    return cast(dict[str, Any], answer.json())


async def get(feedback: ServiceClient, url: str, **params: Any) -> Any:
    answer = await feedback.http.get(url, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def put_day(feedback: ServiceClient, day: str, working: bool, name: str) -> httpx.Response:
    return await feedback.http.put(f"/calendar/{day}", json={"working": working, "name": name})


async def national_day(feedback: ServiceClient) -> None:
    """The organisation's own days: 1 to 8 October 2026 off (a day more than the statutory 1–7), Saturday
    10 October worked (as the statutory arrangement has it too)."""
    for offset in range(8):
        assert (await put_day(feedback, f"2026-10-0{offset + 1}", False, "国庆节")).status_code == 200
    assert (await put_day(feedback, "2026-10-10", True, "调休上班")).status_code == 200


async def test_the_organisations_own_days_are_set_by_day_over_the_statutory_ones(feedback: ServiceClient) -> None:
    holiday = await put_day(feedback, "2026-10-01", False, "国庆")
    renamed = await put_day(feedback, "2026-10-01", False, " 国庆节 ")
    saturday_off = await put_day(feedback, "2026-10-10", False, "厂休")
    saturday_worked = await put_day(feedback, "2026-10-17", True, "调休上班")

    assert holiday.json() == {
        **{"day": "2026-10-01", "weekday": 4, "working": False, "name": "国庆", "source": "local"},
        **{"configured": True, "event_ids": []},
    }
    assert renamed.json()["name"] == "国庆节", "setting a day again replaces it"
    assert (saturday_worked.json()["working"], saturday_worked.json()["weekday"]) == (True, 6)
    assert saturday_off.json()["working"] is False, "a statutory 调休 Saturday the organisation does not work"
    year = await get(feedback, "/calendar", year=2026)
    october = [(d["day"], d["working"], d["name"], d["source"]) for d in year["days"] if d["day"] >= "2026-10"]
    assert october == [
        ("2026-10-01", False, "国庆节", "local"),
        *((f"2026-10-0{i}", False, "国庆节", "statutory") for i in range(2, 8)),
        ("2026-10-10", False, "厂休", "local"),
        ("2026-10-17", True, "调休上班", "local"),
    ]
    assert (year["statutory"]["known"], year["statutory"]["notice"]) == (True, None)
    removed = await feedback.http.delete("/calendar/2026-10-10")
    assert removed.json() == {
        **{"day": "2026-10-10", "weekday": 6, "working": True, "name": "国庆节调休上班", "source": "statutory"},
        **{"configured": False, "event_ids": []},
    }, "the statutory arrangement again"
    removed_ordinary = await feedback.http.delete("/calendar/2026-10-17")
    assert (removed_ordinary.json()["working"], removed_ordinary.json()["source"]) == (False, None)


async def test_a_year_without_a_statutory_arrangement_says_so_and_keeps_the_local_days(feedback: ServiceClient) -> None:
    unknown = CHINA.last_year + 1  # not published (or not yet in the installed calendar)
    await put_day(feedback, f"{unknown}-01-01", False, "元旦")

    year = await get(feedback, "/calendar", year=unknown)

    assert [(d["day"], d["source"]) for d in year["days"]] == [(f"{unknown}-01-01", "local")]
    assert year["statutory"]["known"] is False
    assert str(unknown) in year["statutory"]["notice"]
    assert "周一至周五" in year["statutory"]["notice"]


async def test_a_calendar_change_breaking_a_rule_is_refused_and_nothing_is_written(feedback: ServiceClient) -> None:
    before = await rows_written(feedback.runtime.engine, calendar_days)

    friday = await put_day(feedback, "2026-10-09", True, "调休上班")
    missing = await feedback.http.delete("/calendar/2026-10-11")
    not_a_day = await put_day(feedback, "2026-02-30", False, "春节")

    assert (friday.status_code, friday.json()["error"]) == (422, "not_a_weekend")
    assert "周末" in friday.json()["message"]
    assert (missing.status_code, missing.json()["error"]) == (404, "calendar_day_not_found")
    assert (not_a_day.status_code, not_a_day.json()["error"]) == (422, "invalid_request")
    assert await rows_written(feedback.runtime.engine, calendar_days) == before


async def test_deadlines_follow_the_statutory_holidays_and_weekend_working_days_unentered(
    feedback: ServiceClient,
) -> None:
    known = await seed_branch(feedback.runtime)
    before_national_day = await deadlines(feedback, known.branch_id, date(2026, 9, 30))
    before_worked_sunday = await deadlines(feedback, known.branch_id, date(2026, 9, 18))

    # From Wednesday 30 September: 1–7 October off, Thu 8, Fri 9, and Saturday 10 October worked (调休);
    # the 15th: Thu 8, Fri 9, Sat 10, 12–16, 19–23, Mon 26, Tue 27 October.
    assert (before_national_day["acknowledge_due"], before_national_day["decide_due"]) == ("2026-10-10", "2026-10-27")
    # From Friday 18 September: Sunday 20 September worked (调休), Mon 21, Tue 22.
    assert before_worked_sunday["acknowledge_due"] == "2026-09-22"


async def test_the_organisations_own_days_win_and_deadlines_set_do_not_move(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    first = await submit_on(feedback, known.branch_id, date(2026, 9, 30))

    await put_day(feedback, "2026-10-10", False, "厂休")
    saturday_off = await deadlines(feedback, known.branch_id, date(2026, 9, 30))
    await put_day(feedback, "2026-10-07", True, "生产保障")
    holiday_worked = await deadlines(feedback, known.branch_id, date(2026, 9, 30))
    kept = await get(feedback, f"/suggestions/{first}")

    assert saturday_off["acknowledge_due"] == "2026-10-12", "Thu 8, Fri 9, then Monday 12: the Saturday is off"
    assert holiday_worked["acknowledge_due"] == "2026-10-09", "Wed 7 worked, Thu 8, Fri 9"
    assert (kept["acknowledge_due"], kept["decide_due"]) == ("2026-10-10", "2026-10-27"), "set once, never moved"


async def test_a_reopened_suggestion_counts_its_new_decide_by_day_in_the_calendar(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    await national_day(feedback)
    sid = await submit_on(feedback, known.branch_id, date(2026, 9, 1))
    await step(feedback, sid, "acknowledge")
    # decide-by: 15 working days after Tue 1 September, Sunday 20 September worked (调休): Monday 21.
    on_the_day = context_at(feedback, date(2026, 9, 21))
    await handlers.decide_suggestion(uuid.UUID(sid), SuggestionDecision.ADOPTED, "可行", on_the_day, allowed=anyone)
    await step(feedback, sid, "respond", {"response": "已优化"})
    await step(feedback, sid, "close")

    reopened = await handlers.reopen_suggestion(
        uuid.UUID(sid), "仍有问题", context_at(feedback, SEPT_29), allowed=anyone
    )
    late = context_at(feedback, date(2026, 10, 28))
    decided = await handlers.decide_suggestion(
        uuid.UUID(sid), SuggestionDecision.REJECTED, "已有新流程", late, allowed=anyone
    )

    assert (reopened.value.decide_due, reopened.value.state.value) == (date(2026, 10, 27), "reopened")
    assert decided.value.decision is SuggestionDecision.REJECTED
    first, again = await outbox_events(feedback.runtime.engine, "bastion.feedback.suggestion.decided.v1")
    assert (first.data["within_deadline"], again.data["within_deadline"]) == (True, False)
    assert (first.data["suggestion"]["decide_due"], again.data["suggestion"]["decide_due"]) == (
        "2026-09-21",
        "2026-10-27",
    )


async def test_overdue_suggestions_of_a_branch_show_each_late_step(feedback: ServiceClient) -> None:
    known, other = await seed_branch(feedback.runtime), await seed_branch(feedback.runtime)
    today = local_today(feedback.runtime.settings.timezone)
    long_ago = today - timedelta(days=40)
    never_acknowledged = await submit_on(feedback, known.branch_id, long_ago, utc_now() - timedelta(days=40))
    not_decided = await submit_on(feedback, known.branch_id, long_ago, utc_now() - timedelta(days=40))
    await step(feedback, not_decided, "acknowledge")
    decided = await submit_on(feedback, known.branch_id, long_ago, utc_now() - timedelta(days=40))
    await step(feedback, decided, "acknowledge")
    await step(feedback, decided, "decide", {"decision": "adopted", "reason": "可行"})
    await submit_on(feedback, known.branch_id, today)
    await submit_on(feedback, other.branch_id, long_ago)
    due_today = await submit_on(feedback, known.branch_id, long_ago, utc_now() - timedelta(days=40))
    async with feedback.runtime.engine.begin() as connection:
        await connection.execute(
            update(suggestions).where(suggestions.c.id == due_today).values(acknowledge_due=today, decide_due=today)
        )

    found = await get(feedback, f"/branches/{known.branch_id}/suggestions/overdue")

    assert (found["branch_id"], found["as_of"]) == (str(known.branch_id), today.isoformat())
    late = {item["id"]: item["overdue"] for item in found["items"]}
    assert set(late) == {never_acknowledged, not_decided}, "not the one due today, nor those in time"
    assert [x["step"] for x in late[never_acknowledged]] == ["acknowledge", "decide"]
    [decide] = late[not_decided]
    assert decide["step"] == "decide"
    assert decide["days_overdue"] == (today - date.fromisoformat(decide["due"])).days > 0
    missing = await feedback.http.get(f"/branches/{uuid.uuid4()}/suggestions/overdue")
    assert (missing.status_code, missing.json()["error"]) == (404, "branch_not_found")


async def test_suggestions_are_listed_by_their_next_deadline_and_filtered(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    today = local_today(feedback.runtime.settings.timezone)
    late = await submit_on(feedback, known.branch_id, today - timedelta(days=10))
    closed = await submit_on(feedback, known.branch_id, today)
    for name, body in [("acknowledge", None), ("decide", {"decision": "rejected", "reason": "不具备条件"})]:
        await step(feedback, closed, name, body)
    await step(feedback, closed, "respond", {"response": "已答复"})
    await step(feedback, closed, "close")
    to_decide = await submit_on(feedback, known.branch_id, today)
    await step(feedback, to_decide, "acknowledge")
    to_acknowledge = await submit_on(feedback, known.branch_id, today)
    decided = await submit_on(feedback, known.branch_id, today)
    await step(feedback, decided, "acknowledge")
    await step(feedback, decided, "decide", {"decision": "adopted", "reason": "可行"})

    listed = await get(feedback, "/suggestions", branch_id=str(known.branch_id))

    assert [s["id"] for s in listed["items"]] == [late, to_acknowledge, to_decide, decided, closed], "then newest first"
    assert [s["next_due"] is None for s in listed["items"]] == [False, False, False, True, True]
    assert "contact" not in listed["items"][0], "the list does not show how to reach the proposer"
    overdue = await get(feedback, "/suggestions", branch_id=str(known.branch_id), overdue="true")
    assert [s["id"] for s in overdue["items"]] == [late]
    on_time = await get(feedback, "/suggestions", branch_id=str(known.branch_id), overdue="false")
    assert [s["id"] for s in on_time["items"]] == [to_acknowledge, to_decide, decided, closed]
    acknowledged = await get(feedback, "/suggestions", state="acknowledged")
    assert [s["id"] for s in acknowledged["items"]] == [to_decide]
    paged = await get(feedback, "/suggestions", branch_id=str(known.branch_id), page=2, page_size=3)
    assert (paged["total"], [s["id"] for s in paged["items"]]) == (5, [decided, closed])
    assert (await get(feedback, "/suggestions", branch_id=str(uuid.uuid4())))["total"] == 0


async def test_reopening_is_refused_once_30_days_have_passed_since_closing(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    sid = await submit_on(feedback, known.branch_id, local_today(feedback.runtime.settings.timezone))
    await step(feedback, sid, "acknowledge")
    await step(feedback, sid, "decide", {"decision": "adopted", "reason": "可行"})
    await step(feedback, sid, "respond", {"response": "已优化"})
    closed_at = datetime.fromisoformat((await step(feedback, sid, "close"))["closed_at"])
    before = await rows_written(feedback.runtime.engine, suggestions, suggestion_history)

    late = closed_at + timedelta(days=30, minutes=1)
    with pytest.raises(ConflictError) as caught:
        await handlers.reopen_suggestion(
            uuid.UUID(sid), "还是不满意", context_at(feedback, late.date(), late), allowed=anyone
        )

    assert caught.value.code == "reopen_window_passed"
    assert await rows_written(feedback.runtime.engine, suggestions, suggestion_history) == before
    in_time = closed_at + timedelta(days=29, hours=23)
    reopened = await handlers.reopen_suggestion(
        uuid.UUID(sid), "还是不满意", context_at(feedback, in_time.date(), in_time), allowed=anyone
    )
    assert reopened.value.state.value == "reopened"
