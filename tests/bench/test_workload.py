"""The benchmark's load: valid events of the published contracts, in the mix the README states."""

from __future__ import annotations

from collections import Counter

from bastion.events.envelope import CloudEvent
from bastion_contracts import REGISTRY
from bench.organisation import build_organisation
from bench.workload import Workload


def test_every_event_is_a_valid_published_event_keyed_by_its_subject() -> None:
    workload = Workload(build_organisation(branches=4, members_per_branch=30))
    messages = [*workload.setup(), *workload.stream(3_000)]
    sequences: Counter[tuple[str, str]] = Counter()
    for message in messages:
        envelope = CloudEvent.from_bytes(message.value)
        payload = REGISTRY.parse(envelope)
        assert payload.topic.name == message.topic
        assert envelope.subject == message.key.decode()
        assert envelope.id == message.event_id
        sequences[message.topic, envelope.subject] += 1
        # 1, 2, 3 … per key on each topic, as the outbox numbers them
        assert envelope.sequence == sequences[message.topic, envelope.subject]


def test_attendance_dominates_then_ratings_then_service_work() -> None:
    workload = Workload(build_organisation(branches=20, members_per_branch=100))
    mix = Counter(message.event_type.split(".")[2] for message in workload.stream(40_000))
    total = sum(mix.values())
    assert 0.6 < mix["attendance"] / total < 0.8
    assert mix["attendance"] > mix["rating"] > mix["learning_hours"] > mix["service"]
    assert mix["rating"] > mix["member"] > 0
    assert mix["suggestion"] > 0


def test_the_same_seed_gives_the_same_events() -> None:
    first = [m.value for m in Workload(build_organisation(3, 10, seed=5), seed=9).stream(500)]
    again = [m.value for m in Workload(build_organisation(3, 10, seed=5), seed=9).stream(500)]
    other = [m.value for m in Workload(build_organisation(3, 10, seed=5), seed=10).stream(500)]
    assert first == again
    assert first != other


def test_the_organisation_looks_like_the_report() -> None:
    organisation = build_organisation(branches=10, members_per_branch=100)
    people = list(organisation.members.values())
    born_in_the_sixties = sum(1960 <= p.birth_date.year < 1970 for p in people) / len(people)
    graduates = sum(p.education.value in {"bachelor", "master", "doctorate"} for p in people) / len(people)
    assert organisation.member_count == 1_000
    assert born_in_the_sixties > 0.5
    assert graduates < 0.1
