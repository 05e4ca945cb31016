"""What a subscriber can check of ``sequence``: on one topic, each key's events are 1, 2, 3, … in offset order."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any


def numbers_per_key(records: list[Any]) -> dict[tuple[str, str], list[int]]:
    """(topic, key) -> the ``sequence`` of its records in offset order (a key's records are on one partition)."""
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r.topic, r.partition, r.offset)):
        event = json.loads(record.value)
        assert record.key.decode() == event["subject"]
        numbers[record.topic, event["subject"]].append(event["sequence"])
    return dict(numbers)


def assert_numbered_one_by_one(records: list[Any]) -> dict[tuple[str, str], list[int]]:
    """Every key on every topic read is numbered 1, 2, 3, … with no gap; the numbers per (topic, key)."""
    numbers = numbers_per_key(records)
    for scope, sequence in numbers.items():
        assert sequence == list(range(1, len(sequence) + 1)), scope
    return numbers
