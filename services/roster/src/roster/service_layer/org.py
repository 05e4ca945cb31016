"""Use cases of the organisation tree: create, rename, move, dissolve."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from bastion.errors import RuleViolationError
from bastion.handlers import Done
from bastion_contracts.roster import OrgUnitCreated, OrgUnitDissolved, OrgUnitMoved, OrgUnitRenamed
from bastion_contracts.vocabulary import OrgUnitKind
from roster.domain.org import OrgUnit, new_org_unit
from roster.service_layer.context import Context
from roster.service_layer.lookups import named_org_unit, org_unit_at


@dataclass(frozen=True, slots=True)
class CreateOrgUnit:
    kind: OrgUnitKind
    name: str
    parent_id: uuid.UUID | None
    established_on: date | None = None  # default: today


async def create_org_unit(command: CreateOrgUnit, context: Context) -> Done[OrgUnit]:
    async with context.uow as uow:
        parent = None
        if command.parent_id is not None:
            parent = await named_org_unit(uow, command.parent_id, "parent_id")
        established_on = command.established_on or context.today
        unit = new_org_unit(command.kind, command.name, parent, context.now, established_on, context.today)
        await uow.org_units.add(unit)
        uow.record(OrgUnitCreated(org_unit=unit.snapshot()))
        await uow.commit()
        return Done(unit, uow.event_ids)


async def rename_org_unit(unit_id: uuid.UUID, name: str, context: Context) -> Done[OrgUnit]:
    async with context.uow as uow:
        unit = await org_unit_at(uow, unit_id, for_update=True)
        renamed = unit.renamed(name)
        await uow.org_units.save(renamed)
        uow.record(OrgUnitRenamed(org_unit=renamed.snapshot(), previous_name=unit.name))
        await uow.commit()
        return Done(renamed, uow.event_ids)


async def move_org_unit(unit_id: uuid.UUID, parent_id: uuid.UUID, context: Context) -> Done[OrgUnit]:
    async with context.uow as uow:
        unit = await org_unit_at(uow, unit_id, for_update=True)
        parent = await named_org_unit(uow, parent_id, "parent_id")
        moved = unit.moved_under(parent)
        await uow.org_units.save(moved)
        await uow.org_units.rebase_descendants(moved, unit.path_ids)
        uow.record(OrgUnitMoved(org_unit=moved.snapshot(), previous_parent_id=unit.parent_id))
        await uow.commit()
        return Done(moved, uow.event_ids)


async def dissolve_org_unit(unit_id: uuid.UUID, on: date | None, context: Context) -> Done[OrgUnit]:
    async with context.uow as uow:
        unit = await org_unit_at(uow, unit_id, for_update=True)
        day = on or context.today
        if day > context.today:
            raise RuleViolationError("撤销日期不能晚于今天", code="date_in_future")
        dissolved = unit.dissolved(
            day,
            active_children=await uow.org_units.count_active_children(unit.id),
            active_people=await uow.org_units.count_active_people(unit.id),
        )
        await uow.org_units.save(dissolved)
        uow.record(OrgUnitDissolved(org_unit=dissolved.snapshot(), dissolved_on=day))
        await uow.commit()
        return Done(dissolved, uow.event_ids)
