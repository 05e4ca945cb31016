"""Scoring killed between its database commit and its Kafka commit resumes without reprocessing."""

from __future__ import annotations

import contextlib
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client.parser import text_string_to_metric_families

from bastion.testing import ServiceProcess, TestStack, running_service
from bastion.testing.auth import bearer
from bastion_contracts import ROSTER_MEMBERS
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING
from tests.e2e.helpers import eventually, member_count
from tests.support.roster import create_branch, member_body


def consumed(metrics_text: str, outcome: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics_text)
        if family.name == "bastion_events_consumed"
        for sample in family.samples
        if sample.name.endswith("_total") and sample.labels["outcome"] == outcome
    )


async def kafka_committed(bootstrap: str, group: str, topic: str) -> int:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        offsets = [await consumer.committed(TopicPartition(topic, p)) for p in range(ROSTER_MEMBERS.partitions)]
    finally:
        await consumer.stop()
    return sum(offset or 0 for offset in offsets)


async def test_killed_after_the_database_commit_it_resumes_without_reprocessing(
    stack: TestStack, test_work_dir: Path
) -> None:
    scoring_settings = await stack.settings_for(SCORING)
    topic = ROSTER_MEMBERS.qualified(stack.topic_prefix)
    async with running_service(ROSTER, await stack.settings_for(ROSTER)) as roster:
        branch = (await create_branch(roster.http))["id"]
        # On the topic before scoring starts, so its first batch (the one it dies after) holds members.
        first = [
            (await roster.http.post("/members", json=member_body(branch, name=f"甲{i}"))).json()["event_ids"][0]
            for i in range(3)
        ]
        crashing = ServiceProcess(
            "scoring", scoring_settings, log_dir=test_work_dir, failpoints="consumer.after_db_commit"
        )
        with contextlib.suppress(RuntimeError):  # it may die at the failpoint before it answers
            await crashing.started()
        assert await crashing.exited(timeout=30) == -9, crashing.log_tail()

        # The projection and its offsets were committed; Kafka never heard of it.
        committed_in_kafka = await kafka_committed(stack.kafka_bootstrap, f"{stack.topic_prefix}scoring-gen_1", topic)
        assert committed_in_kafka == 0

        later = [
            (await roster.http.post("/members", json=member_body(branch, name=f"乙{i}"))).json()["event_ids"][0]
            for i in range(2)
        ]
        restarted = await ServiceProcess("scoring", scoring_settings, log_dir=test_work_dir).started()
        try:
            async with httpx.AsyncClient(base_url=restarted.url, headers=bearer(scoring_settings)) as scoring:

                async def all_applied() -> bool:
                    return (await member_count(scoring, branch, first + later))["includes_requested_events"] is True

                await eventually(all_applied, timeout=30, what="every member is applied after the restart")
                count = (await member_count(scoring, branch, []))["member_count"]
                metrics = (await scoring.get("/metrics")).text
        finally:
            restarted.stop()

    assert count == 5
    assert consumed(metrics, "duplicate") == 0, "the restarted consumer re-read nothing it had committed"
    assert 1 <= consumed(metrics, "applied") <= 4, "the restart applied only what the crash had not"
