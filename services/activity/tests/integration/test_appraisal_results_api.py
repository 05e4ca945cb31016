"""民主评议党员 results through the API: grades of a held member appraisal, corrections, the refusals."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from activity.adapters.orm import appraisal_grades
from bastion.auth import Role
from bastion.clock import local_day
from bastion.testing import ServiceClient
from bastion.testing.auth import bearer
from bastion.testing.outbox import outbox_events
from bastion.testing.writes import rows_written
from bastion_contracts.roster import MemberRegistered
from bastion_contracts.vocabulary import Stage
from tests.support.activity import SeededBranch, apply, hold, person, schedule, seed_branch

RECORDED = "bastion.activity.appraisal.recorded.v1"


def grade(member_id: uuid.UUID, value: str) -> dict[str, str]:
    return {"member_id": str(member_id), "grade": value}


async def appraisal_branch(activity: ServiceClient) -> tuple[SeededBranch, uuid.UUID]:
    """Six full members (党员0 … 党员5), an activist, and 小李, a probationary member."""
    seeded = await seed_branch(activity.runtime)
    probationary = uuid.uuid4()
    snapshot = person(probationary, seeded.branch_id, "小李", stage=Stage.PROBATIONARY)
    await apply(activity.runtime, [MemberRegistered(member=snapshot)])
    return seeded, probationary


async def held_appraisal(activity: ServiceClient, seeded: SeededBranch) -> dict[str, Any]:
    return await hold(activity.http, await schedule(activity.http, seeded.branch_id, "member_appraisal"))


async def put(activity: ServiceClient, meeting: dict[str, Any], *grades: dict[str, str], **headers: str) -> Any:
    return await activity.http.put(
        f"/activities/{meeting['id']}/appraisal-results", json={"grades": list(grades)}, headers=headers or None
    )


async def refused(activity: ServiceClient, answer: Any, status: int, code: str) -> str:
    """The (awaitable) answer refuses with ``status`` and ``code`` and writes no grade; its Chinese message."""
    before = await rows_written(activity.runtime.engine, appraisal_grades)
    response = await answer
    assert (response.status_code, response.json()["error"]) == (status, code), response.text
    assert await rows_written(activity.runtime.engine, appraisal_grades) == before
    message: str = response.json()["message"]
    return message


async def test_the_meeting_grades_each_full_member_and_a_correction_replaces_a_grade(activity: ServiceClient) -> None:
    seeded, probationary = await appraisal_branch(activity)
    m = seeded.members
    meeting = await held_appraisal(activity, seeded)
    grades = [grade(m[0], "excellent"), *(grade(x, "qualified") for x in m[1:5]), grade(m[5], "basically_qualified")]

    first = await put(activity, meeting, *grades)
    corrected = await put(activity, meeting, grade(m[5], "unqualified"), grade(m[0], "excellent"))

    assert first.status_code == 200, first.text
    body = corrected.json()
    # 6 graded: at most 6 // 3 = 2 excellent; 小李 (probationary) and the activist are not to be graded.
    assert (body["graded"], body["excellent_limit"], body["ungraded"]) == (6, 2, [])
    assert body["counts"] == {"excellent": 1, "qualified": 4, "basically_qualified": 0, "unqualified": 1}
    assert [(line["name"], line["grade_label"]) for line in body["results"]] == [
        ("党员0", "优秀"),
        *((f"党员{i}", "合格") for i in range(1, 5)),
        ("党员5", "不合格"),
    ]
    assert str(probationary) not in {line["member_id"] for line in body["results"]}
    events = await outbox_events(activity.runtime.engine, RECORDED)
    assert (len(first.json()["event_ids"]), body["event_ids"]) == (6, [str(events[-1].id)])  # m[0] unchanged
    held_on = local_day(datetime.fromisoformat(meeting["held_start"]), "Asia/Shanghai")
    assert events[-1].subject == meeting["id"]
    assert events[-1].data == {
        "activity_id": meeting["id"],
        "activity_title": meeting["title"],
        "branch_id": str(seeded.branch_id),
        "member_id": str(m[5]),
        "grade": "unqualified",
        "previous_grade": "basically_qualified",
        "held_on": held_on.isoformat(),
        "year": held_on.year,
    }
    read = await activity.http.get(f"/activities/{meeting['id']}/appraisal-results")
    assert read.json() == {k: v for k, v in body.items() if k != "event_ids"}


async def test_grades_that_break_a_rule_are_refused_with_a_chinese_message(activity: ServiceClient) -> None:
    seeded, probationary = await appraisal_branch(activity)
    m, activist = seeded.members, seeded.others["activist0"]
    stranger = (await seed_branch(activity.runtime, members=1, committee=0, groups=0, activists=0)).members[0]
    meeting = await held_appraisal(activity, seeded)
    theme_day = await hold(activity.http, await schedule(activity.http, seeded.branch_id, "theme_day"))
    planned = await schedule(activity.http, seeded.branch_id, "member_appraisal")

    message = await refused(
        activity, put(activity, meeting, grade(probationary, "qualified")), 422, "probationary_not_graded"
    )
    assert message == "预备党员参加民主评议，但不评定等次：小李"
    message = await refused(activity, put(activity, meeting, grade(activist, "qualified")), 422, "not_full_member")
    assert message == "只有正式党员评定等次：积极分子0（入党积极分子）"
    three = (grade(m[0], "excellent"), grade(m[1], "excellent"), grade(m[2], "qualified"))
    message = await refused(activity, put(activity, meeting, *three), 422, "too_many_excellent")
    assert message == "优秀不得超过参评党员的三分之一：参评 3 人，最多 1 名优秀，登记后将有 2 名"
    message = await refused(activity, put(activity, theme_day, grade(m[0], "qualified")), 422, "not_member_appraisal")
    assert message == f"「{theme_day['title']}」是主题党日，只有民主评议党员才登记评议结果"
    message = await refused(activity, put(activity, planned, grade(m[0], "qualified")), 409, "activity_not_held")
    assert "只有「已召开」、「退回修改」的活动才能登记评议结果" in message
    await refused(activity, put(activity, meeting, grade(stranger, "qualified")), 422, "member_other_branch")
    await refused(
        activity, put(activity, meeting, grade(m[0], "qualified"), grade(m[0], "excellent")), 422, "duplicate_entry"
    )
    await refused(activity, put(activity, meeting, grade(m[0], "good")), 422, "invalid_request")
    read = activity.http.get(f"/activities/{theme_day['id']}/appraisal-results")
    await refused(activity, read, 422, "not_member_appraisal")


async def test_approval_closes_the_grades_and_only_the_branch_records_them(activity: ServiceClient) -> None:
    seeded, _ = await appraisal_branch(activity)
    other, m = await seed_branch(activity.runtime), seeded.members
    meeting = await held_appraisal(activity, seeded)
    own = bearer(activity.runtime.settings, Role.SECRETARY, branch_ids=(seeded.branch_id,))
    theirs = bearer(activity.runtime.settings, Role.SECRETARY, branch_ids=(other.branch_id,))

    by_secretary = await put(activity, meeting, grade(m[0], "qualified"), **own)
    await refused(activity, put(activity, meeting, grade(m[1], "qualified"), **theirs), 403, "forbidden")
    approved = await activity.http.post(f"/activities/{meeting['id']}/approve", json={})
    after_approval = put(activity, meeting, grade(m[0], "unqualified"))

    assert (by_secretary.status_code, approved.status_code) == (200, 200), by_secretary.text
    await refused(activity, after_approval, 409, "activity_not_held")
