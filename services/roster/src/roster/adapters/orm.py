"""Roster's tables."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, MetaData, Table, Text, Uuid

metadata = MetaData()

members = Table(
    "members",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("branch_id", Uuid, nullable=False),
    Column("name", Text, nullable=False),
    Column("birth_date", Date, nullable=False),
    Column("education", Text, nullable=False),
    Column("registered_at", DateTime(timezone=True), nullable=False),
    Index("members_branch_idx", "branch_id"),
)
