"""Each service's migrations build exactly the tables its code declares, and can be undone."""

from __future__ import annotations

import importlib

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, inspect

from bastion.db import create_engine
from bastion.db.migrations import alembic_config, upgrade_to_head
from bastion.db.tables import kit_metadata
from bastion.service import ServiceSpec, discover_services
from bastion.testing import TestStack

SERVICES = discover_services()


def declared_metadata(spec: ServiceSpec) -> list[MetaData]:
    orm = importlib.import_module(f"{spec.name}.adapters.orm")
    return [orm.metadata, kit_metadata]


@pytest.mark.parametrize("spec", SERVICES.values(), ids=SERVICES.keys())
async def test_migrated_schema_matches_the_declared_tables(stack: TestStack, spec: ServiceSpec) -> None:
    engine = create_engine(await stack.new_database(spec))

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, declared_metadata(spec)))  # type: ignore[arg-type]

    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert diff == []


@pytest.mark.parametrize("spec", SERVICES.values(), ids=SERVICES.keys())
async def test_migrations_downgrade_to_nothing_and_upgrade_again(stack: TestStack, spec: ServiceSpec) -> None:
    url = await stack.new_database(spec)
    engine = create_engine(url)

    def downgrade(connection: Connection) -> list[str]:
        config = alembic_config(spec.migrations)
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        return [name for name in inspect(connection).get_table_names() if name != "alembic_version"]

    try:
        async with engine.begin() as connection:
            left = await connection.run_sync(downgrade)
        await upgrade_to_head(spec.migrations, url)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
    finally:
        await engine.dispose()
    assert left == []
    assert {"outbox", "consumer_offsets"} <= tables
