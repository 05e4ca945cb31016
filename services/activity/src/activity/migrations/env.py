"""Alembic environment of activity's database."""

from activity.adapters.orm import metadata
from bastion.db.migrations import run_env
from bastion.db.tables import kit_metadata

run_env([metadata, kit_metadata])
