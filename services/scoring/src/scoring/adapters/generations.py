"""Projection generations: one PostgreSQL schema each; one is live (serves reads), a rebuild builds the next.

Names are ``gen_<n>``. A schema's tables come from the ``projection`` metadata; connections map the
symbolic schema "projection" (and, for a generation's own consumer, the kit's tables) onto it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.util import LRUCache

from bastion.clock import utc_now
from bastion.errors import ConflictError
from scoring.adapters.orm import PROJECTION_SCHEMA, PROJECTION_VERSION, generations, projection

_NAME = re.compile(r"^gen_[0-9]+$")
_LOCK = 7357001
_CACHES = {True: LRUCache[Any, Any](500), False: LRUCache[Any, Any](500)}  # advisory lock key: creating generations


@dataclass(frozen=True, slots=True)
class Generation:
    name: str
    state: str  # building | live | retired
    created_at: datetime
    switched_at: datetime | None
    projection_version: int = 1  # of the code that built it (see PROJECTION_VERSION)


def checked(name: str) -> str:
    """A generation name, refused unless it is ``gen_<n>`` (it ends up in SQL as a schema name)."""
    if not _NAME.match(name):
        raise ValueError(f"not a generation name: {name!r}")
    return name


def for_generation(engine: AsyncEngine, name: str, *, kit_tables: bool) -> AsyncEngine:
    """The engine whose connections see generation ``name``: its projection tables, and with
    ``kit_tables`` also its consumer's offsets and processed ids (the outbox stays in public)."""
    mapping: dict[str | None, str | None] = {PROJECTION_SCHEMA: checked(name)}
    if kit_tables:
        mapping[None] = name
    # SQLAlchemy caches a compiled statement with the placeholders of the first map's keys; statements
    # seen with another set of keys (or none) need a cache of their own.
    return engine.execution_options(schema_translate_map=mapping, compiled_cache=_CACHES[kit_tables])


async def all_generations(engine: AsyncEngine) -> list[Generation]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(generations).order_by(generations.c.created_at))
    return [Generation(r.name, r.state, r.created_at, r.switched_at, r.projection_version or 1) for r in rows]


async def create(engine: AsyncEngine, state: str, note: str = "") -> Generation:
    """A new, empty generation (its schema and tables), numbered after the last one."""
    async with engine.begin() as connection:
        return await _create(connection, state, note)


async def _create(connection: AsyncConnection, state: str, note: str) -> Generation:
    # Numbering and creating under one lock: two rebuilds (or replicas) never pick the same name.
    await connection.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))
    last = await connection.scalar(
        select(func.max(func.cast(func.substr(generations.c.name, 5), Integer)))  # "gen_<n>"
    )
    name, now = f"gen_{(last or 0) + 1}", utc_now()
    await connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{name}"'))
    mapped = await connection.execution_options(schema_translate_map={PROJECTION_SCHEMA: name})
    await mapped.run_sync(projection.create_all)
    await connection.execute(
        insert(generations).values(
            name=name, state=state, created_at=now, note=note, projection_version=PROJECTION_VERSION
        )
    )
    return Generation(name, state, now, None, PROJECTION_VERSION)


async def ensure_live(engine: AsyncEngine) -> str:
    """The live generation's name, creating the first one if there is none."""
    async with engine.begin() as connection:
        # One creator at a time: replicas starting together must not make two first generations.
        await connection.execute(text(f"SELECT pg_advisory_xact_lock({_LOCK})"))
        live = await connection.scalar(select(generations.c.name).where(generations.c.state == "live"))
        if live:
            # Tables added to the projection since the generation was built (empty ones, like dead letters)
            # are created; a change to an existing table needs a rebuild.
            mapped = await connection.execution_options(schema_translate_map={PROJECTION_SCHEMA: checked(live)})
            await mapped.run_sync(projection.create_all)
            return str(live)
        return (await _create(connection, "live", "first generation")).name


async def switch_to(engine: AsyncEngine, name: str) -> None:
    """Make a built generation live and retire the one it replaces, in one transaction."""
    async with engine.begin() as connection:
        state = await connection.scalar(select(generations.c.state).where(generations.c.name == name).with_for_update())
        if state != "building":
            raise ConflictError(f"{name} is {state or 'unknown'}, not building", code="generation_not_building")
        now = utc_now()
        await connection.execute(
            update(generations).where(generations.c.state == "live").values(state="retired", switched_at=now)
        )
        await connection.execute(
            update(generations).where(generations.c.name == name).values(state="live", switched_at=now)
        )


async def retire(engine: AsyncEngine, name: str, note: str) -> None:
    """Set aside a generation that was built but not switched to (a dry run, or a failed rebuild)."""
    async with engine.begin() as connection:
        await connection.execute(
            update(generations)
            .where(generations.c.name == name, generations.c.state == "building")
            .values(state="retired", note=note)
        )


async def drop(engine: AsyncEngine, name: str) -> None:
    """Remove a retired generation's schema (its row stays, as history)."""
    async with engine.begin() as connection:
        state = await connection.scalar(select(generations.c.state).where(generations.c.name == name))
        if state != "retired":
            raise ConflictError(
                f"only a retired generation can be dropped; {name} is {state}", code="generation_in_use"
            )
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        await connection.execute(update(generations).where(generations.c.name == name).values(note="dropped"))


async def live_bookkeeping(engine: AsyncEngine) -> AsyncEngine:
    """Where the live generation's consumer keeps its offsets, processed ids and dead letters."""
    return for_generation(engine, await ensure_live(engine), kit_tables=True)
