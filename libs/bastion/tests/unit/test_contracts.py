"""Writing and checking a contract folder: a breaking change to a published schema is refused and named,
an additive one is written; the AsyncAPI document is part of the check; keys are documented per type."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import ClassVar

from bastion.events import EventData, EventRegistry, Topic
from bastion.events.contracts import Contracts, check_contracts, write_contracts
from bastion.events.keys import subject_path
from bastion.testing.probe import PROBES, ProbeRecorded, ProbeSkipped

DEAD = Topic("bastion.dead_letters", partitions=1, retention_ms=1000)


class ProbeRecordedRetyped(EventData):
    """The probe of ``bastion.testkit.probe.recorded.v1`` with ``value`` become text: a breaking change."""

    event_type: ClassVar[str] = "bastion.testkit.probe.recorded.v1"
    topic: ClassVar[Topic] = PROBES

    probe_id: uuid.UUID
    value: str

    def subject(self) -> str:
        return str(self.probe_id)


class ProbeRecordedWithNote(EventData):
    """The probe of ``bastion.testkit.probe.recorded.v1`` with an optional note: an additive change."""

    event_type: ClassVar[str] = "bastion.testkit.probe.recorded.v1"
    topic: ClassVar[Topic] = PROBES

    probe_id: uuid.UUID
    value: int
    note: str | None = None

    def subject(self) -> str:
        return str(self.probe_id)


def contracts(*models: type[EventData]) -> Contracts:
    return Contracts(EventRegistry(models), (PROBES,), DEAD, version="1.0.0")


def test_a_breaking_change_is_refused_and_names_the_successor(tmp_path: Path) -> None:
    assert write_contracts(contracts(ProbeRecorded, ProbeSkipped), tmp_path) == []
    published = (tmp_path / "events" / "bastion.testkit.probe.recorded.v1.json").read_text()

    problems = write_contracts(contracts(ProbeRecordedRetyped, ProbeSkipped), tmp_path)

    assert problems == [
        "bastion.testkit.probe.recorded.v1: data.value: type changed from integer to string: "
        "breaks the published v1; add bastion.testkit.probe.recorded.v2 instead"
    ]
    assert (tmp_path / "events" / "bastion.testkit.probe.recorded.v1.json").read_text() == published
    assert problems[0] in check_contracts(contracts(ProbeRecordedRetyped, ProbeSkipped), tmp_path)


def test_an_additive_change_is_stale_until_written(tmp_path: Path) -> None:
    write_contracts(contracts(ProbeRecorded, ProbeSkipped), tmp_path)
    additive = contracts(ProbeRecordedWithNote, ProbeSkipped)

    assert check_contracts(additive, tmp_path) == [
        "bastion.testkit.probe.recorded.v1.json: out of date",
        "asyncapi.json: out of date",
    ]
    assert write_contracts(additive, tmp_path) == []
    assert check_contracts(additive, tmp_path) == []
    written = json.loads((tmp_path / "events" / "bastion.testkit.probe.recorded.v1.json").read_text())
    assert "note" in written["properties"]["data"]["properties"]


def test_breaking_changes_are_checked_against_another_published_folder(tmp_path: Path) -> None:
    main_branch, working_tree = tmp_path / "main", tmp_path / "work"
    write_contracts(contracts(ProbeRecorded), main_branch)
    write_contracts(contracts(ProbeRecordedRetyped), working_tree)  # as if regenerated over a deleted file

    assert check_contracts(contracts(ProbeRecordedRetyped), working_tree) == []
    assert len(check_contracts(contracts(ProbeRecordedRetyped), working_tree, main_branch / "events")) == 1


def test_a_missing_asyncapi_document_is_reported(tmp_path: Path) -> None:
    write_contracts(contracts(ProbeRecorded), tmp_path)
    (tmp_path / "asyncapi.json").unlink()

    assert check_contracts(contracts(ProbeRecorded), tmp_path) == ["asyncapi.json: missing"]


def test_the_key_is_traced_to_the_field_subject_returns() -> None:
    class Nested(EventData):
        event_type: ClassVar[str] = "bastion.testkit.nested.recorded.v1"
        topic: ClassVar[Topic] = PROBES
        probe: ProbeRecorded

        def subject(self) -> str:
            return str(self.probe.probe_id)

    class Computed(Nested):
        def subject(self) -> str:
            return f"{self.probe.probe_id}:{self.probe.value}"

    assert subject_path(ProbeRecorded) == "probe_id"
    assert subject_path(Nested) == "probe.probe_id"
    assert subject_path(Computed) is None
