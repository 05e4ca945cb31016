"""Past figures from the organisation as it was (domain.md §3), end to end: roster records a branch's 2025
through its API (members joining, lapsing, moving in, a committee seat vacated, a party group set up in
December), the branch's group meetings reach scoring as activity's events, and scoring's reads for a past
day, a quarter and the year are checked against numbers worked out by hand.

测试支部 (set up in 2020): eight full members M1–M8 of long standing; 刘林 (L), a full member and committee
member who lapsed on 1 September 2025; 裴萍 (P), a candidate since September 2024 who joined the Party
(probationary) on 15 June 2025; 安宁 (A), an applicant since May 2024, an activist from 1 July 2025; 唐涛 (T),
a full member transferred in from another branch on 1 October 2025. Committee from 2024: M1 secretary,
M2 organisation officer, L publicity officer. Groups 1–3 from 2024 meet January to November; group 4 was
set up on 10 December 2025 and has not met. Nobody paid dues or recorded learning hours.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio

import tests.support.scoring as scoring_events
from bastion.testing import TestStack, running_service
from bastion.testing.stack import DatabaseTemplates
from bastion_contracts import activity as a
from bastion_contracts.vocabulary import ActivityKind, ActivityState, OrgUnitKind
from bastion_demo.api import Api
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.e2e.helpers import eventually
from tests.support.roster import member_body

pytestmark = pytest.mark.asyncio(loop_scope="module")

FULL = [f"党员{n}" for n in range(1, 9)]
L, P, A, T = "刘林", "裴萍", "安宁", "唐涛"


@dataclass
class Branch:
    roster: Api
    branch_id: str = ""
    other_id: str = ""
    groups: tuple[str, ...] = ()
    people: dict[str, str] | None = None


async def organise(roster: Api) -> Branch:
    suffix = uuid.uuid4().hex[:6]
    b = Branch(roster, people={})
    unit = {"kind": "party_committee", "name": f"卷烟厂党委{suffix}", "established_on": "2020-01-01"}
    committee = (await roster.post("/org-units", unit))["id"]
    for attribute, name in (("branch_id", "测试支部"), ("other_id", "别的支部")):
        unit = {"kind": "branch", "name": name, "parent_id": committee, "established_on": "2020-01-01"}
        setattr(b, attribute, (await roster.post("/org-units", unit))["id"])
    founded = ("2024-01-01", "2024-01-01", "2024-01-01", "2025-12-10")  # the fourth: set up in December
    groups = []
    for n, day in enumerate(founded, start=1):
        group = {"kind": "party_group", "name": f"第{n}党小组", "parent_id": b.branch_id, "established_on": day}
        groups.append((await roster.post("/org-units", group))["id"])
    b.groups = tuple(groups)
    return b


async def register(b: Branch, name: str, branch_id: str | None = None, **dates: Any) -> None:
    assert b.people is not None
    body = member_body(branch_id or b.branch_id, name=name, **dates)
    b.people[name] = (await b.roster.post("/members", body))["id"]


async def record_2025(b: Branch) -> None:
    assert b.people is not None
    for name in [*FULL, L]:
        await register(b, name)
    pipeline = {"applied_on": "2023-03-01", "activist_on": "2023-09-01", "candidate_on": "2024-09-01"}
    await register(b, P, stage="probationary", probationary_on="2025-06-15", **pipeline)
    await register(b, A, stage="activist", applied_on="2024-05-01", activist_on="2025-07-01", probationary_on=None)
    await register(b, T, b.other_id)
    await b.roster.post(f"/org-units/{b.branch_id}/committee/terms", {"starts_on": "2024-01-01"})
    for role, name in (("secretary", FULL[0]), ("org_officer", FULL[1]), ("publicity_officer", L)):
        await b.roster.put(
            f"/org-units/{b.branch_id}/committee/seats/{role}",
            {"member_id": b.people[name], "assigned_on": "2024-01-01"},
        )
    lapse = {"status": "lapsed", "changed_on": "2025-09-01", "reason": "连续六个月未参加组织生活"}
    await b.roster.post(f"/members/{b.people[L]}/status", lapse)  # also vacates L's seat that day
    await b.roster.post(
        f"/members/{b.people[T]}/transfer", {"to_branch_id": b.branch_id, "transferred_on": "2025-10-01"}
    )


def group_meeting(branch_id: str, group_id: str, month: int) -> a.ActivityHeld:
    """A party group's monthly meeting of 2025, held on the 6th, as activity announces it."""
    start = datetime.combine(date(2025, month, 6), time(15), ZoneInfo("Asia/Shanghai"))
    values = {"activity_id": uuid.uuid4(), "kind": ActivityKind.GROUP_MEETING, "organiser_id": group_id}
    values |= {"organiser_kind": OrgUnitKind.PARTY_GROUP, "branch_id": branch_id, "title": f"{month}月党小组会"}
    values |= {"planned_start": start, "held_start": start, "place": "活动室", "state": ActivityState.HELD}
    return a.ActivityHeld(activity=a.ActivitySnapshot.model_validate(values))


