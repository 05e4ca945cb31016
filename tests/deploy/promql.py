"""Metric names in PromQL expressions, and the metric families Bastion declares."""

from __future__ import annotations

import re
from collections.abc import Iterable

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from bastion.metrics import BastionMetrics

# Bastion's metrics all start with bastion_ (metrics.py); `up` is Prometheus' own.
_METRIC = re.compile(r"\b(bastion_[a-zA-Z0-9_:]*|up)\b(?!\s*\()")
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def metric_names(expression: str) -> set[str]:
    """The metric names an expression selects (label values in quotes are not names)."""
    return set(_METRIC.findall(_STRINGS.sub('""', expression)))


def sample_names(families: Iterable[tuple[str, str]]) -> set[str]:
    """The series names a scrape produces for these (name, type) families."""
    suffixes = {
        "counter": ("_total", "_created"),
        "histogram": ("_bucket", "_count", "_sum", "_created"),
        "summary": ("", "_count", "_sum", "_created"),
        "gauge": ("",),
    }
    return {name + suffix for name, kind in families for suffix in suffixes.get(kind, ("",))}


def declared_sample_names() -> set[str]:
    """Every series name the kit's metrics can produce, from metrics.py itself."""
    registry = CollectorRegistry()
    BastionMetrics(registry)
    return sample_names((family.name, family.type) for family in registry.collect()) | {"up"}


def exposed_sample_names(text: str) -> set[str]:
    """Every series name in a /metrics page (families declared there, not only the samples present)."""
    return sample_names((family.name, family.type) for family in text_string_to_metric_families(text))
