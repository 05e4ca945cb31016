"""The recruitment pipeline, step by step through roster's API, with each rule refused by name."""

from __future__ import annotations

from datetime import date
from typing import Any

from bastion.clock import local_today
from bastion.testing import ServiceClient
from bastion.testing.outbox import outbox_events
from roster.domain.calendar import add_months
from tests.support.roster import create_branch, refused, register

TODAY = local_today("Asia/Shanghai")


def months_ago(months: int) -> str:
    return add_months(TODAY, -months).isoformat()


async def step(
    roster: ServiceClient, member: dict[str, Any], path: str, body: dict[str, Any], *, put: bool = False
) -> Any:
    send = roster.http.put if put else roster.http.post
    return await send(f"/members/{member['id']}/{path}", json=body)


async def test_an_applicant_becomes_a_full_member_only_by_the_rules(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    contact = await register(roster.http, branch["id"], name="联系人")
    sponsor_a, sponsor_b = await register(roster.http, branch["id"]), await register(roster.http, branch["id"])
    probationary = await register(roster.http, branch["id"], stage="probationary", probationary_on=months_ago(3))
    applicant = await register(
        roster.http,
        branch["id"],
        name="小周",
        birth_date="1995-05-05",
        stage="applicant",
        applied_on=months_ago(48),
        probationary_on=None,
    )

    refused(
        await step(roster, applicant, "stage", {"stage": "candidate", "changed_on": months_ago(40)}),
        409,
        "stage_skipped",
    )
    assert (await step(roster, applicant, "application-talk", {"held_on": months_ago(47)})).status_code == 200
    refused(await step(roster, applicant, "application-talk", {"held_on": months_ago(46)}), 409, "talk_already_held")
    assert (
        await step(roster, applicant, "stage", {"stage": "activist", "changed_on": months_ago(46)})
    ).status_code == 200

    refused(
        await step(roster, applicant, "cultivation-contacts", {"contact_ids": []}, put=True),
        422,
        "cultivation_contacts_count",
    )
    refused(
        await step(roster, applicant, "cultivation-contacts", {"contact_ids": [probationary["id"]]}, put=True),
        422,
        "cultivation_contacts_not_full_members",
    )
    assert (
        await step(roster, applicant, "cultivation-contacts", {"contact_ids": [contact["id"]]}, put=True)
    ).status_code == 200
    assert (
        await step(roster, applicant, "activist-reviews", {"reviewed_on": months_ago(40), "outcome": "good"})
    ).status_code == 200

    refused(
        await step(roster, applicant, "stage", {"stage": "candidate", "changed_on": months_ago(40)}),
        422,
        "activist_period",
    )
    assert (
        await step(roster, applicant, "stage", {"stage": "candidate", "changed_on": months_ago(30)})
    ).status_code == 200

    refused(
        await step(roster, applicant, "stage", {"stage": "probationary", "changed_on": months_ago(24)}),
        422,
        "sponsors_required",
    )
    refused(
        await step(roster, applicant, "sponsors", {"sponsor_ids": [sponsor_a["id"], probationary["id"]]}, put=True),
        422,
        "sponsors_not_full_members",
    )
    refused(
        await step(roster, applicant, "sponsors", {"sponsor_ids": [sponsor_a["id"], sponsor_a["id"]]}, put=True),
        422,
        "sponsors_distinct",
    )
    assert (
        await step(roster, applicant, "sponsors", {"sponsor_ids": [sponsor_a["id"], sponsor_b["id"]]}, put=True)
    ).status_code == 200
    admitted = await step(roster, applicant, "stage", {"stage": "probationary", "changed_on": months_ago(18)})
    assert admitted.json()["probation_ends_on"] == add_months(TODAY, -6).isoformat()

    refused(
        await step(roster, applicant, "stage", {"stage": "full", "changed_on": months_ago(12)}),
        422,
        "probation_not_over",
    )
    refused(await step(roster, applicant, "probation-extension", {"months": 5}), 422, "probation_extension_months")
    extended = await step(roster, applicant, "probation-extension", {"months": 6})
    assert extended.json()["probation_ends_on"] == TODAY.isoformat()
    refused(await step(roster, applicant, "probation-extension", {"months": 6}), 409, "probation_already_extended")
    refused(
        await step(roster, applicant, "stage", {"stage": "full", "changed_on": months_ago(1)}),
        422,
        "probation_not_over",
    )
    full = await step(roster, applicant, "stage", {"stage": "full", "changed_on": TODAY.isoformat()})
    refused(
        await step(roster, applicant, "stage", {"stage": "full", "changed_on": TODAY.isoformat()}), 409, "stage_final"
    )

    assert full.json()["stage"] == "full"
    assert full.json()["sponsor_ids"] == [sponsor_a["id"], sponsor_b["id"]]
    changes = await outbox_events(roster.runtime.engine, "bastion.roster.member.stage_changed.v1")
    assert [(e.data["previous_stage"], e.data["member"]["stage"]) for e in changes if e.subject == applicant["id"]] == [
        ("applicant", "activist"),
        ("activist", "candidate"),
        ("candidate", "probationary"),
        ("probationary", "full"),
    ]
    [review] = await outbox_events(roster.runtime.engine, "bastion.roster.member.activist_reviewed.v1")
    assert (review.data["outcome"], review.data["contact_ids"]) == ("good", [contact["id"]])
    for event_type in (
        "application_talk_held",
        "cultivation_contacts_assigned",
        "sponsors_assigned",
        "probation_extended",
    ):
        assert len(await outbox_events(roster.runtime.engine, f"bastion.roster.member.{event_type}.v1")) == 1


async def test_the_minimum_age_applies_to_the_application(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    born = date(TODAY.year - 17, 1, 1).isoformat()
    answer = await roster.http.post(
        "/members",
        json={
            "name": "少年",
            "gender": "male",
            "birth_date": born,
            "education": "senior_secondary",
            "branch_id": branch["id"],
            "department": "车间",
            "position": "学徒",
            "employee_number": f"Y-{born}",
            "stage": "applicant",
            "applied_on": TODAY.isoformat(),
        },
    )
    refused(answer, 422, "minimum_age")
    assert "18" in answer.json()["message"]


async def test_steps_taken_out_of_turn_or_in_the_future_are_refused(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    applicant = await register(
        roster.http,
        branch["id"],
        stage="applicant",
        applied_on=months_ago(2),
        probationary_on=None,
        birth_date="1999-01-01",
    )
    full = await register(roster.http, branch["id"])

    refused(
        await step(roster, applicant, "stage", {"stage": "activist", "changed_on": "2999-01-01"}), 422, "date_in_future"
    )
    refused(
        await step(roster, applicant, "stage", {"stage": "activist", "changed_on": months_ago(3)}), 422, "date_order"
    )
    refused(
        await step(roster, applicant, "activist-reviews", {"reviewed_on": months_ago(1), "outcome": "fair"}),
        409,
        "review_wrong_stage",
    )
    refused(await step(roster, applicant, "probation-extension", {"months": 6}), 409, "extension_wrong_stage")
    refused(await step(roster, full, "application-talk", {"held_on": months_ago(1)}), 409, "talk_wrong_stage")
    refused(await step(roster, full, "sponsors", {"sponsor_ids": []}, put=True), 409, "sponsors_wrong_stage")


async def test_overdue_steps_are_listed_per_branch_most_overdue_first(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    young = {"birth_date": "1998-01-01", "probationary_on": None}
    await register(roster.http, branch["id"], name="未谈话", stage="applicant", applied_on=months_ago(2), **young)
    await register(roster.http, branch["id"], name="新申请", stage="applicant", applied_on=months_ago(0), **young)
    await register(roster.http, branch["id"], name="未考察", stage="activist", activist_on=months_ago(8), **young)
    reviewed = await register(
        roster.http, branch["id"], name="已考察", stage="activist", activist_on=months_ago(8), **young
    )
    await step(roster, reviewed, "activist-reviews", {"reviewed_on": months_ago(1), "outcome": "good"})
    await register(roster.http, branch["id"], name="待转正", stage="probationary", probationary_on=months_ago(15))
    extended = await register(
        roster.http, branch["id"], name="延长", stage="probationary", probationary_on=months_ago(13)
    )
    await step(roster, extended, "probation-extension", {"months": 6})

    answer = await roster.http.get(f"/org-units/{branch['id']}/overdue-steps")
    from_above = await roster.http.get(f"/org-units/{branch['parent_id']}/overdue-steps")

    steps = answer.json()
    assert [(s["member_name"], s["kind"]) for s in steps] == [
        ("待转正", "confirmation"),
        ("未考察", "activist_review"),
        ("未谈话", "application_talk"),
    ]
    assert steps[0]["due_on"] == months_ago(3)
    assert steps[0]["days_overdue"] == (TODAY - date.fromisoformat(months_ago(3))).days
    assert from_above.json() == steps
