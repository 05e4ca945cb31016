"""Pytest fixtures for Bastion: real servers per session, fresh databases and topics per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bastion.auth.tokens import ensure_signing_key
from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.postgres import EmbeddedPostgres
from bastion.devstack.processes import free_port
from bastion.testing.identity_provider import MockIdentityProvider
from bastion.testing.network import ReachableBroker
from bastion.testing.stack import DatabaseTemplates, TestStack


def _work_dir() -> Path:
    # Inside the project (git-ignored): the PostgreSQL server user must be able to reach it.
    path = Path(os.environ.get("BASTION_TEST_DIR", ".bastion/test")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def test_work_dir() -> Path:
    return _work_dir()


@pytest.fixture(scope="session")
def postgres_admin_url(test_work_dir: Path) -> Iterator[str]:
    """Admin URL of a PostgreSQL server where tests may create databases."""
    configured = os.environ.get("BASTION_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    server = EmbeddedPostgres(
        test_work_dir / f"pg-{uuid.uuid4().hex[:8]}",
        free_port(),
        durable=False,
        log_path=test_work_dir / "postgres.log",
    )
    server.start()
    try:
        yield server.url
    finally:
        server.destroy()


@pytest.fixture(scope="session")
def database_templates(postgres_admin_url: str) -> Iterator[DatabaseTemplates]:
    templates = DatabaseTemplates(postgres_admin_url)
    yield templates
    templates.drop_all()


@pytest.fixture(scope="session")
def kafka_bootstrap(test_work_dir: Path) -> Iterator[str]:
    """Bootstrap servers of the session's broker."""
    configured = os.environ.get("BASTION_TEST_KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    broker = EmbeddedBroker(free_port(), log_path=test_work_dir / "broker.log")
    broker.start()
    try:
        yield broker.bootstrap_servers
    finally:
        broker.stop()


@pytest.fixture
def own_broker(test_work_dir: Path) -> Iterator[EmbeddedBroker]:
    """A broker of this test's own, which the test may stop and start."""
    broker = EmbeddedBroker(free_port(), log_path=test_work_dir / "own-broker.log")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def own_postgres(test_work_dir: Path) -> Iterator[EmbeddedPostgres]:
    """A PostgreSQL server of this test's own, which the test may stop (fast or crash-like) and start
    again on the same port and data; durable (fsync on), as a production server would be. Create a
    service's database on it with :func:`bastion.testing.stack.migrated_database`."""
    server = EmbeddedPostgres(
        test_work_dir / f"own-pg-{uuid.uuid4().hex[:8]}", free_port(), log_path=test_work_dir / "own-postgres.log"
    )
    server.start()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def unreachable_broker(test_work_dir: Path) -> Iterator[ReachableBroker]:
    """A broker of this test's own behind a proxy whose link the test may cut and restore."""
    broker = ReachableBroker(log_path=test_work_dir / "proxied-broker.log")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def identity_provider(test_work_dir: Path) -> Iterator[MockIdentityProvider]:
    """A real OpenID Connect provider (oidc-provider-mock) for the session; tests add people with unique subjects."""
    provider = MockIdentityProvider(log_path=test_work_dir / "identity-provider.log").start()
    try:
        yield provider
    finally:
        provider.stop()


@pytest.fixture
def topic_prefix() -> str:
    """Unique per test, so tests never read each other's events."""
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture(scope="session")
def signing_key_file(test_work_dir: Path) -> Path:
    """The embedded token issuer's key for this test session (services verify, tests mint with it)."""
    return ensure_signing_key(test_work_dir / f"auth-{uuid.uuid4().hex[:8]}" / "signing-key.pem")


@pytest.fixture
async def stack(
    database_templates: DatabaseTemplates, kafka_bootstrap: str, topic_prefix: str, signing_key_file: Path
) -> AsyncIterator[TestStack]:
    test_stack = TestStack(database_templates, kafka_bootstrap, topic_prefix, signing_key_file)
    try:
        yield test_stack
    finally:
        await test_stack.close()
