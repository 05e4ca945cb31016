"""Structure statistics (结构统计): the report's picture of a branch, for any org unit."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter

from bastion.clock import local_today
from bastion.http import RuntimeDep
from bastion_contracts.vocabulary import OrgUnitKind
from roster.adapters.queries import members_under
from roster.adapters.statistics_queries import committee_completeness
from roster.domain.statistics import committees, structure
from roster.entrypoints.api.access import Anyone
from roster.entrypoints.api.schemas.statistics import StatisticsPublic
from roster.service_layer.lookups import org_unit_at
from roster.service_layer.unit_of_work import RosterUnitOfWork

router = APIRouter(tags=["statistics"])


@router.get("/org-units/{unit_id}/statistics", responses={404: {"description": "No such org unit"}})
async def unit_statistics(
    unit_id: uuid.UUID, runtime: RuntimeDep, principal: Anyone, as_of: date | None = None
) -> StatisticsPublic:
    """Structure of the Party membership at or below a unit: birth decades, education, age, gender,
    class, the recruitment funnel, and whether branch committees are in place.

    Only Party members (probationary and full) count in the decade, education, age and gender
    figures; shares are of them. The roster is taken as it stands now; ``as_of`` (default today)
    is the day ages are reckoned on. Aggregate figures without personal data: open to every role.
    """
    async with RosterUnitOfWork(runtime.sessions) as uow:
        unit = await org_unit_at(uow, unit_id)
    as_of = as_of or local_today(runtime.settings.timezone)
    async with runtime.engine.connect() as connection:
        people = await members_under(connection, unit_id)
        by_branch = await committee_completeness(connection, unit_id, people)
    return StatisticsPublic.of(
        unit.id,
        unit.kind,
        structure(people, as_of),
        committees(by_branch, unit_is_branch=unit.kind is OrgUnitKind.BRANCH),
    )
