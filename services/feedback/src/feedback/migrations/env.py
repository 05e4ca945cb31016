"""Alembic environment of feedback's database."""

from bastion.db.migrations import run_env
from bastion.db.tables import kit_metadata
from feedback.adapters.orm import metadata

run_env([metadata, kit_metadata])
