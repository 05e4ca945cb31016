"""A year of the voice of those served, through feedback's API: ratings from departments, workers and
members (paper surveys entered with their dates), suggestions answered on time and late, and a few
still overdue. Loaded once per branch (a second run finds them and adds nothing). The working-day
calendar needs nothing: feedback knows the statutory holidays and 调休 working days itself."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Any

from bastion_demo.api import Api, DemoLoadError, gather_limited, until_known

ANSWERS = ["very_satisfied", "satisfied", "basically_satisfied", "not_very_satisfied", "dissatisfied"]
# Branch 4 starts where the report says it was: less satisfied those it serves.
WEIGHTS = {1: [40, 40, 15, 4, 1], 2: [35, 40, 18, 5, 2], 3: [30, 42, 20, 6, 2], 4: [15, 35, 32, 13, 5]}
GROUPS = ["department", "department", "worker", "worker", "member"]


def _pick(seed: str, weights: list[int]) -> str:
    roll = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:4], "big") % sum(weights)
    for answer, weight in zip(ANSWERS, weights, strict=True):
        if roll < weight:
            return answer
        roll -= weight
    return ANSWERS[-1]


async def load_ratings(feedback: Api, number: int, branch_id: str, rated: list[tuple[str, str]], today: date) -> None:
    """Fifteen branch ratings a quarter, and ratings of the activities and members in ``rated``."""
    summary = await feedback.get(f"/branches/{branch_id}/ratings/summary")
    await feedback.get(f"/branches/{branch_id}/public-channel")  # the page, its code and QR code, ready to print
    if summary["count"]:
        return
    weights = WEIGHTS[number]
    work = []
    for quarter_back in range(4):
        day = today - timedelta(days=30 + 91 * quarter_back)
        for index in range(15):
            work.append(
                _rate(
                    feedback, "branch", branch_id, f"{number}-q{quarter_back}-{index}", GROUPS[index % 5], weights, day
                )
            )
    for index, (kind, subject) in enumerate(rated):
        for respondent in range(5 if kind == "member" else 2):
            work.append(
                _rate(
                    feedback,
                    kind,
                    subject,
                    f"{subject}-{respondent}",
                    GROUPS[respondent % 5],
                    weights,
                    today - timedelta(days=5 + index),
                )
            )
    await gather_limited(work)


async def _rate(feedback: Api, kind: str, subject: str, who: str, group: str, weights: list[int], day: date) -> None:
    body = {
        "subject_kind": kind,
        "subject_id": subject,
        "respondent_group": group,
        "respondent": f"demo-{who}",
        "answer": _pick(who, weights),
        "collected_on": day.isoformat(),
    }
    try:
        await until_known(lambda: feedback.post("/ratings", body, track=False), ("unknown_subject",))
    except DemoLoadError as error:
        if "already_rated" not in str(error):
            raise


SUGGESTIONS = [  # (category, content, decision or None, working days to decide, responded)
    ("service", "希望党员流动服务岗增加夜班时段", "adopted", 6, True),
    ("welfare", "职工食堂增加夜班餐", "partially_adopted", 9, True),
    ("production", "卷包车间换牌流程可以再简化", "adopted", 12, True),
    ("management", "设备点检表电子化", "rejected", 8, True),
    ("party_building", "主题党日多到车间一线开展", "adopted", 22, True),
    ("service", "科室上门服务提前一天通知", "adopted", 5, False),
    ("other", "厂区增加自行车停放点", None, 0, False),
]


async def load_suggestions(feedback: Api, number: int, branch_id: str, proposers: list[str], today: date) -> None:
    existing = await feedback.get("/suggestions", branch_id=branch_id, page_size=1)
    if existing["total"]:
        return
    for index, (category, content, decision, days, responded) in enumerate(SUGGESTIONS):
        submitted = datetime.combine(
            today - timedelta(days=300 - 40 * index if decision else 10 - index), datetime.min.time()
        )
        submitted += timedelta(hours=9)
        body: dict[str, Any] = {
            "branch_id": branch_id,
            "category": category,
            "content": f"{content}（{number}支部）",
            "respondent_group": GROUPS[index % 5],
        }
        if index % 3 == 0 and proposers:
            body["proposer_member_id"] = proposers[index % len(proposers)]
        created = await until_known(_submitter(feedback, body, submitted), ("unknown_branch", "unknown_member"))
        if decision is None:
            continue  # still waiting: it will show as overdue
        steps = [("acknowledge", {}, 1), ("decide", {"decision": decision, "reason": "经支委会研究"}, days)]
        if responded:
            steps += [("respond", {"response": "已按决定落实，谢谢您的建议"}, days + 3), ("close", {}, days + 5)]
        for step, step_body, after_days in steps:
            at = submitted + timedelta(days=after_days * 7 // 5)
            if at.date() >= today:
                break
            await feedback.call(
                "POST", f"/suggestions/{created['id']}/{step}", json=step_body, params={"recorded_at": at.isoformat()}
            )


def _submitter(feedback: Api, body: dict[str, Any], at: datetime) -> Callable[[], Awaitable[Any]]:
    async def submit() -> Any:
        return await feedback.call("POST", "/suggestions", json=body, params={"recorded_at": at.isoformat()})

    return submit
