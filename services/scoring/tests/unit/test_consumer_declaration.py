"""Scoring declares its consumer in its spec, like every service; each live generation gets its own."""

from __future__ import annotations

from bastion.consumer import ConsumerSpec, GenerationConsumer
from bastion_contracts import DOMAIN_EVENT_TYPES, DOMAIN_TOPICS
from scoring.generations import CONSUMER, consumer_name
from scoring.ingest.handler import ScoringHandler
from scoring.main import SERVICE
from scoring.rules import RuleBook, load_rule_sets


def test_scorings_spec_declares_one_consumer_of_every_domain_event_bound_per_generation() -> None:
    assert SERVICE.consumers == (CONSUMER,)
    assert isinstance(CONSUMER, GenerationConsumer), "run by the generation manager, not started by the kit"
    assert (CONSUMER.topics, CONSUMER.handles) == (DOMAIN_TOPICS, DOMAIN_EVENT_TYPES)


def test_a_generations_consumer_is_named_for_it_and_applies_with_the_handler_given() -> None:
    handler = ScoringHandler(RuleBook(load_rule_sets(None)), "Asia/Shanghai")
    bound = CONSUMER.bound("gen_3", handler)
    assert isinstance(bound, ConsumerSpec)
    assert bound.name == consumer_name("gen_3") == "scoring-gen_3", "the name its offsets are stored under"
    assert bound.handler is handler
    assert (bound.topics, bound.handles) == (DOMAIN_TOPICS, DOMAIN_EVENT_TYPES)
