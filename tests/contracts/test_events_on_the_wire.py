"""Every event type of roster, activity and feedback, produced through their APIs, read back from Kafka
and checked against its committed JSON Schema: what a subscriber receives is what the contract says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from activity.main import SERVICE as ACTIVITY
from bastion.clock import local_today
from bastion.events import CONTENT_TYPE, CloudEvent
from bastion.testing import TestStack, running_service
from bastion.testing.kafka import read_topics
from bastion.testing.outbox import outbox_count
from bastion_contracts.activity import ACTIVITY_EVENTS
from bastion_contracts.feedback import FEEDBACK_EVENTS
from bastion_contracts.roster import ROSTER_EVENTS
from feedback.main import SERVICE as FEEDBACK
from roster.domain.calendar import add_months
from roster.main import SERVICE as ROSTER
from tests.contracts.subscriber import assert_numbered_one_by_one
from tests.support.activity import hold, schedule, seed_branch
from tests.support.feedback import seed_branch as seed_feedback_branch
from tests.support.roster import create_org_unit, created, register

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "events"
TODAY = local_today("Asia/Shanghai")


def ago(months: int) -> str:
    return add_months(TODAY, -months).isoformat()


async def exercise_everything(http: Any) -> None:
    """One of each change roster can make."""
    committee = await create_org_unit(http, "party_committee", "合同测试党委")
    general = await create_org_unit(http, "general_branch", "机关总支", committee["id"])
    branch = await create_org_unit(http, "branch", "四支部", committee["id"])
    other = await create_org_unit(http, "branch", "一支部", committee["id"])
    group = await create_org_unit(http, "party_group", "第一党小组", branch["id"])
    spare = await create_org_unit(http, "party_group", "临时小组", branch["id"])
    await created(await http.patch(f"/org-units/{other['id']}", json={"name": "第一支部"}))
    await created(await http.post(f"/org-units/{other['id']}/move", json={"parent_id": general["id"]}))
    await created(await http.post(f"/org-units/{spare['id']}/dissolve", json={}))

    secretary, deputy, sponsor = [await register(http, branch["id"]) for _ in range(3)]
    await created(await http.patch(f"/members/{deputy['id']}", json={"position": "副科长"}))
    await created(await http.put(f"/members/{secretary['id']}/group", json={"group_id": group["id"], "role": "leader"}))

    await created(await http.post(f"/org-units/{branch['id']}/committee/terms", json={"starts_on": ago(12)}))
    seat = f"/org-units/{branch['id']}/committee/seats"
    await created(await http.put(f"{seat}/secretary", json={"member_id": secretary["id"], "assigned_on": ago(12)}))
    await created(await http.put(f"{seat}/deputy_secretary", json={"member_id": deputy["id"], "assigned_on": ago(12)}))
    vacated = await http.delete(f"{seat}/deputy_secretary", params={"vacated_on": ago(1), "reason": "工作调动"})
    await created(vacated)

    department = await created(await http.post(f"/org-units/{branch['id']}/departments", json={"name": "质量管理科"}))
    removed = await created(await http.post(f"/org-units/{branch['id']}/departments", json={"name": "临时科室"}))
    await created(await http.post(f"/departments/{removed['id']}/remove", json={}))
    post = await created(
        await http.post(
            "/service-posts",
            json={
                "branch_id": branch["id"],
                "kind": "mobile_service_post",
                "name": "流动服务岗",
                "holder_ids": [secretary["id"]],
                "department_ids": [department["id"]],
            },
        )
    )
    await created(await http.post(f"/service-posts/{post['id']}/close", json={}))
    talent = await created(
        await http.post(
            "/reserve-talents",
            json={
                "branch_id": branch["id"],
                "name": "小刘",
                "gender": "female",
                "birth_date": "1999-03-03",
                "education": "bachelor",
                "department": "质量管理科",
                "mentor_id": secretary["id"],
            },
        )
    )
    await created(await http.post(f"/reserve-talents/{talent['id']}/remove", json={"reason": "已列为积极分子"}))

    young = {"birth_date": "1997-02-02", "probationary_on": None}
    applicant = await register(http, branch["id"], stage="applicant", applied_on=ago(30), **young)
    await created(await http.post(f"/members/{applicant['id']}/application-talk", json={"held_on": ago(29)}))
    await created(
        await http.post(f"/members/{applicant['id']}/stage", json={"stage": "activist", "changed_on": ago(28)})
    )
    await created(
        await http.put(f"/members/{applicant['id']}/cultivation-contacts", json={"contact_ids": [sponsor["id"]]})
    )
    await created(
        await http.post(
            f"/members/{applicant['id']}/activist-reviews", json={"reviewed_on": ago(22), "outcome": "good"}
        )
    )
    probationary = await register(http, branch["id"], stage="probationary", probationary_on=ago(3))
    await created(await http.post(f"/members/{probationary['id']}/probation-extension", json={"months": 6}))
    await created(
        await http.put(f"/members/{applicant['id']}/sponsors", json={"sponsor_ids": [sponsor["id"], secretary["id"]]})
    )

    await created(await http.post(f"/members/{sponsor['id']}/dues", json={"month": ago(1)[:7], "amount": "15.00"}))
    await created(
        await http.post(
            "/honours",
            json={
                "subject_kind": "branch",
                "branch_id": branch["id"],
                "level": "factory",
                "title": "先进基层党组织",
                "awarded_on": ago(2),
            },
        )
    )
    recognition = {"kind": "innovation", "title": "卷接机组降耗技术革新", "recognised_on": ago(2)}
    await created(await http.post(f"/org-units/{branch['id']}/recognitions", json=recognition))
    await created(
        await http.post(
            f"/members/{deputy['id']}/discipline",
            json={"level": "warning", "decided_on": ago(1), "reason": "违反工作纪律"},
        )
    )
    await created(
        await http.post(
            f"/members/{deputy['id']}/transfer", json={"to_branch_id": other["id"], "transferred_on": ago(0)}
        )
    )
    await created(
        await http.post(
            f"/members/{probationary['id']}/status",
            json={"status": "transferred_out", "changed_on": ago(0), "reason": "调离"},
        )
    )


async def test_every_roster_event_type_on_the_wire_matches_its_schema(stack: TestStack) -> None:
    async with running_service(ROSTER, await stack.settings_for(ROSTER)) as roster:
        await exercise_everything(roster.http)
        expected = await outbox_count(roster.runtime.engine)
        topics = [topic.qualified(stack.topic_prefix) for topic in ROSTER.produces]
        records = await read_topics(stack.kafka_bootstrap, topics, expected=expected, timeout=30)

    assert len(records) == expected
    assert checked_types(records) == {model.event_type for model in ROSTER_EVENTS}


def checked_types(records: list[Any]) -> set[str]:
    """Validate each record against its committed schema and the Kafka conventions (each key's events
    numbered 1, 2, 3, … on each topic); the types seen."""
    assert_numbered_one_by_one(records)
    seen = set()
    for record in records:
        raw = json.loads(record.value)
        schema = json.loads((CONTRACTS / f"{raw['type']}.json").read_text())
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(raw)
        event = CloudEvent.from_bytes(record.value)
        assert record.key.decode() == event.subject
        assert dict(record.headers)["content-type"].decode() == CONTENT_TYPE
        assert record.topic.endswith(schema["x-kafka-topic"])
        seen.add(event.type)
    return seen


async def exercise_activity(http: Any, seeded: Any) -> None:
    """One of each change activity can make."""
    branch, members = seeded.branch_id, seeded.members
    lesson = await schedule(http, branch, "party_lesson", lecturer_id=members[0])
    await created(
        await http.post(
            f"/activities/{lesson['id']}/reschedule",
            json={"planned_start": ago(0)[:10] + "T00:00:00", "reason": "调整"},
        )
    )
    await created(
        await http.put(
            f"/activities/{lesson['id']}/attendance",
            json={"entries": [{"member_id": str(members[1]), "state": "present"}]},
        )
    )
    await hold(http, lesson)
    await created(await http.post(f"/activities/{lesson['id']}/return", json={"reason": "补充记录"}))
    await hold(http, lesson)
    await created(await http.post(f"/activities/{lesson['id']}/approve", json={}))
    appraisal = await hold(http, await schedule(http, branch, "member_appraisal"))
    grades = [{"member_id": str(members[0]), "grade": "qualified"}]
    await created(await http.put(f"/activities/{appraisal['id']}/appraisal-results", json={"grades": grades}))
    cancelled = await schedule(http, branch, "theme_day")
    await created(await http.post(f"/activities/{cancelled['id']}/cancel", json={"reason": "停产"}))
    shift = await schedule(http, branch, "mobile_service_post_shift", service_post_id=seeded.service_post_id)
    await hold(http, shift)
    await created(
        await http.post(
            f"/activities/{shift['id']}/service-records",
            json={"department_ids": [str(seeded.departments[0])], "member_ids": [str(members[0])], "hours": "2.0"},
        )
    )
    await created(
        await http.post(
            f"/members/{members[2]}/learning-hours", json={"hours": "4.0", "learned_on": ago(1), "topic": "党章"}
        )
    )
    project = await created(
        await http.post(
            "/qc-projects",
            json={
                "branch_id": str(branch),
                "title": "降低卷烟空头率",
                "leader_id": str(members[0]),
                "member_ids": [str(members[1])],
            },
        )
    )
    await created(await http.post(f"/qc-projects/{project['id']}/close", json={}))
    await created(await http.post(f"/qc-projects/{project['id']}/award", json={"award": "厂级一等奖"}))


async def test_every_activity_event_type_on_the_wire_matches_its_schema(stack: TestStack) -> None:
    async with running_service(ACTIVITY, await stack.settings_for(ACTIVITY)) as activity:
        await exercise_activity(activity.http, await seed_branch(activity.runtime))
        expected = await outbox_count(activity.runtime.engine)
        topics = [topic.qualified(stack.topic_prefix) for topic in ACTIVITY.produces]
        records = await read_topics(stack.kafka_bootstrap, topics, expected=expected, timeout=30)

    assert len(records) == expected
    assert checked_types(records) == {model.event_type for model in ACTIVITY_EVENTS}


async def exercise_feedback(http: Any, known: Any) -> None:
    """One of each change feedback can make."""
    await created(
        await http.post(
            "/ratings",
            json={
                "subject_kind": "branch",
                "subject_id": str(known.branch_id),
                "respondent_group": "department",
                "respondent": "财务科",
                "answer": "satisfied",
            },
        )
    )
    body = {"branch_id": str(known.branch_id), "category": "service", "content": "建议", "respondent_group": "worker"}
    suggestion = await created(await http.post("/suggestions", json=body))
    steps = [
        ("acknowledge", {}),
        ("decide", {"decision": "adopted", "reason": "可行"}),
        ("progress", {"note": "推进中"}),
        ("respond", {"response": "已落实"}),
        ("close", {}),
        ("answer-rating", {"answer": "satisfied"}),
        ("reopen", {"reason": "还有问题"}),
    ]
    for step, step_body in steps:
        await created(await http.post(f"/suggestions/{suggestion['id']}/{step}", json=step_body))


async def test_every_feedback_event_type_on_the_wire_matches_its_schema(stack: TestStack) -> None:
    async with running_service(FEEDBACK, await stack.settings_for(FEEDBACK)) as feedback:
        await exercise_feedback(feedback.http, await seed_feedback_branch(feedback.runtime))
        expected = await outbox_count(feedback.runtime.engine)
        topics = [topic.qualified(stack.topic_prefix) for topic in FEEDBACK.produces]
        records = await read_topics(stack.kafka_bootstrap, topics, expected=expected, timeout=30)

    assert len(records) == expected
    assert checked_types(records) == {model.event_type for model in FEEDBACK_EVENTS}
