"""The process's one ``AsyncEngine`` and its session factory."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def normalise_url(url: str | URL) -> URL:
    """Accept ``postgresql://`` or ``postgres://`` and use the asyncpg driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    return parsed


def asyncpg_dsn(url: str | URL) -> str:
    """The same database as a plain ``postgresql://`` DSN, for raw asyncpg connections."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_engine(url: str | URL, *, pool_size: int = 10, application_name: str = "bastion") -> AsyncEngine:
    return create_async_engine(
        normalise_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"server_settings": {"application_name": application_name}},
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: objects stay readable after commit; we never lazy-load.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
