from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db import create_engine
from bastion.metrics import BastionMetrics
from bastion.testing import TestStack
from bastion.testing.probe import KitTestSettings, create_probe_schema


@pytest.fixture
async def kit_database(stack: TestStack) -> str:
    return await stack.new_empty_database()


@pytest.fixture
async def engine(kit_database: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(kit_database, pool_size=5)
    await create_probe_schema(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def settings(stack: TestStack, kit_database: str) -> KitTestSettings:
    return KitTestSettings(
        database_url=kit_database,
        kafka_bootstrap_servers=stack.kafka_bootstrap,
        kafka_topic_prefix=stack.topic_prefix,
        kafka_request_timeout_ms=2_000,
        consumer_assignment="static",
        outbox_poll_interval_seconds=0.2,
    )


@pytest.fixture
def metrics() -> BastionMetrics:
    return BastionMetrics(CollectorRegistry())
