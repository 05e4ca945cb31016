"""Scoring's settings: the kit's, read with the ``SCORING_`` prefix."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field

from bastion.settings import ServiceSettings, settings_config


class ScoringSettings(ServiceSettings):
    service_name: ClassVar[str] = "scoring"
    default_http_port: ClassVar[int] = 8004
    model_config = settings_config("scoring")

    rule_sets_directory: Path | None = Field(
        default=None, description="A folder of rule set YAML files; default: the sets shipped with Bastion."
    )
    dashboard_services: dict[str, str] = Field(
        default_factory=dict,
        description="Where the dashboard's page finds each service's API, a JSON object such as "
        '{"roster": "http://127.0.0.1:8001", "activity": …, "feedback": …, "scoring": …} (`bastion dev` sets it).',
    )
    read_wait_max_seconds: float = Field(
        default=2.0, gt=0, le=10, description="Longest a read may wait for named events to be applied."
    )
