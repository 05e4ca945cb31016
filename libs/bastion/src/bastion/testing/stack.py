"""Databases and settings for one test, on the session's servers."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from bastion.db.migrations import upgrade_to_head
from bastion.service import ServiceSpec
from bastion.settings import ServiceSettings

T = TypeVar("T")


def run_in_thread(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on a private loop in another thread (from sync code)."""
    result: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(coroutine))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            failure.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


class DatabaseTemplates:
    """One migrated template database per service per session; each test copies it (fast)."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._ready: dict[str, str] = {}
        self._lock = threading.Lock()

    def url_for(self, database: str) -> str:
        return make_url(self.admin_url).set(database=database).render_as_string(hide_password=False)

    def template_for(self, spec: ServiceSpec) -> str:
        with self._lock:
            if spec.name not in self._ready:
                name = f"template_{spec.name}_{uuid.uuid4().hex[:8]}"
                run_in_thread(self._build(spec, name))
                self._ready[spec.name] = name
            return self._ready[spec.name]

    async def _build(self, spec: ServiceSpec, name: str) -> None:
        await _execute(self.admin_url, f'CREATE DATABASE "{name}"')
        await upgrade_to_head(spec.migrations, self.url_for(name))

    def drop_all(self) -> None:
        for name in self._ready.values():
            run_in_thread(_execute(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def migrated_database(admin_url: str, spec: ServiceSpec) -> str:
    """A new database of this service on the server at ``admin_url`` (e.g. a test's ``own_postgres``),
    migrated to head; returns its URL. It goes when the server does."""
    name = f"test_{spec.name}_{uuid.uuid4().hex[:10]}"
    await _execute(admin_url, f'CREATE DATABASE "{name}"')
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    await upgrade_to_head(spec.migrations, url)
    return url


async def _execute(admin_url: str, statement: str) -> None:
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


class TestStack:
    """Hands out settings for services under test: a fresh database each, shared topic prefix."""

    __test__ = False  # not a test class

    def __init__(
        self,
        templates: DatabaseTemplates,
        kafka_bootstrap: str,
        topic_prefix: str,
        signing_key_file: Path | None = None,
    ) -> None:
        self.templates = templates
        self.kafka_bootstrap = kafka_bootstrap
        self.topic_prefix = topic_prefix
        self.signing_key_file = signing_key_file  # the embedded token issuer's key, shared by the services
        self._databases: list[str] = []

    async def new_database(self, spec: ServiceSpec) -> str:
        """A fresh, migrated database of this service; returns its URL."""
        template = await asyncio.to_thread(self.templates.template_for, spec)
        name = f"test_{spec.name}_{uuid.uuid4().hex[:10]}"
        await _execute(self.templates.admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._databases.append(name)
        return self.templates.url_for(name)

    async def new_empty_database(self) -> str:
        """A fresh database with no tables; returns its URL."""
        name = f"test_empty_{uuid.uuid4().hex[:10]}"
        await _execute(self.templates.admin_url, f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.templates.url_for(name)

    async def settings_for(
        self, spec: ServiceSpec, *, database_url: str | None = None, **overrides: Any
    ) -> ServiceSettings:
        values: dict[str, Any] = {
            "database_url": database_url or await self.new_database(spec),
            "kafka_bootstrap_servers": self.kafka_bootstrap,
            "kafka_topic_prefix": self.topic_prefix,
            "consumer_assignment": "static",
            "outbox_poll_interval_seconds": 0.5,
            "kafka_request_timeout_ms": 3_000,
            "database_pool_size": 3,
        }
        if self.signing_key_file is not None:
            values["auth_signing_key_file"] = str(self.signing_key_file)
        values.update(overrides)
        return spec.load_settings(**values)

    async def close(self) -> None:
        for name in self._databases:
            await _execute(self.templates.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._databases.clear()
