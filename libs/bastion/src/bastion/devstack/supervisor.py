"""``bastion dev``: the whole system on one machine, started in order and stopped in reverse.

PostgreSQL (embedded, unless database URLs are set) -> the broker (Tansu, unless
``KAFKA_BOOTSTRAP_SERVERS`` is set) -> one database per service -> migrations -> topics ->
the services on their ports -> the proxy (Caddy) serving all of them at one address -> the demo
organisation (first run) -> a summary of what runs where. A child that dies is started again with
back-off (:mod:`bastion.devstack.restarts`). Ctrl-C (or SIGTERM) stops the proxy, the services, then the
broker, then PostgreSQL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from importlib.metadata import entry_points
from pathlib import Path
from subprocess import Popen
from typing import Any

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bastion.auth.principal import Role
from bastion.auth.tokens import ensure_signing_key, mint_token
from bastion.db import create_engine
from bastion.db.migrations import upgrade_to_head
from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.postgres import EmbeddedPostgres
from bastion.devstack.processes import port_is_open, spawn, stop_process
from bastion.devstack.proxy import EmbeddedProxy, upstream
from bastion.devstack.reach import dashboard_environment, public_pages_environment
from bastion.devstack.restarts import Watched, look_after
from bastion.devstack.server_user import ServerUserError
from bastion.devstack.summary import running_summary
from bastion.http.forwarded import api_prefix
from bastion.kafka.topics import ensure_topics
from bastion.outbox.commands import republish
from bastion.service import ServiceSpec, discover_services
from bastion.settings import ServiceSettings

log = logging.getLogger("bastion.dev")

POSTGRES_DIED = "It comes back on the same data; meanwhile the services answer 503 on /readyz and retry."
PROXY_DIED = "Meanwhile the one address does not answer; each service still does on its own port."
BROKER_DIED = (
    "Tansu keeps messages in memory, so it comes back empty: every event published since it started is then "
    "queued again in its service's outbox (consumers skip what they already have)."
)


@dataclass
class DevConfig:
    root: Path = field(default_factory=lambda: Path(".bastion"))
    host: str = "127.0.0.1"
    port: int = 8000  # the one address: the proxy in front of every service
    postgres_port: int = 55432
    kafka_port: int = 9092
    load_demo: bool | None = None  # None: only when the databases were created by this run

    @classmethod
    def from_environment(cls, root: Path, load_demo: bool | None) -> DevConfig:
        return cls(
            root=root,
            host=os.environ.get("BASTION_DEV_HOST", "127.0.0.1"),
            port=int(os.environ.get("BASTION_DEV_PORT", "8000")),
            postgres_port=int(os.environ.get("BASTION_DEV_POSTGRES_PORT", "55432")),
            kafka_port=int(os.environ.get("BASTION_DEV_KAFKA_PORT", "9092")),
            load_demo=load_demo,
        )


@dataclass
class RunningService:
    spec: ServiceSpec
    settings: ServiceSettings
    url: str
    environment: dict[str, str] = field(default_factory=dict)
    process: Popen[bytes] | None = None


class DevStack:
    def __init__(self, config: DevConfig, say: Callable[[str], None] = print) -> None:
        self.config = config
        self.say = say
        self.specs = discover_services()
        self.postgres: EmbeddedPostgres | None = None
        self.broker: EmbeddedBroker | None = None
        self.proxy: EmbeddedProxy | None = None
        self.services: dict[str, RunningService] = {}
        self.created_databases: list[str] = []
        self.demo_summary: str | None = None
        self.kafka_bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
        self.broker_started_at: datetime | None = None
        self.signing_key: Path | None = None

    @property
    def logs(self) -> Path:
        return self.config.root / "logs"

    def start(self) -> None:
        self.config.root.mkdir(parents=True, exist_ok=True)
        self._refuse_taken_port(self.config.port, "BASTION_DEV_PORT", "the one address (the proxy)")
        self._start_postgres_unless_configured()
        self._start_broker_unless_configured()
        self._ensure_token_issuer()
        settings = {name: self._service_settings(spec) for name, spec in self.specs.items()}
        asyncio.run(self._prepare(settings))
        self.proxy = self._proxy_to(settings)
        extra = {**dashboard_environment(self.specs), **public_pages_environment(self.proxy.url)}
        for name, spec in self.specs.items():
            self._start_service(spec, settings[name], extra)
        self._wait_until_ready()
        self.say(f"Proxy: starting Caddy on {self.proxy.url} ...")
        self.proxy.start()
        if self.config.load_demo or (self.config.load_demo is None and self.created_databases):
            self.demo_summary = asyncio.run(self._load_demo())

    def _proxy_to(self, settings: Mapping[str, ServiceSettings]) -> EmbeddedProxy:
        """Caddy at the one address, with its files in the data folder."""
        return EmbeddedProxy(
            self.config.host,
            self.config.port,
            {name: upstream(s.http_host, s.port) for name, s in settings.items()},
            data_dir=self.config.root / "caddy",
            log_path=self._log_of("proxy"),
        )

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
        self.broker_started_at = datetime.now(UTC)
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
        self.say(f"Topics ready: {', '.join(await self._ensure_topics(settings))}")

    async def _ensure_topics(self, settings: Mapping[str, ServiceSettings]) -> list[str]:
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
        return sorted(topics)

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
        if (roster := self.services.get("roster")) is not None:  # started first: the lowest port
            # People sign in at roster; the other services check its tokens against its published keys.
            env.setdefault("AUTH_SESSION_JWKS_URL", f"{roster.url}/auth/jwks")
        # One instance of each service: take every partition at once instead of joining a group.
        env.setdefault(f"{prefix}_CONSUMER_ASSIGNMENT", "static")
        service = RunningService(spec, settings, settings.reachable_url, env)
        self.services[spec.name] = service
        self._spawn(service)

    def _spawn(self, service: RunningService) -> str:
        service.process = spawn(
            [sys.executable, "-m", "bastion.cli", "serve", service.spec.name],
            log_path=self._log_of(service.spec.name),
            env=service.environment,
        )
        return f"process {service.process.pid}"

    def _log_of(self, name: str) -> Path:
        return self.logs / f"{name}.log"

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
        # Through the one address, as a person's browser would: what it prints leads there too.
        urls = {name: self.api_url(name) for name in self.services}
        self.say("Loading the demo organisation ...")
        token = self.admin_token()
        summary: str = await load(urls, headers={"Authorization": f"Bearer {token}"} if token else {})
        return summary

    def api_url(self, service: str) -> str:
        """Where the one address serves ``service``'s API (the service's own address without a proxy)."""
        if self.proxy is None:
            return self.services[service].url
        return f"{self.proxy.url}{api_prefix(service)}"

    def summary(self) -> str:
        return running_summary(self)

    def wait(self) -> None:
        """Block until Ctrl-C / SIGTERM, starting again meanwhile whatever dies (as Compose's
        ``restart: unless-stopped``), and saying so."""
        stopping = False

        def request_stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        watched = self._watched()
        while not stopping:
            for child in watched:
                if not stopping:
                    look_after(child, time.monotonic(), self.say)
            time.sleep(0.2)

    def _watched(self) -> list[Watched]:
        """PostgreSQL first and the broker next: a service started again wants them."""
        watched = []
        if self.postgres is not None:
            restart = partial(self._restart_postgres, self.postgres)
            watched.append(Watched("PostgreSQL", self.postgres, restart, self._log_of("postgres"), POSTGRES_DIED))
        if self.broker is not None:
            restart = partial(self._restart_broker, self.broker)
            watched.append(Watched("The broker", self.broker, restart, self._log_of("broker"), BROKER_DIED))
        for name, service in self.services.items():
            watched.append(Watched(name, service, partial(self._spawn, service), self._log_of(name)))
        if self.proxy is not None:
            restart = partial(self._restart_proxy, self.proxy)
            watched.append(Watched("The proxy", self.proxy, restart, self._log_of("proxy"), PROXY_DIED))
        return watched

    def _restart_proxy(self, proxy: EmbeddedProxy) -> str:
        proxy.start()
        return f"on {proxy.url}"

    def _restart_postgres(self, postgres: EmbeddedPostgres) -> str:
        postgres.start()
        return f"on 127.0.0.1:{postgres.port}, data in {postgres.data_dir}"

    def _restart_broker(self, broker: EmbeddedBroker) -> str:
        """Queue again what the lost broker had, start an empty one, give it the topics."""
        since = self.broker_started_at
        queued = asyncio.run(self._republish_since(since)) if since else 0
        broker.start()
        self.broker_started_at = datetime.now(UTC)
        asyncio.run(self._ensure_topics({name: s.settings for name, s in self.services.items()}))
        return f"empty, on {broker.bootstrap_servers}; {queued} events queued again for it"

    async def _republish_since(self, since: datetime) -> int:
        """``bastion outbox <service> republish --since <since>`` for every service."""
        queued = 0
        for service in self.services.values():
            engine = create_engine(service.settings.require_database_url(), pool_size=1)
            try:
                queued += await republish(engine, since)
            finally:
                await engine.dispose()
        return queued

    def stop(self) -> None:
        if self.proxy is not None:
            self.say("Stopping the proxy ...")
            self.proxy.stop()
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
    except KeyboardInterrupt:
        pass  # Ctrl-C while starting: stop what has started, quietly
    finally:
        stack.stop()
    return 0
