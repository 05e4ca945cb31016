"""Alembic, driven from code: one migration history per service, run by ``bastion migrate``.

A service's ``migrations/env.py`` is two lines that call :func:`run_env`. Migrations run on a
connection the caller opens (so async callers need no second event loop), or, when Alembic's
own command line runs them, on an engine made from ``sqlalchemy.url``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from alembic import command, context
from alembic.config import Config
from sqlalchemy import Connection, MetaData, pool
from sqlalchemy.ext.asyncio import create_async_engine

from bastion.db.engine import normalise_url


def alembic_config(script_location: str, url: str | None = None) -> Config:
    """``script_location`` in package form, e.g. ``"roster:migrations"``."""
    config = Config()
    config.set_main_option("script_location", script_location)
    if url is not None:
        # ConfigParser treats '%' as interpolation; passwords may contain it.
        config.set_main_option("sqlalchemy.url", normalise_url(url).render_as_string(False).replace("%", "%%"))
    return config


async def upgrade_to_head(script_location: str, url: str) -> None:
    """Apply every pending migration of one service to its database."""
    engine = create_async_engine(normalise_url(url), poolclass=pool.NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_on, alembic_config(script_location))
    finally:
        await engine.dispose()


def _upgrade_on(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def run_env(target_metadata: MetaData | Sequence[MetaData]) -> None:
    """The body of every service's ``env.py``."""
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection, target_metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no connection and no sqlalchemy.url: run migrations with `bastion migrate`")
    asyncio.run(_run_with_new_engine(url, target_metadata))


async def _run_with_new_engine(url: str, target_metadata: MetaData | Sequence[MetaData]) -> None:
    engine = create_async_engine(normalise_url(url), poolclass=pool.NullPool)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run_on, target_metadata)
    finally:
        await engine.dispose()


def _run_on(connection: Connection, target_metadata: MetaData | Sequence[MetaData]) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