async def wait_until_applied(scoring: Api, event_ids: Sequence[str]) -> None:
    for start in range(0, len(event_ids), 200):
        chunk = list(event_ids[start : start + 200])

        async def applied(chunk: list[str] = chunk) -> bool:
            return bool((await scoring.get("/consumption", after=chunk, wait_seconds=5))["applied"])

        await eventually(applied, timeout=60, what="scoring applied the branch's 2025")


@dataclass
class Recorded:
    scoring: httpx.AsyncClient
    branch: Branch

    async def read(self, path: str, **params: Any) -> dict[str, Any]:
        answer = await self.scoring.get(path, params=params)
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def assessment(self, **params: Any) -> dict[str, Any]:
        return await self.read(f"/branches/{self.branch.branch_id}/assessment", **params)

    def id_of(self, name: str) -> str:
        assert self.branch.people is not None
        return self.branch.people[name]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def recorded(
    database_templates: DatabaseTemplates, kafka_bootstrap: str, signing_key_file: Path
) -> AsyncIterator[Recorded]:
    """Roster and scoring on one topic prefix, the branch's 2025 recorded through roster's API, and the
    group meetings published as activity's events."""
    stack = TestStack(database_templates, kafka_bootstrap, f"t{uuid.uuid4().hex[:10]}.", signing_key_file)
    try:
        async with (
            running_service(ROSTER, await stack.settings_for(ROSTER)) as roster,
            running_service(SCORING, await stack.settings_for(SCORING)) as scoring,
        ):
            b = await organise(Api(roster.http, ""))
            await record_2025(b)
            meetings = [group_meeting(b.branch_id, g, m) for g in b.groups[:3] for m in range(1, 12)]
            sent = await scoring_events.publish(kafka_bootstrap, stack.topic_prefix, meetings)
            await wait_until_applied(Api(scoring.http, ""), [*b.roster.event_ids, *(str(e.id) for e in sent)])
            yield Recorded(scoring.http, b)
    finally:
        await stack.close()


def indicator(assessment: dict[str, Any], code: str) -> tuple[Any, ...]:
    found = next(i for d in assessment["dimensions"] for i in d["indicators"] if i["code"] == code)
    return found["value"], found["target"], found["points"], found["score"]


def structure(assessment: dict[str, Any]) -> tuple[int, int, int]:
    s = assessment["structure"]
    return s["party_members"], s["full"], s["probationary"]


async def test_a_past_day_counts_the_people_and_the_committee_as_they_were(recorded: Recorded) -> None:
    march = await recorded.assessment(as_of="2025-03-30")

    # On 30 March: M1–M8 and L (lapsed only in September) are the 9 Party members, all full; P, who joined
    # on 15 June, was a candidate; T was in another branch; A an applicant.
    assert structure(march) == (9, 9, 0)
    # activists and candidates: P, against max(2, 5% of 9) → 4 × 1/2
    assert indicator(march, "activists_and_candidates") == (1, 2, 4, 2)
    # 9 full members need 3 seated: M1, M2 and L (whose seat was vacated when she lapsed in September)
    assert indicator(march, "committee_in_place") == (3, 3, 4, 4)
    # groups 1–3 in January to March, 9 meetings held; group 4 did not exist yet
    assert indicator(march, "group_meetings") == (9, 9, 4, 4)


