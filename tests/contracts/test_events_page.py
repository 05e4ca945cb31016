"""docs/events.md, the subscribers' page, says what the code declares: every topic with its partitions
and retention, every event type on its topic with the field its key comes from."""

from __future__ import annotations

from pathlib import Path

from bastion.consumer.dead_letters import DEAD_LETTERS
from bastion.events import KEEP_FOREVER, Topic
from bastion.events.keys import subject_path
from bastion_contracts import ALL_TOPICS, REGISTRY

PAGE = Path(__file__).resolve().parents[2] / "docs" / "events.md"
DAY_MS = 24 * 3600 * 1000


def retention(topic: Topic) -> str:
    return "forever" if topic.retention_ms == KEEP_FOREVER else f"{topic.retention_ms // DAY_MS} days"


def rows(text: str) -> dict[str, list[str]]:
    """Table rows of the page by their first cell."""
    found = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            found[cells[0]] = cells[1:]
    return found


def test_every_topic_is_on_the_page_with_its_partitions_and_retention() -> None:
    table = rows(PAGE.read_text(encoding="utf-8"))
    for topic in (*ALL_TOPICS, DEAD_LETTERS):
        assert f"`{topic.name}`" in table, f"{topic.name} is missing from docs/events.md"
        assert table[f"`{topic.name}`"][:2] == [str(topic.partitions), retention(topic)], topic.name


def test_every_event_type_is_on_the_page_with_its_topic_and_key() -> None:
    table = rows(PAGE.read_text(encoding="utf-8"))
    for model in REGISTRY:
        assert f"`{model.event_type}`" in table, f"{model.event_type} is missing from docs/events.md"
        topic, key = table[f"`{model.event_type}`"][:2]
        assert (topic, key) == (f"`{model.topic.name}`", f"`data.{subject_path(model)}`"), model.event_type
    listed = {cell for cell in table if cell.startswith("`bastion.") and cell.count(".") >= 4}
    assert listed <= {f"`{model.event_type}`" for model in REGISTRY}, "types on the page that do not exist"
