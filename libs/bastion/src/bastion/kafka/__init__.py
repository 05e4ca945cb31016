"""Kafka plumbing shared by producers and consumers."""

from bastion.kafka.client import KafkaConnection, KafkaSettingsView, client_options
from bastion.kafka.probe import BrokerProbe
from bastion.kafka.topics import ensure_topics, partitions_of

__all__ = ["BrokerProbe", "KafkaConnection", "KafkaSettingsView", "client_options", "ensure_topics", "partitions_of"]