async def test_a_quarter_counts_activists_from_their_activist_date(recorded: Recorded) -> None:
    second_quarter = await recorded.assessment(year=2025, quarter=2)

    assert second_quarter["as_of"] == "2025-06-30"
    # A became an activist on 1 July: on 30 June still an applicant; P a probationary member since 15 June
    assert indicator(second_quarter, "activists_and_candidates") == (0, 2, 4, 0)
    assert structure(second_quarter) == (10, 9, 1)


async def test_a_group_set_up_in_december_adds_only_december_to_the_years_target(recorded: Recorded) -> None:
    year = await recorded.assessment(year=2025)

    # 3 groups × 12 months + group 4 in December only = 37 (not 4 × 12 = 48); 33 held → 4 × 33 / 37
    assert indicator(year, "group_meetings") == (33, 37, 4, 3.57)
    assert year["compliance"]["group_meeting"] == {"required": 37, "held": 33}
    # on 31 December: M1–M8 and T full, P probationary; L gone; A an activist
    assert structure(year) == (10, 9, 1)
    assert indicator(year, "activists_and_candidates") == (1, 2, 4, 2)
    # L's seat vacated on 1 September: the secretary and one more of the 3 needed → the secretary alone's 2
    assert indicator(year, "committee_in_place") == (2, 3, 4, 2)


async def test_the_ranking_of_a_past_day_ranks_that_days_members_and_lists_the_pipeline_apart(
    recorded: Recorded,
) -> None:
    march = await recorded.read(f"/branches/{recorded.branch.branch_id}/ranking", year=2025, as_of="2025-03-30")
    december = await recorded.read(f"/branches/{recorded.branch.branch_id}/ranking", year=2025)

    assert sorted(p["name"] for p in march["people"]) == sorted([*FULL, L])
    assert {p["name"]: (p["stage"], p["rank"], p["band"]) for p in march["pipeline"]} == {
        P: ("candidate", None, None),
        A: ("applicant", None, None),
    }
    assert sorted(p["name"] for p in december["people"]) == sorted([*FULL, P, T])
    assert [(p["name"], p["stage"], p["rank"]) for p in december["pipeline"]] == [(A, "activist", None)]


async def test_a_card_owes_dues_only_for_the_months_as_a_member(recorded: Recorded) -> None:
    joined = await recorded.read(f"/members/{recorded.id_of(P)}/score-card", year=2025)
    lapsed = await recorded.read(f"/members/{recorded.id_of(L)}/score-card", year=2025)
    lapsed_in_march = await recorded.read(f"/members/{recorded.id_of(L)}/score-card", year=2025, as_of="2025-03-30")
    moved_in_march = await recorded.read(f"/members/{recorded.id_of(T)}/score-card", year=2025, as_of="2025-03-30")

    # P joined on 15 June: June to December unpaid −7; learning 32 × 7 / 12 = 18.67 hours short → −4;
    # 60 − 11 + the fallback satisfaction 8 = 57. Probationary: no band; under 75: alert. The other nine
    # Party members owe 12 months (−12) and 32 hours (−8): 60 − 20 + 8 = 48, so P ranks first of ten.
    assert joined["deductions"]["unpaid_dues"]["months"] == [f"2025-{m:02d}" for m in range(6, 13)]
    assert (joined["stage"], joined["total"], joined["band"], joined["alert"]) == ("probationary", 57, None, True)
    assert (joined["rank"], joined["rank_of"]) == (1, 10)
    # L lapsed on 1 September: owed January to August only, and the lapse vetoes her year
    assert lapsed["deductions"]["unpaid_dues"]["months"] == [f"2025-{m:02d}" for m in range(1, 9)]
    assert (lapsed["status"], lapsed["total"], lapsed["veto"]["reasons"], lapsed["rank"]) == (
        "lapsed",
        0,
        ["lapsed"],
        None,
    )
    # On 30 March she was an active member: January and February unpaid −2, 8 hours short −2: 60 − 4 + 8 = 64,
    # qualified (60–89), level first with the eight others
    assert (lapsed_in_march["status"], lapsed_in_march["total"], lapsed_in_march["band"]) == ("active", 64, "qualified")
    assert (lapsed_in_march["rank"], lapsed_in_march["rank_of"]) == (1, 9)
    # T was in the other branch then, its only member
    assert (moved_in_march["branch_id"], moved_in_march["rank_of"]) == (recorded.branch.other_id, 1)
