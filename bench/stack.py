"""The stack a benchmark runs against: the embedded PostgreSQL and Tansu broker, and real service processes.

Each phase gets its own databases and its own topic prefix, so phases never see each other's events or
offsets; the broker is restarted between phases because Tansu keeps every message in memory and its CPU
grows with the length of a topic.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from subprocess import Popen

import asyncpg
import httpx

from bastion.auth.principal import Role
from bastion.auth.tokens import ensure_signing_key, mint_token
from bastion.db.migrations import upgrade_to_head
from bastion.devstack import EmbeddedBroker, EmbeddedPostgres, free_port
from bastion.devstack.processes import spawn, stop_process
from bastion.service import ServiceSpec, discover_services
from bench.proc import cpu_seconds, peak_rss_bytes


@dataclass
class ServiceProcess:
    """One running ``bastion serve <service>``."""

    name: str
    url: str
    process: Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_rss_bytes(self) -> int:
        return peak_rss_bytes(self.pid)

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def stop(self) -> None:
        stop_process(self.process, timeout=30.0)


@dataclass
class BenchStack:
    """PostgreSQL (durable, as `make run` runs it) and a broker, under ``root``."""

    root: Path
    postgres: EmbeddedPostgres = field(init=False)
    broker: EmbeddedBroker | None = field(init=False, default=None)
    specs: dict[str, ServiceSpec] = field(init=False, default_factory=discover_services)
    signing_key: Path = field(init=False)
    _services: list[ServiceProcess] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.postgres = EmbeddedPostgres(self.root / "pgdata", free_port(), log_path=self.logs / "postgres.log")
        self.signing_key = ensure_signing_key(self.root / "auth" / "signing-key.pem")

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def bootstrap_servers(self) -> str:
        if self.broker is None:
            raise RuntimeError("the broker is not running")
        return self.broker.bootstrap_servers

    def start(self) -> None:
        shutil.rmtree(self.root / "pgdata", ignore_errors=True)
        self.postgres.start()
        self.fresh_broker()

    def fresh_broker(self) -> None:
        """Stop the broker (and everything it held) and start an empty one."""
        if self.broker is not None:
            self.broker.stop()
        self.broker = EmbeddedBroker(free_port(), log_path=self.logs / "broker.log")
        self.broker.start()

    def stop(self) -> None:
        for service in self._services:
            service.stop()
        if self.broker is not None:
            self.broker.stop()
        self.postgres.stop()

    async def database(self, name: str, service: str | None = None) -> str:
        """A new empty database (dropped first if it exists), migrated to the service's head; its URL."""
        admin = await asyncpg.connect(self.postgres.url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        url = self.postgres.url_for(name)
        if service is not None:
            await upgrade_to_head(self.specs[service].migrations, url)
        return url

    def serve(
        self, service: str, *, database_url: str, topic_prefix: str, env: Mapping[str, str] | None = None
    ) -> ServiceProcess:
        """Start ``bastion serve <service>`` (one instance, every partition) and wait until it is ready."""
        prefix = service.upper()
        port = free_port()
        environment = {
            **os.environ,
            f"{prefix}_DATABASE_URL": database_url,
            f"{prefix}_HTTP_PORT": str(port),
            f"{prefix}_CONSUMER_ASSIGNMENT": "static",
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "KAFKA_TOPIC_PREFIX": topic_prefix,
            "AUTH_SIGNING_KEY_FILE": str(self.signing_key),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        log_path = self.logs / f"{service}-{topic_prefix.strip('.') or 'default'}.log"
        process = spawn([sys.executable, "-m", "bastion.cli", "serve", service], log_path=log_path, env=environment)
        running = ServiceProcess(service, f"http://127.0.0.1:{port}", process, log_path)
        self._services.append(running)
        _wait_ready(running)
        return running

    def token(self, role: Role = Role.ADMIN) -> str:
        settings = self.specs["scoring"].load_settings(auth_signing_key_file=str(self.signing_key))
        return mint_token(settings, subject="bench", role=role, lifetime=timedelta(hours=6))


def _wait_ready(service: ServiceProcess, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited during start-up; see {service.log_path}")
        try:
            if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{service.name} not ready after {timeout:.0f} s; see {service.log_path}")
