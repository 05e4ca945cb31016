"""Batch statements on a real PostgreSQL: every row lands as given, whatever the batch size or column kind."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import ARRAY, Column, DateTime, Integer, MetaData, Table, Text, Uuid, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine

from bastion.db import create_session_factory
from bastion.db.bulk import any_array, batch_insert, execute_batch, unnestable

metadata = MetaData()
scalars = Table(
    "bulk_scalars",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", Text, nullable=True),
    Column("count", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
nested = Table(
    "bulk_nested",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tags", ARRAY(Text), nullable=False),
    Column("seats", JSONB, nullable=False),
)


async def test_scalar_rows_go_in_as_arrays_and_arrive_unchanged(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    at = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    rows = [{"id": uuid.uuid4(), "name": None if n % 3 else f"第{n}", "count": n, "at": at} for n in range(1500)]
    statement = batch_insert(scalars, ["id", "name", "count", "at"])
    assert statement.select is not None  # one INSERT … SELECT FROM unnest(…), not one row per parameter set
    async with create_session_factory(engine)() as session, session.begin():
        await execute_batch(session, statement, rows[1:])
        await execute_batch(session, statement, rows[:1])  # another length, the same statement
    async with engine.connect() as connection:
        stored = {row.id: dict(row._mapping) for row in await connection.execute(select(scalars))}
    assert len(stored) == 1500
    assert all(stored[row["id"]] == row for row in rows)


async def test_rows_with_array_or_json_values_are_not_flattened(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    assert not unnestable(nested, ["id", "tags"])
    assert not unnestable(nested, ["id", "seats"])
    rows = [
        {"id": uuid.uuid4(), "tags": ["a", "b", "c"][: n % 4], "seats": [{"role": "secretary", "n": n}] * (n % 3)}
        for n in range(10)
    ]
    async with create_session_factory(engine)() as session, session.begin():
        await execute_batch(session, batch_insert(nested, ["id", "tags", "seats"]), rows)
    async with engine.connect() as connection:
        stored = {row.id: dict(row._mapping) for row in await connection.execute(select(nested))}
    assert stored == {row["id"]: row for row in rows}


async def test_any_array_finds_the_same_rows_for_any_number_of_values(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    at = datetime(2026, 3, 1, tzinfo=UTC)
    ids = [uuid.uuid4() for _ in range(50)]
    async with create_session_factory(engine)() as session, session.begin():
        await execute_batch(
            session, batch_insert(scalars, ["id", "count", "at"]), [{"id": i, "count": 1, "at": at} for i in ids]
        )
    async with engine.connect() as connection:
        for wanted in (ids[:1], ids[10:40], [*ids[:5], uuid.uuid4()], []):
            found = set(await connection.scalars(select(scalars.c.id).where(scalars.c.id == any_array(wanted, Uuid))))
            assert found == set(wanted) & set(ids)


async def test_rows_are_inserted_in_the_order_given(engine: AsyncEngine) -> None:
    numbered = Table(
        "bulk_numbered",
        MetaData(),
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("name", Text, nullable=False),
    )
    async with engine.begin() as connection:
        await connection.run_sync(numbered.metadata.create_all)
    names = [uuid.uuid4().hex for _ in range(2000)]  # random, so no other order could match by chance
    async with create_session_factory(engine)() as session, session.begin():
        await execute_batch(session, batch_insert(numbered, ["name"]), [{"name": name} for name in names])
    async with engine.connect() as connection:
        stored = list(await connection.scalars(select(numbered.c.name).order_by(numbered.c.id)))
    assert stored == names
