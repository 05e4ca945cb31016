"""The committed JSON Schemas are the published contract: current, and true of real events."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import jsonschema

from bastion.events.schemas import stale_schemas, write_schemas
from bastion.testing.kafka import envelope
from bastion_contracts import REGISTRY
from bastion_contracts.roster import MemberRegistered, MemberSnapshot
from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, MemberStatus, Stage
from tests.contracts.cloudevents import CLOUDEVENT_1_0

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "events"


def test_committed_schemas_match_the_models() -> None:
    problems = stale_schemas(REGISTRY, CONTRACTS)
    assert problems == [], "event schemas are stale: run `make contracts` and commit contracts/"


def test_every_schema_requires_every_attribute_cloudevents_requires() -> None:
    for path in sorted(CONTRACTS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert set(CLOUDEVENT_1_0["required"]) <= set(schema["required"]), path.name


def test_staleness_is_detected(tmp_path: Path) -> None:
    write_schemas(REGISTRY, tmp_path)
    (tmp_path / "bastion.roster.member.registered.v1.json").write_text("{}\n")
    (tmp_path / "bastion.roster.member.retired.v1.json").write_text("{}\n")

    assert stale_schemas(REGISTRY, tmp_path) == [
        "bastion.roster.member.registered.v1.json: out of date",
        "bastion.roster.member.retired.v1.json: no such event type",
    ]


def test_a_real_event_is_valid_against_its_committed_schema() -> None:
    snapshot = MemberSnapshot(
        member_id=uuid.uuid4(),
        branch_id=uuid.uuid4(),
        name="赵敏",
        gender=Gender.FEMALE,
        birth_date=date(1979, 5, 4),
        education=EducationLevel.BACHELOR,
        department="财务科",
        position="会计",
        employee_number="GD4-099",
        member_class=MemberClass.ORDINARY,
        status=MemberStatus.ACTIVE,
        stage=Stage.FULL,
        probationary_on=date(2005, 7, 1),
        full_on=date(2006, 7, 1),
    )
    event = envelope(MemberRegistered(member=snapshot), sequence=1)
    schema = json.loads((CONTRACTS / f"{event.type}.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        json.loads(event.to_bytes())
    )

    broken = json.loads(event.to_bytes())
    broken["data"]["member"]["education"] = "phd"
    assert not jsonschema.Draft202012Validator(schema).is_valid(broken)
