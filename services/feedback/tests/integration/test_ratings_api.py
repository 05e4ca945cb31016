"""Ratings through feedback's staff API: one per respondent per subject per period, identities only hashed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy import select

from bastion.clock import local_today, utc_now
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.vocabulary import FeedbackChannel, RatingSubjectKind, RespondentGroup, SatisfactionAnswer
from feedback.adapters.orm import ratings
from feedback.service_layer import ratings as handlers
from feedback.service_layer.context import Context
from feedback.service_layer.unit_of_work import FeedbackUnitOfWork
from feedback.settings import FeedbackSettings
from tests.support.feedback import seed_branch


def rating(subject_kind: str, subject_id: object, respondent: str = "GD2-017", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject_kind": subject_kind,
        "subject_id": str(subject_id),
        "respondent_group": "worker",
        "respondent": respondent,
        "answer": "satisfied",
    }
    body.update(changes)
    return body


async def test_a_rating_is_stored_without_who_gave_it_and_announced(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    answer = await feedback.http.post(
        "/ratings",
        json=rating(
            "activity",
            known.held_activity,
            "财务科-王会计",
            respondent_group="department",
            answer="very_satisfied",
            dimensions={"attitude": "very_satisfied", "result": "satisfied"},
            comment="上门服务很及时",
        ),
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["score"], body["branch_id"], body["activity_kind"]) == (
        100,
        str(known.branch_id),
        "door_to_door_visit",
    )
    assert body["display_name"] is None, "anonymous unless the respondent chooses to show a name"
    async with feedback.runtime.engine.connect() as connection:
        stored = (await connection.execute(select(ratings))).one()
    assert "财务科" not in repr(stored._mapping), "the identity is never stored"
    assert len(stored.respondent_hash) == 32
    [event] = await outbox_events(feedback.runtime.engine, "bastion.feedback.rating.submitted.v1")
    assert event.data["respondent_group"] == "department"
    assert event.data["dimensions"] == {"attitude": "very_satisfied", "efficiency": None, "result": "satisfied"}
    assert event.data["has_comment"] is True
    assert "respondent" not in event.data
    assert [str(event.id)] == body["event_ids"]


async def test_one_rating_per_respondent_per_subject_per_period(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    first = await feedback.http.post("/ratings", json=rating("branch", known.branch_id, " gd2-017 "))
    before = await rows_written(feedback.runtime.engine, ratings)
    again = await feedback.http.post(
        "/ratings", json=rating("branch", known.branch_id, "GD2-017", answer="dissatisfied")
    )
    other_subject = await feedback.http.post("/ratings", json=rating("member", known.members[0], "GD2-017"))
    other_person = await feedback.http.post("/ratings", json=rating("branch", known.branch_id, "GD2-018"))

    assert first.status_code == 201
    assert (again.status_code, again.json()["error"]) == (409, "already_rated")
    assert known.name in again.json()["message"]
    assert other_subject.status_code == 201
    assert other_person.status_code == 201
    assert (await rows_written(feedback.runtime.engine, ratings))["ratings"] == before["ratings"] + 2


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (rating("branch", uuid.uuid4()), 422, "unknown_subject"),
        (rating("member", uuid.uuid4()), 422, "unknown_subject"),
        (rating("activity", uuid.uuid4()), 422, "unknown_subject"),
        (rating("branch", uuid.uuid4(), answer="excellent"), 422, "invalid_request"),
        (rating("branch", uuid.uuid4(), respondent_group="boss"), 422, "invalid_request"),
        (rating("branch", uuid.uuid4(), respondent=""), 422, "invalid_request"),
    ],
)
async def test_bad_ratings_are_refused_and_nothing_is_written(
    feedback: ServiceClient, body: dict[str, Any], status: int, code: str
) -> None:
    await seed_branch(feedback.runtime)
    before = await rows_written(feedback.runtime.engine, ratings)
    answer = await feedback.http.post("/ratings", json=body)

    assert (answer.status_code, answer.json()["error"]) == (status, code)
    assert await rows_written(feedback.runtime.engine, ratings) == before


async def test_a_planned_activity_cannot_be_rated_yet(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    answer = await feedback.http.post("/ratings", json=rating("activity", known.planned_activity))
    assert (answer.status_code, answer.json()["error"]) == (409, "activity_not_held")


async def test_the_summary_weights_the_groups_and_flags_a_small_sample(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    answers = [
        ("department", "very_satisfied"),
        ("department", "satisfied"),
        ("worker", "basically_satisfied"),
        ("worker", "dissatisfied"),
        ("member", "very_satisfied"),
    ]
    for index, (group, answer) in enumerate(answers):
        await feedback.http.post(
            "/ratings", json=rating("branch", known.branch_id, f"p{index}", respondent_group=group, answer=answer)
        )

    summary = (await feedback.http.get(f"/branches/{known.branch_id}/ratings/summary")).json()
    listed = (
        await feedback.http.get("/ratings", params={"branch_id": str(known.branch_id), "respondent_group": "worker"})
    ).json()

    # department mean 90, worker mean 30, member 100: (0.4*90 + 0.4*30 + 0.2*100) / 1.0 = 68
    assert summary["satisfaction_index"] == 68.0
    assert summary["satisfaction_rate"] == 0.8
    assert (summary["count"], summary["sufficient_sample"]) == (5, False)
    assert [(g["respondent_group"], g["count"], g["mean_score"], g["weight"]) for g in summary["by_group"]] == [
        ("department", 2, 90.0, 0.4),
        ("worker", 2, 30.0, 0.4),
        ("member", 1, 100.0, 0.2),
    ]
    [branch_figures] = summary["by_subject"]
    assert [(g["respondent_group"], g["count"], g["mean_score"]) for g in branch_figures["groups"]] == [
        ("department", 2, 90.0),
        ("member", 1, 100.0),
        ("worker", 2, 30.0),
    ]
    assert listed["total"] == 2
    fetched = await feedback.http.get(f"/ratings/{listed['items'][0]['id']}")
    assert fetched.json() == listed["items"][0]
    assert (await feedback.http.get(f"/ratings/{uuid.uuid4()}")).status_code == 404


async def test_a_paper_survey_entered_later_counts_in_its_own_period(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    earlier = await feedback.http.post("/ratings", json=rating("branch", known.branch_id, collected_on="2025-05-20"))
    again_now = await feedback.http.post("/ratings", json=rating("branch", known.branch_id))
    future = await feedback.http.post(
        "/ratings", json=rating("branch", known.branch_id, "x", collected_on="2999-01-01")
    )

    assert earlier.json()["period"] == "2025-Q2"
    assert earlier.json()["submitted_at"].startswith("2025-05-20T04:00:00")
    assert again_now.status_code == 201, "another period: the same respondent may rate again"
    assert (future.status_code, future.json()["error"]) == (422, "date_in_future")


async def summary_of(feedback: ServiceClient, branch_id: uuid.UUID, period: str | None = None) -> dict[str, Any]:
    answer = await feedback.http.get(
        f"/branches/{branch_id}/ratings/summary", params={} if period is None else {"period": period}
    )
    assert answer.status_code == 200, answer.text
    return cast(dict[str, Any], answer.json())


async def test_the_index_pools_every_subject_of_the_branch_per_respondent_group(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    for index in range(8):
        body = rating("branch", known.branch_id, f"科室{index}", respondent_group="department", answer="very_satisfied")
        assert (await feedback.http.post("/ratings", json=body)).status_code == 201
    for index in range(2):
        body = rating("member", known.members[0], f"科室{index}", respondent_group="department", answer="dissatisfied")
        assert (await feedback.http.post("/ratings", json=body)).status_code == 201

    summary = await summary_of(feedback, known.branch_id)

    # One group (departments): (8 × 100 + 2 × 0) / 10 = 80, not the mean of the two subjects' means (50).
    assert (summary["satisfaction_index"], summary["count"], summary["sufficient_sample"]) == (80.0, 10, True)
    assert [(g["respondent_group"], g["count"], g["weight"]) for g in summary["by_group"]] == [("department", 10, 1.0)]
    by_subject = {s["subject_kind"]: [g["mean_score"] for g in s["groups"]] for s in summary["by_subject"]}
    assert by_subject == {"branch": [100.0], "member": [0.0]}, "the detail by kind of subject stays"


async def rate_at(
    feedback: ServiceClient, branch_id: uuid.UUID, who: str, group: RespondentGroup, answer: str, at: datetime
) -> None:
    """A rating collected at a given moment, through the handler (the API only takes a day)."""
    settings = cast(FeedbackSettings, feedback.runtime.settings)
    uow = FeedbackUnitOfWork(feedback.runtime.sessions)
    context = Context(uow, utc_now(), local_today(settings.timezone), settings)
    command = handlers.SubmitRating(
        subject_kind=RatingSubjectKind.BRANCH,
        subject_id=branch_id,
        respondent_group=group,
        respondent=who,
        answer=SatisfactionAnswer(answer),
        channel=FeedbackChannel.STAFF,
        collected_at=at,
    )
    await handlers.submit_rating(command, context)


async def test_a_year_a_quarter_or_a_month_selects_the_ratings_submitted_in_it(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    department, worker = RespondentGroup.DEPARTMENT, RespondentGroup.WORKER
    await rate_at(feedback, known.branch_id, "d1", department, "very_satisfied", datetime(2025, 7, 15, 4, tzinfo=UTC))
    await rate_at(feedback, known.branch_id, "d2", department, "satisfied", datetime(2025, 9, 30, 15, tzinfo=UTC))
    await rate_at(feedback, known.branch_id, "w1", worker, "basically_satisfied", datetime(2025, 12, 10, 4, tzinfo=UTC))
    # 20:00 on 31 December in UTC is 04:00 on 1 January 2026 in Shanghai: the organisation's new year.
    await rate_at(feedback, known.branch_id, "w2", worker, "dissatisfied", datetime(2025, 12, 31, 20, tzinfo=UTC))

    def figures(summary: dict[str, Any]) -> tuple[Any, ...]:
        return summary["count"], summary["satisfaction_index"]

    # 2025: departments (100 + 80) / 2 = 90, workers 60: (0.4 × 90 + 0.4 × 60) / 0.8 = 75.
    assert figures(await summary_of(feedback, known.branch_id, "2025")) == (3, 75.0)
    # 30 September 15:00 UTC is 23:00 in Shanghai: still the third quarter.
    assert figures(await summary_of(feedback, known.branch_id, "2025-Q3")) == (2, 90.0)
    assert figures(await summary_of(feedback, known.branch_id, "2025-12")) == (1, 60.0)
    assert figures(await summary_of(feedback, known.branch_id, "2026")) == (1, 0.0)
    assert figures(await summary_of(feedback, known.branch_id, "2026-01")) == (1, 0.0)
    assert figures(await summary_of(feedback, known.branch_id, "2025-06")) == (0, None)
    everything = await summary_of(feedback, known.branch_id)
    # All time: departments 90, workers (60 + 0) / 2 = 30: (0.4 × 90 + 0.4 × 30) / 0.8 = 60.
    assert (everything["period"], everything["first_day"], figures(everything)) == (None, None, (4, 60.0))
    quarter = await summary_of(feedback, known.branch_id, "2025-Q4")
    assert (quarter["period"], quarter["first_day"], quarter["last_day"]) == ("2025-Q4", "2025-10-01", "2025-12-31")

    async def listed(period: str) -> list[str]:
        params = {"branch_id": str(known.branch_id), "period": period}
        answer = (await feedback.http.get("/ratings", params=params)).json()
        return sorted(item["answer"] for item in answer["items"])

    assert await listed("2025") == ["basically_satisfied", "satisfied", "very_satisfied"]
    assert await listed("2025-12") == ["basically_satisfied"]
    assert await listed("2026-Q1") == ["dissatisfied"]


async def test_a_period_in_another_form_is_refused_naming_the_forms(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    for period in ("2025-13", "2025-Q5", "25", "2025/07", "2025-7"):
        for url in (f"/branches/{known.branch_id}/ratings/summary", "/ratings"):
            answer = await feedback.http.get(url, params={"period": period})
            assert (answer.status_code, answer.json()["error"]) == (422, "invalid_period"), (url, period)
            assert answer.json()["message"].startswith("period：")
            assert "2026-Q3" in answer.json()["message"]
