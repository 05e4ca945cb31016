"""Scoring's projection tables.

Facts are keyed by their identity and carry the ``sequence`` of the event that last wrote
them: a fact only moves forward, so the same events in any order give the same table.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, MetaData, Table, Text, Uuid

metadata = MetaData()

member_facts = Table(
    "member_facts",
    metadata,
    Column("member_id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("education", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("sequence", BigInteger, nullable=False, comment="sequence of the event that last wrote this row"),
    Index("member_facts_branch_idx", "branch_id"),
)
