"""Prometheus against the services `make run` starts: `bastion dev` on free ports with its own data folder,
a real `prometheus` scraping them with the repository's alert rules, and promtool on every /metrics page."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from bastion.devstack import free_port
from bastion.devstack.server_user import remove_local_data
from bastion.testing.kafka import produce
from bastion_contracts import ROSTER_MEMBERS
from tests.deploy.promql import exposed_sample_names, metric_names

ROOT = Path(__file__).resolve().parents[2]
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "bastion.json"
SERVICES = ("roster", "activity", "feedback", "scoring")
PROMETHEUS = shutil.which("prometheus")
PROMTOOL = shutil.which("promtool")

pytestmark = [
    pytest.mark.slow,  # Prometheus and the four services as processes
    pytest.mark.skipif(
        PROMETHEUS is None or PROMTOOL is None, reason="prometheus or promtool missing: run `make tools`"
    ),
]


@dataclass
class DevStack:
    urls: dict[str, str]
    kafka_bootstrap: str


@pytest.fixture(scope="module")
def dev_stack(test_work_dir: Path) -> Iterator[DevStack]:
    """`bastion dev --no-demo` (what `make run` runs), with free ports and a data folder of its own."""
    data = test_work_dir / f"monitoring-{uuid.uuid4().hex[:8]}"
    ports = {name: free_port() for name in SERVICES}
    env = {k: v for k, v in os.environ.items() if not k.endswith(("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS"))}
    env |= {f"{name.upper()}_HTTP_PORT": str(port) for name, port in ports.items()}
    kafka_port = free_port()
    env |= {"BASTION_DEV_POSTGRES_PORT": str(free_port()), "BASTION_DEV_KAFKA_PORT": str(kafka_port)}
    env["BASTION_DEV_PORT"] = str(free_port())
    process = subprocess.Popen(
        [sys.executable, "-m", "bastion.cli", "dev", "--data", str(data), "--no-demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        output = []
        for line in process.stdout:
            output.append(line)
            if "Press Ctrl-C" in line:
                break
        assert "Bastion is running" in "".join(output), "".join(output)
        yield DevStack({name: f"http://127.0.0.1:{port}" for name, port in ports.items()}, f"127.0.0.1:{kafka_port}")
        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        remove_local_data(data)  # as root in a private checkout, the data it links to elsewhere too


@pytest.fixture(scope="module")
def prometheus(dev_stack: DevStack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Prometheus scraping the stack every second, with the repository's alert rules."""
    assert PROMETHEUS is not None
    folder = tmp_path_factory.mktemp("prometheus")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(ALERTS)],
        "scrape_configs": [
            {"job_name": name, "static_configs": [{"targets": [url.removeprefix("http://")]}]}
            for name, url in dev_stack.urls.items()
        ],
    }
    (folder / "prometheus.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    with (folder / "prometheus.log").open("wb") as log:
        process = subprocess.Popen(
            [
                PROMETHEUS,
                f"--config.file={folder / 'prometheus.yml'}",
                f"--storage.tsdb.path={folder / 'data'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _query(prometheus: str, query: str) -> list[dict[str, Any]]:
    response = httpx.get(f"{prometheus}/api/v1/query", params={"query": query}, timeout=5)
    response.raise_for_status()
    result: list[dict[str, Any]] = response.json()["data"]["result"]
    return result


def _wait_for(prometheus: str, query: str, jobs: set[str], timeout: float = 60.0) -> list[dict[str, Any]]:
    """The query's result once it has a series for every job (Prometheus needs a few scrapes)."""
    deadline = time.monotonic() + timeout
    result: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        try:
            result = _query(prometheus, query)
        except httpx.HTTPError:
            result = []
        if jobs <= {series["metric"].get("job") for series in result}:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{query}: no series for {sorted(jobs)} after {timeout:.0f} s: {result}")


def test_prometheus_scrapes_every_service_and_reads_bastion_metrics_back(prometheus: str) -> None:
    up = _wait_for(prometheus, "up == 1", set(SERVICES))
    assert {series["metric"]["job"] for series in up} == set(SERVICES)
    requests = _wait_for(prometheus, "sum by (job) (bastion_http_requests_total)", set(SERVICES))
    assert all(float(series["value"][1]) > 0 for series in requests), requests
    rules = httpx.get(f"{prometheus}/api/v1/rules", timeout=5).json()["data"]["groups"]
    loaded = {rule["name"]: rule["health"] for group in rules for rule in group["rules"]}
    assert "BastionServiceDown" in loaded
    assert set(loaded.values()) <= {"ok", "unknown"}, loaded


@pytest.mark.parametrize("service", SERVICES)
def test_promtool_accepts_each_service_metrics_page(dev_stack: DevStack, service: str) -> None:
    assert PROMTOOL is not None
    text = httpx.get(f"{dev_stack.urls[service]}/metrics", timeout=5).text
    result = subprocess.run(
        [PROMTOOL, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dashboard_and_alerts_name_only_metrics_the_services_expose(dev_stack: DevStack) -> None:
    exposed = {"up"}
    for url in dev_stack.urls.values():
        exposed |= exposed_sample_names(httpx.get(f"{url}/metrics", timeout=5).text)
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel.get("targets", [])]
    alerts = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    expressions += [rule["expr"] for group in alerts["groups"] for rule in group["rules"]]
    used = set().union(*(metric_names(expression) for expression in expressions))
    assert used - exposed == set()


async def test_the_first_dead_letter_of_a_service_raises_the_alert(dev_stack: DevStack, prometheus: str) -> None:
    """Each consumer's dead-letter series is there at 0 from start-up, so the first one is a step that
    ``increase()`` sees, and the alert fires (the rule test in deploy/prometheus/tests replays the same)."""
    consumers = {"activity", "scoring"}  # both read roster's members
    kinds = "undecodable|unknown_type|invalid_data|handler_error"
    query = f'bastion_dead_letters_total{{topic="{ROSTER_MEMBERS.name}", kind=~"{kinds}"}} == 0'
    waiting = _wait_for(prometheus, query, consumers)
    at_zero = {(series["metric"]["job"], series["metric"]["kind"]) for series in waiting}
    assert at_zero >= {(job, kind) for job in consumers for kind in kinds.split("|")}, "there before any dead letter"

    await produce(dev_stack.kafka_bootstrap, ROSTER_MEMBERS.name, [(f"poison-{uuid.uuid4()}", b"not a CloudEvent")])

    new = _wait_for(prometheus, 'increase(bastion_dead_letters_total{kind="undecodable"}[10m]) > 0', consumers)
    assert {s["metric"]["topic"] for s in new} == {ROSTER_MEMBERS.name}
    firing = _wait_for_alert(prometheus, "BastionDeadLetters", consumers)
    assert {alert["labels"]["kind"] for alert in firing} == {"undecodable"}


def _wait_for_alert(prometheus: str, name: str, jobs: set[str], timeout: float = 60.0) -> list[dict[str, Any]]:
    """The alert's firing instances once every job has one (rules are evaluated every second here)."""
    deadline = time.monotonic() + timeout
    firing: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        alerts = httpx.get(f"{prometheus}/api/v1/alerts", timeout=5).json()["data"]["alerts"]
        firing = [a for a in alerts if a["labels"]["alertname"] == name and a["state"] == "firing"]
        if jobs <= {alert["labels"]["job"] for alert in firing}:
            return firing
        time.sleep(0.5)
    raise AssertionError(f"{name} not firing for {sorted(jobs)} after {timeout:.0f} s: {firing}")
