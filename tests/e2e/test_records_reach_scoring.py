"""The records the year needs, through the producing APIs to scoring's read API: the grades a branch's
民主评议党员 decided (activity) on the members' score cards, and the committee's recognitions (roster) in
the branch's bonus."""

from __future__ import annotations

from typing import Any

import httpx

from activity.main import SERVICE as ACTIVITY
from bastion.clock import local_today
from bastion.testing import TestStack, running_service
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.support.activity import activity_body
from tests.support.roster import create_branch, register


async def answered(request: Any, status: int = 200) -> dict[str, Any]:
    response: httpx.Response = await request
    assert response.status_code == status, f"{response.request.url}: {response.text}"
    body: dict[str, Any] = response.json()
    return body


async def read_after(http: httpx.AsyncClient, path: str, event_ids: list[str], **params: Any) -> dict[str, Any]:
    """Read with `after` until scoring says it applied those events (each try waits up to its bound)."""
    for _ in range(15):
        body = await answered(http.get(path, params={"after": event_ids, **params}))
        if body["includes_requested_events"]:
            return body
    raise AssertionError(f"scoring did not apply the events for {path}")


async def test_grades_and_recognitions_recorded_through_the_apis_reach_scoring(stack: TestStack) -> None:
    year = local_today("Asia/Shanghai").year
    async with (
        running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
        running_service(ACTIVITY, await stack.settings_for(ACTIVITY)) as activity,
        running_service(SCORING, await stack.settings_for(SCORING)) as scoring,
    ):
        branch = await create_branch(roster.http)
        full = [await register(roster.http, branch["id"], name=f"党员{i}") for i in range(4)]
        probationary = await register(
            roster.http, branch["id"], name="小李", stage="probationary", probationary_on=f"{year}-01-05"
        )
        written = [e for person in (branch, *full, probationary) for e in person["event_ids"]]
        known = await answered(activity.http.get("/consumption", params={"after": written, "wait_seconds": 10}))
        assert known["applied"], "activity has not learnt the roster"

        meeting = await answered(
            activity.http.post("/activities", json=activity_body(branch["id"], "member_appraisal")), 201
        )
        results = f"/activities/{meeting['id']}/appraisal-results"
        await answered(activity.http.post(f"/activities/{meeting['id']}/held", json={"minutes": "民主评议。"}))
        # 4 full members graded: at most 4 // 3 = 1 excellent.
        grades = [{"member_id": full[0]["id"], "grade": "excellent"}]
        grades += [{"member_id": p["id"], "grade": "qualified"} for p in full[1:]]
        graded = await answered(activity.http.put(results, json={"grades": grades}))
        refused = await activity.http.put(
            results, json={"grades": [{"member_id": probationary["id"], "grade": "qualified"}]}
        )
        recognitions = f"/org-units/{branch['id']}/recognitions"
        innovation = {"kind": "innovation", "title": "卷接机组降耗技术革新", "recognised_on": f"{year}-03-15"}
        published = {"kind": "published_experience", "title": "流动服务岗经验推广", "recognised_on": f"{year}-06-01"}
        recognised = [await answered(roster.http.post(recognitions, json=b), 201) for b in (innovation, published)]

        card = await read_after(scoring.http, f"/members/{full[0]['id']}/score-card", graded["event_ids"])
        plain = await read_after(scoring.http, f"/members/{full[1]['id']}/score-card", graded["event_ids"])
        ids = [e for r in recognised for e in r["event_ids"]]
        assessment = await read_after(scoring.http, f"/branches/{branch['id']}/assessment/explain", ids)

    assert (refused.status_code, refused.json()["error"]) == (422, "probationary_not_graded")
    assert refused.json()["message"] == "预备党员参加民主评议，但不评定等次：小李"
    assert (card["appraisal"]["grade"], card["appraisal"]["grade_label"]) == ("excellent", "优秀")
    assert card["appraisal"]["held_on"] == graded["held_on"]
    assert plain["appraisal"]["grade_label"] == "合格"
    # No honour: the bonus is the innovation's 3 and the published experience's 2.
    assert assessment["bonus"]["amount"] == 5
    assert assessment["bonus"]["lines"] == [
        "6月1日 经验推广「流动服务岗经验推广」 +2",
        "3月15日 创新成果「卷接机组降耗技术革新」 +3",
    ]
