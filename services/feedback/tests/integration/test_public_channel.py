"""The public page of a branch: fetched, filled in and submitted like a phone would, no account."""

from __future__ import annotations

import json
import re

import httpx
from sqlalchemy import func, select

from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.kafka import read_topics
from bastion_contracts.topics import FEEDBACK_RATINGS
from feedback.adapters.orm import ratings, suggestions
from feedback.main import SERVICE
from tests.support.feedback import seed_branch


async def open_page(client: ServiceClient, branch_id: object) -> tuple[str, httpx.Response]:
    channel = (await client.http.get(f"/branches/{branch_id}/public-channel")).json()
    page = await client.http.get(f"/p/{channel['code']}")
    return channel["code"], page


async def test_staff_get_a_code_a_link_and_a_printable_qr_code(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    first = (await feedback.http.get(f"/branches/{known.branch_id}/public-channel")).json()
    again = (await feedback.http.get(f"/branches/{known.branch_id}/public-channel")).json()
    qr = await feedback.http.get(first["qr_code_url"])

    assert first == again, "a branch keeps its code"
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{6}", first["code"])
    assert first["url"].endswith(f"/p/{first['code']}")
    assert qr.headers["content-type"] == "image/svg+xml"
    assert qr.text.lstrip().startswith("<?xml")
    assert "<svg" in qr.text
    unknown = await feedback.http.get(f"/branches/{known.members[0]}/public-channel")
    assert (unknown.status_code, unknown.json()["error"]) == (422, "unknown_branch")


async def test_the_page_is_fetched_submitted_and_the_rating_reaches_the_topic(stack: TestStack) -> None:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as feedback:
        known = await seed_branch(feedback.runtime)
        code, page = await open_page(feedback, known.branch_id)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert known.name in page.text
        for field in (
            'name="answer"',
            'name="respondent_group"',
            f'action="/p/{code}/rate"',
            f'action="/p/{code}/suggest"',
        ):
            assert field in page.text
        assert page.cookies["bastion_device"], "the device is remembered, for one rating per device"
        # Each kind of value has its own labels: the member respondent group is 党员, not a rating subject's.
        assert 'value="member" required> 党员</label>' in page.text
        assert "党员服务" not in page.text
        assert "每台设备" in page.text, "the page says an anonymous respondent is a device"
        assert 'name="employee_number"' not in page.text, "anonymous mode asks for no employee number"

        answer = await feedback.http.post(
            f"/p/{code}/rate",
            data={"respondent_group": "worker", "answer": "very_satisfied", "comment": "服务岗很方便"},
        )
        again = await feedback.http.post(
            f"/p/{code}/rate",
            data={"respondent_group": "worker", "answer": "dissatisfied"},
        )
        records = await read_topics(stack.kafka_bootstrap, [FEEDBACK_RATINGS.qualified(stack.topic_prefix)], expected=1)

    assert answer.status_code == 201
    assert "谢谢您的评价" in answer.text
    assert again.status_code == 409
    assert "已评价过" in again.text
    [record] = records
    event = json.loads(record.value)
    assert event["type"] == "bastion.feedback.rating.submitted.v1"
    assert (event["data"]["channel"], event["data"]["subject_kind"], event["data"]["score"]) == (
        "public",
        "branch",
        100,
    )
    assert event["data"]["branch_id"] == str(known.branch_id)


async def test_a_suggestion_gets_a_receipt_that_follows_it_to_the_answer(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    code, _page = await open_page(feedback, known.branch_id)
    sent = await feedback.http.post(
        f"/p/{code}/suggest",
        data={
            "respondent_group": "department",
            "category": "service",
            "content": "希望上门服务增加设备科",
            "anonymous": "true",
            "contact": "13800001111",
        },
    )
    receipt = re.search(r"JY-[A-Z0-9]{4}-[A-Z0-9]{4}", sent.text)
    assert sent.status_code == 201
    assert receipt is not None
    listed = (await feedback.http.get("/suggestions", params={"branch_id": str(known.branch_id)})).json()
    [item] = listed["items"]
    detail = (await feedback.http.get(f"/suggestions/{item['id']}")).json()
    assert (detail["channel"], detail["anonymous"], detail["contact"]) == ("public", True, "13800001111")

    for step, body in (
        ("acknowledge", {}),
        ("decide", {"decision": "adopted", "reason": "可行"}),
        ("respond", {"response": "已安排设备科每月上门一次"}),
        ("close", {}),
    ):
        assert (await feedback.http.post(f"/suggestions/{item['id']}/{step}", json=body)).status_code == 200
    followed = await feedback.http.get("/p/receipts", params={"receipt": receipt.group(0).lower()})
    rated = await feedback.http.post(f"/p/receipts/{receipt.group(0)}/rate-answer", data={"answer": "satisfied"})
    reopened = await feedback.http.post(f"/p/receipts/{receipt.group(0)}/reopen", data={"reason": "还没落实"})

    assert followed.status_code == 200
    assert "已安排设备科每月上门一次" in followed.text
    assert "采纳" in followed.text
    assert "您对答复的评价" in rated.text
    assert reopened.status_code == 200
    assert "重新办理" in reopened.text
    stored = (await feedback.http.get(f"/suggestions/{item['id']}")).json()
    assert (stored["state"], stored["reopened_count"]) == ("reopened", 1)
    wrong = await feedback.http.get("/p/receipts", params={"receipt": "JY-AAAA-AAAA"})
    assert wrong.status_code == 404


async def test_a_repeated_identical_suggestion_and_a_bad_form_are_refused(feedback: ServiceClient) -> None:
    known = await seed_branch(feedback.runtime)
    code, _page = await open_page(feedback, known.branch_id)
    form = {"respondent_group": "worker", "category": "welfare", "content": "食堂增加夜班餐"}
    first = await feedback.http.post(f"/p/{code}/suggest", data=form)
    repeated = await feedback.http.post(f"/p/{code}/suggest", data=form)
    no_answer = await feedback.http.post(f"/p/{code}/rate", data={"respondent_group": "worker"})
    empty = await feedback.http.post(f"/p/{code}/suggest", data={"respondent_group": "worker", "content": "  "})
    wrong_code = await feedback.http.get("/p/ZZZZZZ")

    assert first.status_code == 201
    assert repeated.status_code == 409
    assert (no_answer.status_code, "请选择满意程度" in no_answer.text) == (422, True)
    assert (empty.status_code, "请填写" in empty.text) == (422, True)
    assert wrong_code.status_code == 404
    async with feedback.runtime.engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(suggestions)) == 1
        assert await connection.scalar(select(func.count()).select_from(ratings)) == 0
