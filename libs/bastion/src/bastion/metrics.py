"""Prometheus metrics, created against an injected registry so tests use a fresh one.

One prefix (``bastion_``), base units (seconds), ``_total`` counters. Each process is one
service, so the service is Prometheus' ``job`` label, not a metric label.

A labelled counter has no series until its labels are first used, and Prometheus' ``increase()`` and
``rate()`` only see steps between samples: a series born at 1 hides its first step, so an alert on "a new
dead letter" would miss the first one. The consumers' series therefore exist at 0 from start-up
(:meth:`BastionMetrics.start_consumer`). Unlabelled counters exist at 0 from their creation.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class BastionMetrics:
    """Every metric the kit records. Services add their own against the same registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.http_requests = Counter(
            "bastion_http_requests",
            "HTTP requests answered, by route template and status code.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.http_request_duration = Histogram(
            "bastion_http_request_duration_seconds",
            "Time to answer an HTTP request.",
            ["method", "route"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.outbox_pending = Gauge(
            "bastion_outbox_pending_events",
            "Events committed to the outbox and not yet published.",
            registry=registry,
        )
        self.outbox_oldest_age = Gauge(
            "bastion_outbox_oldest_pending_age_seconds",
            "Age of the oldest unpublished outbox event (0 when none).",
            registry=registry,
        )
        self.events_published = Counter(
            "bastion_events_published",
            "Events the outbox relay published to Kafka.",
            ["topic", "type"],
            registry=registry,
        )
        self.outbox_publish_failures = Counter(
            "bastion_outbox_publish_failures",
            "Relay batches that failed to publish and will be retried.",
            registry=registry,
        )
        self.events_consumed = Counter(
            "bastion_events_consumed",
            "Messages a consumer received, by outcome: applied, duplicate, ignored, dead_lettered, parked.",
            ["consumer", "topic", "outcome"],
            registry=registry,
        )
        self.batch_processing = Histogram(
            "bastion_event_batch_processing_seconds",
            "Time to apply one batch of events and commit it with its offsets.",
            ["consumer"],
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.event_delay = Histogram(
            "bastion_event_apply_delay_seconds",
            "From the event's time to its commit in the consumer's database.",
            ["consumer"],
            buckets=(*_LATENCY_BUCKETS, 30.0, 60.0, 300.0),
            registry=registry,
        )
        self.consumer_lag = Gauge(
            "bastion_consumer_lag_messages",
            "Messages between the consumer's position and the partition's high watermark.",
            ["consumer", "topic", "partition"],
            registry=registry,
        )
        self.consumer_last_applied = Gauge(
            "bastion_consumer_last_applied_timestamp_seconds",
            "Unix time at which the consumer last committed a batch.",
            ["consumer"],
            registry=registry,
        )
        self.consumer_retries = Counter(
            "bastion_consumer_retries",
            "Batches tried again after the handler raised (before isolating and dead-lettering the culprit).",
            ["consumer"],
            registry=registry,
        )
        self.dead_letters = Counter(
            "bastion_dead_letters",
            "Messages a consumer could not apply, by kind: undecodable, unknown_type, invalid_data, handler_error.",
            ["consumer", "topic", "kind"],
            registry=registry,
        )
        self.events_parked = Counter(
            "bastion_events_parked",
            "Messages held back behind an earlier dead letter of the same aggregate.",
            ["consumer", "topic"],
            registry=registry,
        )
        self.held_messages = Gauge(
            "bastion_consumer_held_messages",
            "Messages now waiting for an operator, by state: dead, parked, redrive.",
            ["consumer", "state"],
            registry=registry,
        )
        self.consumer_log_resets = Counter(
            "bastion_consumer_log_resets",
            "Partitions found shorter than the stored position (the broker lost its log).",
            ["consumer", "topic"],
            registry=registry,
        )

    def start_consumer(
        self, consumer: str, topics: Iterable[str], *, outcomes: Iterable[str], dead_letter_kinds: Iterable[str]
    ) -> None:
        """Create a consumer's counters at 0, every label it can take, before anything happens to it."""
        outcomes, dead_letter_kinds = list(outcomes), list(dead_letter_kinds)
        self.consumer_retries.labels(consumer)
        for topic in topics:
            self.events_parked.labels(consumer, topic)
            self.consumer_log_resets.labels(consumer, topic)
            for outcome in outcomes:
                self.events_consumed.labels(consumer, topic, outcome)
            for kind in dead_letter_kinds:
                self.dead_letters.labels(consumer, topic, kind)
