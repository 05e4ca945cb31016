"""Create the topics a process uses, idempotently, at start-up (and after a broker comes back)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from bastion.events.topics import Topic
from bastion.kafka.client import KafkaSettingsView, client_options

log = logging.getLogger(__name__)

_TOPIC_ALREADY_EXISTS = 36


async def ensure_topics(
    settings: KafkaSettingsView, topics: Iterable[Topic], *, prefix: str, replication_factor: int
) -> list[str]:
    """Create missing topics; existing ones are left as they are. Returns the names created."""
    wanted = {topic.qualified(prefix): topic for topic in topics}
    if not wanted:
        return []
    admin = AIOKafkaAdminClient(**client_options(settings, "admin"))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name,
                num_partitions=topic.partitions,
                replication_factor=replication_factor,
                topic_configs={"retention.ms": str(topic.retention_ms)},
            )
            for name, topic in wanted.items()
            if name not in existing
        ]
        if not missing:
            return []
        response = await admin.create_topics(missing)
        created = []
        for name, code, message in _topic_errors(response):
            if code == 0:
                created.append(name)
            elif code != _TOPIC_ALREADY_EXISTS:  # another process won the race: fine
                raise RuntimeError(f"cannot create topic {name}: error {code}: {message}")
        if created:
            log.info("topics created", extra={"topics": created})
        return created
    finally:
        await admin.close()


def _topic_errors(response: object) -> Iterable[tuple[str, int, str | None]]:
    for entry in getattr(response, "topic_errors", []):
        name, code, *rest = entry
        yield name, code, rest[0] if rest else None


async def partitions_of(settings: KafkaSettingsView, names: Iterable[str]) -> dict[str, list[int]]:
    """The partition numbers of each existing topic (absent topics are left out)."""
    admin = AIOKafkaAdminClient(**client_options(settings, "admin"))
    await admin.start()
    try:
        described = await admin.describe_topics(list(names))
    finally:
        await admin.close()
    return {
        entry["topic"]: sorted(partition["partition"] for partition in entry["partitions"])
        for entry in described
        if entry.get("error_code", 0) == 0 and entry["partitions"]
    }
