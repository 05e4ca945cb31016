"""The compose files are valid for the real Compose binary and hold together: every secret has its
example, every service's healthcheck and start order is declared, the cluster variant has three brokers,
only the proxy is published (unless the override publishes the APIs) and it has its routes and certificate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bastion.http.forwarded import api_prefix
from bastion_contracts.topics import ALL_TOPICS
from tests.deploy.caddy import PRODUCTION, adapted
from tests.deploy.compose import (
    BASE_FILE,
    CLUSTER_FILE,
    PUBLISH_PORTS_FILE,
    composed_config,
    run_compose,
    secrets_from_examples,
)

VARIANTS = {
    "single-broker": (BASE_FILE,),
    "three-brokers": (BASE_FILE, CLUSTER_FILE),
    "published-apis": (BASE_FILE, PUBLISH_PORTS_FILE),
}
BASTION_SERVICES = ("roster", "activity", "feedback", "scoring")


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    return secrets_from_examples(tmp_path / "secrets")


@pytest.mark.parametrize("files", VARIANTS.values(), ids=VARIANTS.keys())
def test_compose_file_validates_with_the_real_compose_binary(files: tuple[Path, ...], secrets_dir: Path) -> None:
    result = run_compose(files, secrets_dir, "config", "--quiet")
    assert result.returncode == 0, result.stderr


def test_an_invalid_compose_file_is_refused(tmp_path: Path, secrets_dir: Path) -> None:
    """The check above can fail: a dependency on a service that does not exist is an error."""
    broken = tmp_path / "docker-compose.yml"
    text = BASE_FILE.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("kafka-init:\n      condition:", "kafka-inti:\n      condition:", 1), encoding="utf-8"
    )
    assert broken.read_text(encoding="utf-8") != text
    assert run_compose((broken,), secrets_dir, "config", "--quiet").returncode != 0


@pytest.mark.parametrize("files", VARIANTS.values(), ids=VARIANTS.keys())
def test_every_secret_file_has_its_example(files: tuple[Path, ...], secrets_dir: Path) -> None:
    config = composed_config(files, secrets_dir)
    for name, secret in config["secrets"].items():
        assert Path(secret["file"]).is_file(), f"secret {name}: no deploy/secrets/{Path(secret['file']).name}.example"


@pytest.mark.parametrize("files", VARIANTS.values(), ids=VARIANTS.keys())
def test_every_long_running_service_has_a_healthcheck_and_waits_for_what_it_needs(
    files: tuple[Path, ...], secrets_dir: Path
) -> None:
    services = composed_config(files, secrets_dir)["services"]
    for name, service in services.items():
        if name != "kafka-init":
            assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
        for dependency, how in service.get("depends_on", {}).items():
            assert dependency in services, f"{name} depends on unknown {dependency}"
            expected = "service_completed_successfully" if dependency == "kafka-init" else "service_healthy"
            assert how["condition"] == expected, f"{name} -> {dependency}"
    for name in BASTION_SERVICES:
        assert set(services[name]["depends_on"]) == {"postgres", "kafka-init"}
        assert "/readyz" in " ".join(services[name]["healthcheck"]["test"])
    kafka_nodes = {name for name, service in services.items() if service.get("image", "").startswith("apache/kafka:")}
    assert set(services["kafka-init"]["depends_on"]) == kafka_nodes


@pytest.mark.parametrize("files", VARIANTS.values(), ids=VARIANTS.keys())
def test_images_are_pinned_to_exact_versions(files: tuple[Path, ...], secrets_dir: Path) -> None:
    services = composed_config(files, secrets_dir)["services"]
    for name, service in services.items():
        if "build" in service or service["image"].startswith("bastion:"):
            continue
        tag = service["image"].partition(":")[2]
        assert tag != "latest", f"{name}: {service['image']}"
        assert any(c.isdigit() for c in tag), f"{name}: {service['image']} has no exact version"


def test_the_cluster_variant_is_three_brokers_with_replication_three_and_two_in_sync(secrets_dir: Path) -> None:
    services = composed_config(VARIANTS["three-brokers"], secrets_dir)["services"]
    brokers = {name: s["environment"] for name, s in services.items() if s.get("image", "").startswith("apache/kafka:")}
    assert len(brokers) == 3
    voters = {f"{env['KAFKA_NODE_ID']}@{services[name]['hostname']}:9093" for name, env in brokers.items()}
    for env in brokers.values():
        assert set(env["KAFKA_CONTROLLER_QUORUM_VOTERS"].split(",")) == voters
        assert env["KAFKA_DEFAULT_REPLICATION_FACTOR"] == env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "3"
        assert env["KAFKA_MIN_INSYNC_REPLICAS"] == env["KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"] == "2"
        assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert len({env["CLUSTER_ID"] for env in brokers.values()}) == 1
    for name in (*BASTION_SERVICES, "kafka-init"):
        env = services[name]["environment"]
        assert env["KAFKA_REPLICATION_FACTOR"] == "3", name
        assert set(env["KAFKA_BOOTSTRAP_SERVERS"].split(",")) == {f"{services[b]['hostname']}:9092" for b in brokers}


def test_the_single_broker_names_every_listener_and_the_quorum(secrets_dir: Path) -> None:
    kafka = composed_config(VARIANTS["single-broker"], secrets_dir)["services"]["kafka"]
    env = kafka["environment"]
    for variable in (
        "KAFKA_NODE_ID",
        "KAFKA_PROCESS_ROLES",
        "KAFKA_LISTENERS",
        "KAFKA_ADVERTISED_LISTENERS",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
        "KAFKA_CONTROLLER_LISTENER_NAMES",
        "KAFKA_CONTROLLER_QUORUM_VOTERS",
        "KAFKA_INTER_BROKER_LISTENER_NAME",
        "CLUSTER_ID",
        "KAFKA_MIN_INSYNC_REPLICAS",
    ):
        assert env.get(variable), variable
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    listeners = {listener.split("://")[0] for listener in env["KAFKA_LISTENERS"].split(",")}
    mapped = {pair.split(":")[0] for pair in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")}
    assert listeners <= mapped
    assert any(v["type"] == "volume" and v["target"] == env["KAFKA_LOG_DIRS"] for v in kafka["volumes"])


def test_replicas_of_scoring_beyond_the_smallest_partition_count_would_idle() -> None:
    """The scale-out note in the cluster file states the partition counts; keep it true."""
    counts = sorted({topic.partitions for topic in ALL_TOPICS})
    note = CLUSTER_FILE.read_text(encoding="utf-8")
    assert f"they have {counts[0]} or {counts[-1]}" in note, counts


def _published(service: dict[str, Any]) -> set[int]:
    return {int(port["published"]) for port in service.get("ports", ())}


def test_only_the_proxy_is_published_for_browsers(secrets_dir: Path) -> None:
    """The services are reached through the one address; their ports stay on the Compose network."""
    services = composed_config(VARIANTS["single-broker"], secrets_dir)["services"]
    for name in BASTION_SERVICES:
        assert not services[name].get("ports"), f"{name} is published"
    assert _published(services["proxy"]) == {443, 80}


def test_the_override_publishes_each_api_on_its_own_port(secrets_dir: Path) -> None:
    services = composed_config(VARIANTS["published-apis"], secrets_dir)["services"]
    for name in BASTION_SERVICES:
        assert _published(services[name]) == {int(services[name]["environment"][f"{name.upper()}_HTTP_PORT"])}


def test_the_proxy_mounts_its_routes_and_the_certificate_where_the_caddyfile_reads_them(
    secrets_dir: Path, tmp_path: Path
) -> None:
    proxy = composed_config(VARIANTS["single-broker"], secrets_dir)["services"]["proxy"]
    mounts = {volume["target"]: volume for volume in proxy["volumes"]}
    assert Path(mounts["/etc/caddy"]["source"]) == PRODUCTION.parent
    assert all(mounts[target]["read_only"] for target in ("/etc/caddy", "/etc/bastion/tls"))
    certificates = adapted(PRODUCTION, tmp_path)["apps"]["tls"]["certificates"]["load_files"]
    assert [(c["certificate"], c["key"]) for c in certificates] == [
        ("/etc/bastion/tls/bastion.crt", "/etc/bastion/tls/bastion.key")
    ]
    assert any(volume["target"] == "/data" and volume["type"] == "volume" for volume in proxy["volumes"])
    web = mounts["/srv/web"]  # where routes.caddy serves the web app from (BASTION_WEB_ROOT's default)
    assert Path(web["source"]) == PRODUCTION.parents[2] / "web" / "dist"
    assert web["read_only"]


def test_browsers_reach_every_api_at_the_one_address_without_cors(secrets_dir: Path) -> None:
    services = composed_config(VARIANTS["single-broker"], secrets_dir)["services"]
    for name in BASTION_SERVICES:
        assert "CORS_ALLOWED_ORIGINS" not in services[name]["environment"], name
        assert services[name]["environment"]["FORWARDED_ALLOW_IPS"] == "*", "the proxy's X-Forwarded-For is believed"
    dashboard = json.loads(services["scoring"]["environment"]["SCORING_DASHBOARD_SERVICES"])
    assert dashboard == {name: api_prefix(name) for name in BASTION_SERVICES}
    assert services["feedback"]["environment"]["FEEDBACK_PUBLIC_BASE_URL"] == "https://localhost"
