"""The Grafana dashboard is provisioned, and every panel's PromQL names only metrics Bastion declares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.promql import declared_sample_names, metric_names

GRAFANA = Path(__file__).resolve().parents[2] / "deploy" / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))


def panels(dashboard: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for panel in dashboard["panels"]:
        found.append(panel)
        found.extend(panel.get("panels", []))  # collapsed rows keep their panels inside
    return [panel for panel in found if panel["type"] != "row"]


def expressions(dashboard: dict[str, Any]) -> list[tuple[str, str]]:
    return [(panel["title"], target["expr"]) for panel in panels(dashboard) for target in panel.get("targets", [])]


def test_dashboards_are_provisioned_from_their_folder_with_the_prometheus_datasource() -> None:
    assert DASHBOARDS
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "bastion.yml").read_text("utf-8"))
    assert provider["providers"][0]["options"]["path"] == "/etc/grafana/dashboards"
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text("utf-8"))
    uids = {source["uid"] for source in datasource["datasources"]}
    for path in DASHBOARDS:
        for panel in panels(json.loads(path.read_text(encoding="utf-8"))):
            assert panel["datasource"]["uid"] in uids, panel["title"]


@pytest.mark.parametrize("path", DASHBOARDS, ids=[p.name for p in DASHBOARDS])
def test_every_panel_queries_only_metrics_bastion_declares(path: Path) -> None:
    dashboard = json.loads(path.read_text(encoding="utf-8"))
    declared = declared_sample_names()
    for title, expression in expressions(dashboard):
        used = metric_names(expression)
        assert used, f"{title}: no metric in {expression!r}"
        assert used <= declared, f"{title}: unknown {sorted(used - declared)}"


def test_the_dashboard_shows_what_operators_watch() -> None:
    dashboard = json.loads((GRAFANA / "dashboards" / "bastion.json").read_text(encoding="utf-8"))
    used = set().union(*(metric_names(expression) for _title, expression in expressions(dashboard)))
    assert {
        "bastion_events_published_total",
        "bastion_events_consumed_total",
        "bastion_consumer_lag_messages",
        "bastion_consumer_last_applied_timestamp_seconds",
        "bastion_http_requests_total",
        "bastion_http_request_duration_seconds_bucket",
        "bastion_outbox_pending_events",
        "bastion_outbox_oldest_pending_age_seconds",
        "bastion_dead_letters_total",
        "bastion_consumer_held_messages",
    } <= used
    assert any("histogram_quantile" in expression for _title, expression in expressions(dashboard))
    assert len({panel["id"] for panel in dashboard["panels"]}) == len(dashboard["panels"])


def test_a_renamed_metric_is_caught() -> None:
    assert metric_names('sum by (topic) (rate(bastion_events_publish_total{job=~"$job"}[5m]))') == {
        "bastion_events_publish_total"
    }
    assert not metric_names('histogram_quantile(0.9, x{route="bastion_http_requests_total"})')
    assert "bastion_events_publish_total" not in declared_sample_names()
