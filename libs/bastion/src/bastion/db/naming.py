"""How constraints and indexes are named in every service's tables.

Named constraints let a later migration refer to one by a name it can know in advance; one convention
for every service keeps the names alike, so a reader of one database reads them all.
"""

from __future__ import annotations

from sqlalchemy import MetaData

NAMING_CONVENTION = {
    "ix": "%(table_name)s_%(column_0_N_name)s_idx",
    "uq": "%(table_name)s_%(column_0_N_name)s_uq",
    "ck": "%(table_name)s_%(constraint_name)s_ck",
    "fk": "%(table_name)s_%(column_0_name)s_fk",
    "pk": "%(table_name)s_pk",
}


def service_metadata() -> MetaData:
    """A service's own ``MetaData``, naming its constraints by the shared convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)
