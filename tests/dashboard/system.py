"""The system the dashboard is tested against: the four services as processes (``bastion serve``), set up
for the page that scoring serves.

Every service must allow scoring's origin (CORS) and scoring must be told where the other three are; a
process's port is known only once it is made, so the services are started here rather than by
:func:`tests.faults.services.running_services`, whose settings are fixed before the ports.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bastion.testing import ServiceProcess, TestStack
from bastion_demo.api import Api
from tests.faults.services import SPECS, Services


@dataclass
class Demo:
    """The running system with the demo organisation: where things are, and an admin's token."""

    services: Services
    token: str
    committee_id: str
    branch_ids: dict[str, str]  # name -> id, e.g. "四支部"
    apis: dict[str, Api] = field(default_factory=dict)  # admin clients of the four services

    @property
    def timezone(self) -> str:
        """The organisation's time zone (the day a suggestion was decided on is reckoned in it)."""
        return self.services.settings["feedback"].timezone

    @property
    def dashboard_url(self) -> str:
        return f"{self.services.urls['scoring']}/dashboard/"


@asynccontextmanager
async def dashboard_services(stack: TestStack, log_dir: Path) -> AsyncIterator[Services]:
    """The four services, every one allowing scoring's origin and scoring knowing the others' URLs."""
    databases = {name: await stack.settings_for(spec) for name, spec in SPECS.items()}
    processes = {name: ServiceProcess(name, databases[name], log_dir=log_dir) for name in SPECS}
    urls = {name: process.url for name, process in processes.items()}
    for name, spec in SPECS.items():
        own: dict[str, Any] = {"dashboard_services": urls} if name == "scoring" else {}
        processes[name].settings = await stack.settings_for(
            spec,
            database_url=databases[name].require_database_url(),
            cors_allowed_origins=[urls["scoring"]],
            **own,
        )
    try:
        await asyncio.gather(*(process.started(timeout=60) for process in processes.values()))
        yield Services({name: process.settings for name, process in processes.items()}, processes)
    finally:
        await asyncio.gather(*(asyncio.to_thread(process.stop) for process in processes.values()))
