"""Use cases of the recruitment pipeline (发展党员)."""

from __future__ import annotations

import uuid
from datetime import date

from bastion.handlers import Done
from bastion_contracts.roster import (
    ActivistReviewed,
    ApplicationTalkHeld,
    MemberCultivationContactsAssigned,
    MemberSponsorsAssigned,
    MemberStageChanged,
    ProbationExtended,
)
from bastion_contracts.vocabulary import ActivistReviewOutcome, Stage
from roster.domain import pipeline
from roster.domain.member import Member
from roster.service_layer.context import Context
from roster.service_layer.lookups import member_at, named_members


async def advance_stage(member_id: uuid.UUID, to: Stage, on: date, context: Context) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        advanced = pipeline.advance(member, to, on, context.today)
        await uow.members.save(advanced)
        uow.record(MemberStageChanged(member=advanced.snapshot(), previous_stage=member.stage, changed_on=on))
        await uow.commit()
        return Done(advanced, uow.event_ids)


async def assign_sponsors(member_id: uuid.UUID, sponsor_ids: list[uuid.UUID], context: Context) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        sponsors = await named_members(uow, sponsor_ids, "sponsor_ids")
        assigned = pipeline.assign_sponsors(member, sponsors)
        await uow.members.save(assigned)
        uow.record(MemberSponsorsAssigned(member=assigned.snapshot()))
        await uow.commit()
        return Done(assigned, uow.event_ids)


async def assign_cultivation_contacts(
    member_id: uuid.UUID, contact_ids: list[uuid.UUID], context: Context
) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        contacts = await named_members(uow, contact_ids, "contact_ids")
        assigned = pipeline.assign_cultivation_contacts(member, contacts)
        await uow.members.save(assigned)
        uow.record(MemberCultivationContactsAssigned(member=assigned.snapshot()))
        await uow.commit()
        return Done(assigned, uow.event_ids)


async def record_application_talk(
    member_id: uuid.UUID, on: date, talked_by_id: uuid.UUID | None, context: Context
) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        if talked_by_id is not None:
            await named_members(uow, [talked_by_id], "talked_by_id")
        talked = pipeline.record_application_talk(member, on, context.today)
        await uow.members.save(talked)
        uow.record(ApplicationTalkHeld(member=talked.snapshot(), held_on=on, talked_by_id=talked_by_id))
        await uow.commit()
        return Done(talked, uow.event_ids)


async def record_activist_review(
    member_id: uuid.UUID, on: date, outcome: ActivistReviewOutcome, context: Context
) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        reviewed = pipeline.record_activist_review(member, on, context.today)
        await uow.members.save(reviewed)
        uow.record(
            ActivistReviewed(
                member=reviewed.snapshot(),
                reviewed_on=on,
                outcome=outcome,
                contact_ids=list(reviewed.cultivation_contact_ids),
            )
        )
        await uow.commit()
        return Done(reviewed, uow.event_ids)


async def extend_probation(member_id: uuid.UUID, months: int, context: Context) -> Done[Member]:
    async with context.uow as uow:
        member = await member_at(uow, member_id, for_update=True)
        extended = pipeline.extend_probation(member, months)
        await uow.members.save(extended)
        uow.record(ProbationExtended(member=extended.snapshot(), months=months))
        await uow.commit()
        return Done(extended, uow.event_ids)
