"""``bastion dev``: the whole system on one machine, started in order and stopped in reverse.

PostgreSQL (embedded, unless database URLs are set) -> the broker (Tansu, unless
``KAFKA_BOOTSTRAP_SERVERS`` is set) -> one database per service -> migrations -> topics ->
the services on their ports -> the demo organisation (first run) -> a summary of what runs
where. Ctrl-C (or SIGTERM) stops the services, then the broker, then PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from importlib.metadata import entry_points
from pathlib import Path
from subprocess import Popen
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bastion.auth.principal import Role
from bastion.auth.tokens import ensure_signing_key, mint_token
from bastion.db.migrations import upgrade_to_head
from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.postgres import EmbeddedPostgres
from bastion.devstack.processes import port_is_open, spawn, stop_process
from bastion.devstack.server_user import ServerUserError
from bastion.kafka.topics import ensure_topics
from bastion.service import ServiceSpec, discover_services
from bastion.settings import ServiceSettings

log = logging.getLogger("bastion.dev")


@dataclass
class DevConfig:
    root: Path = field(default_factory=lambda: Path(".bastion"))
    host: str = "127.0.0.1"
    postgres_port: int = 55432
    kafka_port: int = 9092
    load_demo: bool | None = None  # None: only when the databases were created by this run

    @classmethod
    def from_environment(cls, root: Path, load_demo: bool | None) -> DevConfig:
        return cls(
            root=root,
            host=os.environ.get("BASTION_DEV_HOST", "127.0.0.1"),
            postgres_port=int(os.environ.get("BASTION_DEV_POSTGRES_PORT", "55432")),
            kafka_port=int(os.environ.get("BASTION_DEV_KAFKA_PORT", "9092")),
            load_demo=load_demo,
        )


@dataclass
class RunningService:
    spec: ServiceSpec
    settings: ServiceSettings
    url: str
    process: Popen[bytes] | None = None


class DevStack:
    def __init__(self, config: DevConfig, say: Callable[[str], None] = print) -> None:
        self.config = config
        self.say = say
        self.specs = discover_services()
        self.postgres: EmbeddedPostgres | None = None
        self.broker: EmbeddedBroker | None = None
        self.services: dict[str, RunningService] = {}
        self.created_databases: list[str] = []
        self.demo_summary: str | None = None
        self.kafka_bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
        self.signing_key: Path | None = None

    @property
    def logs(self) -> Path:
        return self.config.root / "logs"

    def start(self) -> None:
        self.config.root.mkdir(parents=True, exist_ok=True)
        self._start_postgres_unless_configured()
        self._start_broker_unless_configured()
        self._ensure_token_issuer()
        settings = {name: self._service_settings(spec) for name, spec in self.specs.items()}
        asyncio.run(self._prepare(settings))
        dashboard = _dashboard_environment({name: _url_of(s) for name, s in settings.items()})
        for name, spec in self.specs.items():
            self._start_service(spec, settings[name], dashboard)
        self._wait_until_ready()
        if self.config.load_demo or (self.config.load_demo is None and self.created_databases):
            self.demo_summary = asyncio.run(self._load_demo())

    def _start_postgres_unless_configured(self) -> None:
        configured = "DATABASE_URL" in os.environ or any(
            f"{name.upper()}_DATABASE_URL" in os.environ for name in self.specs
        )
        if configured:
            self.say("PostgreSQL: using the configured database URLs")
            return
        self._refuse_taken_port(self.config.postgres_port, "BASTION_DEV_POSTGRES_PORT", "PostgreSQL")
        try:
            self.postgres = EmbeddedPostgres(
                self.config.root / "pgdata",
                self.config.postgres_port,
                durable=True,
                log_path=self.logs / "postgres.log",
            )
        except ServerUserError as exc:
            raise SystemExit(f"PostgreSQL cannot start: {exc}") from exc
        self.say(f"PostgreSQL: starting the embedded server on 127.0.0.1:{self.config.postgres_port} ...")
        self.postgres.start()

    def _start_broker_unless_configured(self) -> None:
        if self.kafka_bootstrap:
            self.say(f"Kafka: using {self.kafka_bootstrap}")
            return
        self._refuse_taken_port(self.config.kafka_port, "BASTION_DEV_KAFKA_PORT", "the broker")
        self.broker = EmbeddedBroker(self.config.kafka_port, log_path=self.logs / "broker.log")
        self.say(f"Kafka: starting the embedded Tansu broker on 127.0.0.1:{self.config.kafka_port} ...")
        self.broker.start()
        self.kafka_bootstrap = self.broker.bootstrap_servers

    def _refuse_taken_port(self, port: int, variable: str, what: str) -> None:
        if port_is_open("127.0.0.1", port):
            raise SystemExit(
                f"port {port} for {what} is already in use (another `make run`?); stop it or set {variable}"
            )

    def _service_settings(self, spec: ServiceSpec) -> ServiceSettings:
        overrides: dict[str, Any] = {
            "kafka_bootstrap_servers": self.kafka_bootstrap,
            "http_host": self.config.host,
        }
        if self.postgres is not None:
            overrides["database_url"] = self.postgres.url_for(f"bastion_{spec.name}")
        if self.signing_key is not None:
            overrides["auth_signing_key_file"] = str(self.signing_key)
        return spec.load_settings(**overrides)

    def _ensure_token_issuer(self) -> None:
        """Without an identity provider, Bastion signs its own tokens with a key kept in the data folder."""
        if os.environ.get("AUTH_JWKS_URL") or os.environ.get("AUTH_SIGNING_KEY_FILE"):
            self.say("Tokens: verified as configured (AUTH_JWKS_URL or AUTH_SIGNING_KEY_FILE)")
            return
        self.signing_key = ensure_signing_key(self.config.root / "auth" / "signing-key.pem")

    def admin_token(self) -> str | None:
        """A development admin token (the embedded issuer only)."""
        any_settings = next(iter(self.services.values())).settings
        if not any_settings.auth_signing_key_file or any_settings.auth_jwks_url:
            return None
        return mint_token(any_settings, subject="dev-admin", role=Role.ADMIN, lifetime=timedelta(days=7))

    async def _prepare(self, settings: Mapping[str, ServiceSettings]) -> None:
        for name, spec in self.specs.items():
            url = settings[name].require_database_url()
            if await _create_database_if_missing(url):
                self.created_databases.append(name)
            await upgrade_to_head(spec.migrations, url)
        self.say(f"Databases ready: {', '.join(f'bastion_{n}' for n in self.specs)} (migrated to head)")
        topics = {topic.name: topic for spec in self.specs.values() for topic in spec.produces}
        for spec in self.specs.values():
            topics.update({topic.name: topic for consumer in spec.consumers for topic in consumer.topics})
        any_settings = next(iter(settings.values()))
        await ensure_topics(
            any_settings,
            topics.values(),
            prefix=any_settings.kafka_topic_prefix,
            replication_factor=any_settings.kafka_replication_factor,
        )
        self.say(f"Topics ready: {', '.join(sorted(topics))}")

    def _start_service(self, spec: ServiceSpec, settings: ServiceSettings, extra: Mapping[str, str]) -> None:
        prefix = spec.name.upper()
        env = {
            **extra,
            **os.environ,
            f"{prefix}_DATABASE_URL": settings.require_database_url(),
            f"{prefix}_HTTP_HOST": settings.http_host,
            f"{prefix}_HTTP_PORT": str(settings.port),
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "PYTHONUNBUFFERED": "1",
        }
        if settings.auth_signing_key_file:
            env.setdefault("AUTH_SIGNING_KEY_FILE", settings.auth_signing_key_file)
        # One instance of each service: take every partition at once instead of joining a group.
        env.setdefault(f"{prefix}_CONSUMER_ASSIGNMENT", "static")
        process = spawn(
            [sys.executable, "-m", "bastion.cli", "serve", spec.name],
            log_path=self.logs / f"{spec.name}.log",
            env=env,
        )
        self.services[spec.name] = RunningService(spec, settings, _url_of(settings), process)

    def _wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        waiting = dict(self.services)
        while waiting:
            for name, service in list(waiting.items()):
                if service.process is None or service.process.poll() is not None:
                    raise SystemExit(f"{name} exited during start-up; see {self.logs / (name + '.log')}")
                try:
                    if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200:
                        del waiting[name]
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise SystemExit(f"not ready after {timeout:.0f} s: {', '.join(waiting)}; see {self.logs}")
            time.sleep(0.2)

    async def _load_demo(self) -> str | None:
        loaders = list(entry_points(group="bastion.demo"))
        if not loaders:
            return None
        load = loaders[0].load()
        urls = {name: service.url for name, service in self.services.items()}
        self.say("Loading the demo organisation ...")
        token = self.admin_token()
        summary: str = await load(urls, headers={"Authorization": f"Bearer {token}"} if token else {})
        return summary

    def summary(self) -> str:
        lines = ["", "Bastion is running:", ""]
        for name, service in self.services.items():
            url = service.url
            lines.append(f"  {name:<9} {url}/docs   (health {url}/readyz, metrics {url}/metrics)")
        lines.append("")
        if self.postgres is not None:
            server = self.postgres.url.rsplit("/", 1)[0]
            lines.append(f"  PostgreSQL  {server}/bastion_<service>  (data in {self.postgres.data_dir})")
        lines.append(f"  Kafka       {self.kafka_bootstrap}" + ("  (Tansu, in memory)" if self.broker else ""))
        lines.append(f"  Logs        {self.logs.resolve()}/")
        if "scoring" in self.services:
            lines.append(f"  Dashboard   {self.services['scoring'].url}/dashboard/  (paste the token below)")
        token = self.admin_token()
        if token:
            lines += [
                "",
                "  Development admin token (7 days; the APIs want it, the public feedback pages do not):",
                f"  {token}",
                "  e.g. curl -H 'Authorization: Bearer <token>' " + next(iter(self.services.values())).url + "/members",
            ]
        if self.demo_summary:
            lines += ["", self.demo_summary]
        lines += ["", "Press Ctrl-C to stop everything."]
        return "\n".join(lines)

    def wait(self) -> None:
        """Block until Ctrl-C / SIGTERM, or until a child dies (then say which)."""
        stopping = False

        def request_stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        while not stopping:
            for name, service in self.services.items():
                if service.process is not None and service.process.poll() is not None:
                    self.say(f"{name} exited with {service.process.returncode}; see {self.logs / (name + '.log')}")
                    return
            for what, child in (("broker", self.broker), ("PostgreSQL", self.postgres)):
                if child is not None and not child.is_running():
                    self.say(f"{what} stopped unexpectedly; see {self.logs}")
                    return
            time.sleep(0.2)

    def stop(self) -> None:
        if self.services:
            self.say("Stopping the services ...")
        for service in self.services.values():
            if service.process is not None and service.process.poll() is None:
                service.process.send_signal(signal.SIGTERM)
        for service in self.services.values():
            stop_process(service.process, signal.SIGTERM, 30.0)
        if self.broker is not None:
            self.say("Stopping the broker ...")
            self.broker.stop()
        if self.postgres is not None:
            self.say("Stopping PostgreSQL ...")
            self.postgres.stop()
        self.say("Stopped.")


def _url_of(settings: ServiceSettings) -> str:
    return f"http://{settings.http_host}:{settings.port}"


def _dashboard_environment(urls: Mapping[str, str]) -> dict[str, str]:
    """Scoring serves the dashboard, whose page calls every service: scoring is told where they are, and
    they allow its origin (CORS). Variables the operator set win (they come later in the environment)."""
    if "scoring" not in urls:
        return {}
    return {
        "CORS_ALLOWED_ORIGINS": json.dumps([urls["scoring"]]),
        "SCORING_DASHBOARD_SERVICES": json.dumps(dict(urls)),
    }


async def _create_database_if_missing(url: str) -> bool:
    """Create the service's database on its server if it does not exist; True if created."""
    target = make_url(url)
    name = target.database
    if not name:
        raise SystemExit(f"database URL without a database name: {target.render_as_string()}")
    admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    try:
        if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        await connection.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await connection.close()


def run_dev(config: DevConfig) -> int:
    stack = DevStack(config)
    try:
        stack.start()
        stack.say(stack.summary())
        stack.wait()
    finally:
        stack.stop()
    return 0
