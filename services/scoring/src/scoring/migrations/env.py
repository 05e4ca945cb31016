"""Alembic environment of scoring's database."""

from bastion.db.migrations import run_env
from bastion.db.tables import kit_metadata
from scoring.adapters.orm import metadata

run_env([metadata, kit_metadata])
