"""Writing a batch of rows as one statement whose text does not depend on the number of rows.

``INSERT … SELECT * FROM unnest(:a, :b, …)`` sends one array per column. Measured for the consumers
(facts.md, bench/): a thousand-row ``VALUES`` list is rendered anew for every batch, which cost more
than running it; ``executemany`` has the driver and SQLAlchemy handle each row in Python; the arrays
are encoded by the driver in C and the statement is compiled once and cached.

``unnest`` cannot carry array or JSON columns (a list value would be flattened into more rows): tables
with one fall back to ``executemany`` of the plain insert.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ARRAY, JSON, Table, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

Row = Mapping[str, Any]


def batch_insert(table: Table, columns: Sequence[str]) -> Insert:
    """``INSERT INTO table (columns)`` of the rows given to :func:`execute_batch` (add ``ON CONFLICT`` to it)."""
    if not unnestable(table, columns):
        return insert(table)
    arrays = [bindparam(f"batch_{name}", type_=ARRAY(table.c[name].type)) for name in columns]
    rows = func.unnest(*arrays).table_valued(*columns, name="batch", with_ordinality="position").render_derived()
    # In the rows' order: serial ids follow it (the outbox publishes by id), and upserts given sorted rows
    # take their locks in that order.
    ordered = select(*(rows.c[name] for name in columns)).order_by(rows.c.position)
    return insert(table).from_select(list(columns), ordered)


async def execute_batch(session: AsyncSession, statement: Insert, rows: Sequence[Row]) -> None:
    """Run a :func:`batch_insert` statement for ``rows`` (every row has the statement's columns)."""
    if not rows:
        return
    if statement.select is None:
        await session.execute(statement, list(rows))
        return
    await session.execute(statement, batch_parameters(rows))


def batch_parameters(rows: Sequence[Row]) -> dict[str, list[Any]]:
    """The arrays a :func:`batch_insert` statement takes, one per column (for it inside another statement)."""
    return {f"batch_{name}": [row[name] for row in rows] for name in rows[0]}


def any_array(values: Sequence[Any], item_type: type[TypeEngine[Any]] | TypeEngine[Any]) -> Any:
    """``= ANY(:array)``: one parameter for a list of any length, where ``IN`` would render one per value
    (a new statement text, and a new prepared statement in the driver, for every length)."""
    return any_(bindparam(None, list(values), type_=ARRAY(item_type)))


def unnestable(table: Table, columns: Sequence[str]) -> bool:
    """Whether every column holds scalars: an array or JSON value would be taken for more rows."""
    return not any(isinstance(table.c[name].type, (ARRAY, JSON)) for name in columns)
