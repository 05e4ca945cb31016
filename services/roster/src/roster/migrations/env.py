"""Alembic environment of roster's database."""

from bastion.db.migrations import run_env
from bastion.db.tables import kit_metadata
from roster.adapters.orm import metadata

run_env([metadata, kit_metadata])
