"""The demo's branch records: committee, served departments, service posts, reserve, dues, honours."""

from __future__ import annotations

from datetime import date
from typing import Any

from bastion_demo.api import Api
from bastion_demo.organisation import DemoBranch


async def load_branch_records(
    roster: Api, branch: DemoBranch, branch_id: str, people: dict[str, dict[str, Any]], today: date
) -> None:
    """Filled in as roster's endpoints for these records land."""
    return None
