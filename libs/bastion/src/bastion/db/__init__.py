"""Database access: one async engine per process, sessions, kit tables, migrations."""

from bastion.db.engine import asyncpg_dsn, create_engine, create_session_factory, normalise_url

__all__ = ["asyncpg_dsn", "create_engine", "create_session_factory", "normalise_url"]
