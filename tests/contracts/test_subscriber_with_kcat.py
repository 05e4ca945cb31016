"""A subscriber that is not Python: the demo organisation is loaded through the four services (real
``bastion serve`` processes), then ``kcat`` reads every topic from the beginning, and every message is what
the contract says: a CloudEvent 1.0 (checked against a schema written from the CloudEvents specification),
of a known type, on its type's topic, keyed by its subject, with ``data`` valid against the committed schema
of its type; every event the producers committed arrives."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bastion.db import create_engine
from bastion.events import CONTENT_TYPE
from bastion.testing import TestStack
from bastion.testing.kafka import envelope
from bastion.testing.outbox import outbox_count
from bastion_contracts import ALL_TOPICS, DOMAIN_TOPICS, REGISTRY, MemberRegistered
from bastion_contracts.testing import member_snapshot
from bastion_demo.load import load
from tests.contracts.cloudevents import cloudevent_validator, data_validator
from tests.contracts.kcat_broker import KcatFriendlyBroker
from tests.faults.services import Services, running_services

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "events"
PRODUCERS = ("roster", "activity", "feedback")


@pytest.fixture
def broker(test_work_dir: Path) -> Iterator[KcatFriendlyBroker]:
    """A broker of the test's own that kcat can talk to (see :mod:`tests.contracts.kcat_broker`)."""
    own = KcatFriendlyBroker(log_path=test_work_dir / "kcat-broker.log")
    own.start()
    try:
        yield own
    finally:
        own.stop()


def kcat(bootstrap: str, topic: str, timeout: float = 60) -> list[dict[str, Any]]:
    """Every message of ``topic`` from the beginning, as kcat's JSON envelope (key, partition, offset,
    headers, payload)."""
    binary = shutil.which("kcat")
    if binary is None:
        pytest.fail("kcat is not installed: run `make tools`")
    done = subprocess.run(
        [binary, "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-J", "-q", "-m", "20"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"kcat on {topic}: exit {done.returncode}: {done.stderr}"
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


async def committed_events(services: Services) -> int:
    total = 0
    for name in PRODUCERS:
        engine = create_engine(services.settings[name].require_database_url(), pool_size=1)
        try:
            total += await outbox_count(engine)
        finally:
            await engine.dispose()
    return total


def headers_of(message: dict[str, Any]) -> dict[str, str]:
    flat = message.get("headers") or []
    return dict(zip(flat[::2], flat[1::2], strict=True))


def check_message(message: dict[str, Any], topic: str, schemas: dict[str, Any]) -> str:
    """Every promise of the contract about one message; its event type."""
    where = f"{topic}[{message['partition']}]@{message['offset']}"
    event = json.loads(message["payload"])
    envelope_errors = [e.message for e in cloudevent_validator().iter_errors(event)]
    assert envelope_errors == [], f"{where}: not a CloudEvent 1.0: {envelope_errors}"
    assert event["type"] in REGISTRY, f"{where}: unknown event type {event['type']}"
    model = REGISTRY.model_for(event["type"])
    assert topic.endswith(model.topic.name), f"{where}: {event['type']} belongs on {model.topic.name}"
    assert message["key"] == event["subject"], f"{where}: key {message['key']!r} is not the subject"
    assert headers_of(message).get("content-type") == CONTENT_TYPE, f"{where}: {message.get('headers')}"
    if event["type"] not in schemas:
        schemas[event["type"]] = data_validator(json.loads((CONTRACTS / f"{event['type']}.json").read_text()))
    data_errors = [f"{list(e.absolute_path)}: {e.message}" for e in schemas[event["type"]].iter_errors(event)]
    assert data_errors == [], f"{where}: {event['type']} does not match its schema: {data_errors[:5]}"
    return str(event["type"])


def kcat_message(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    message = {"partition": 0, "offset": 0, "key": event["subject"], "headers": ["content-type", CONTENT_TYPE]}
    return {**message, "payload": json.dumps(event), **changes}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        pytest.param({"key": "another"}, "is not the subject", id="key"),
        pytest.param({"headers": []}, "headers", id="no content-type"),
        pytest.param({"payload": {"time": "yesterday"}}, "not a CloudEvent 1.0", id="envelope"),
        pytest.param({"payload": {"type": "bastion.roster.member.retired.v1"}}, "unknown event type", id="type"),
        pytest.param({"payload": {"data": {"member": {}}}}, "does not match its schema", id="data"),
    ],
)
def test_a_message_breaking_the_contract_is_caught(change: dict[str, Any], complaint: str) -> None:
    registered = MemberRegistered(member=member_snapshot(uuid.uuid4(), uuid.uuid4(), "李四"))
    event = json.loads(envelope(registered).to_bytes())
    topic = "t.bastion.roster.members"
    assert check_message(kcat_message(event), topic, {}) == MemberRegistered.event_type
    if isinstance(change.get("payload"), dict):
        change = {"payload": json.dumps({**event, **change["payload"]})}

    with pytest.raises(AssertionError, match=complaint):
        check_message(kcat_message(event, **change), topic, {})


@pytest.mark.slow  # about 100 s: the demo organisation is a year of four branches
async def test_kcat_reads_the_demo_organisation_as_the_contract_says(
    stack: TestStack, test_work_dir: Path, broker: KcatFriendlyBroker
) -> None:
    bootstrap = broker.bootstrap_servers
    async with running_services(stack, test_work_dir, kafka_bootstrap_servers=bootstrap) as services:
        summary = await asyncio.wait_for(load(services.urls, headers=services.admin), timeout=240)
        assert "Demo organisation" in summary
        await services.drained(*PRODUCERS, timeout=60)
        committed = await committed_events(services)

        messages = {
            topic.name: await asyncio.to_thread(kcat, bootstrap, topic.qualified(stack.topic_prefix))
            for topic in ALL_TOPICS
        }

    schemas: dict[str, Any] = {}
    types = {name: {check_message(m, name, schemas) for m in found} for name, found in messages.items()}
    domain = [m for topic in DOMAIN_TOPICS for m in messages[topic.name]]
    ids = {json.loads(m["payload"])["id"] for m in domain}
    assert len(ids) == committed, f"{committed} events committed by the producers, {len(ids)} distinct ids read"
    assert all(types[topic.name] for topic in ALL_TOPICS), {name: len(found) for name, found in messages.items()}
    assert sum(len(found) for found in types.values()) >= 25, types
