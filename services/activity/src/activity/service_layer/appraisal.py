"""Use cases of 民主评议党员 results: the grades a held member appraisal decided, and the sheet of them.

Every grade that changes records one ``AppraisalRecorded``, self-contained (the meeting, its date and
year, the member, the grade and the one it replaces). Handlers lock the activity's row, so one
meeting's grades are written one request at a time and the third of 优秀 holds.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from activity.adapters import roster_facts
from activity.domain import appraisal
from activity.domain.activity import Activity
from activity.domain.appraisal import Appraisee, Grade, Graded
from activity.service_layer.context import Context
from activity.service_layer.lookups import activity_at
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.clock import local_day
from bastion.errors import RuleViolationError
from bastion.handlers import BranchCheck, Done
from bastion_contracts.activity import AppraisalRecorded
from bastion_contracts.vocabulary import ActivityKind, Stage


@dataclass(frozen=True, slots=True)
class AppraisalSheet:
    """A member appraisal's grades, and the branch's full members still without one."""

    activity: Activity
    grades: Mapping[uuid.UUID, Grade]
    people: Mapping[uuid.UUID, Appraisee]
    ungraded: tuple[uuid.UUID, ...]

    @property
    def held(self) -> bool:
        return self.activity.held_start is not None


async def _people(uow: ActivityUnitOfWork, member_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Appraisee]:
    rows = await roster_facts.people(uow.session, list(dict.fromkeys(member_ids)))
    return {m: Appraisee(row.name, row.branch_id, Stage(row.stage), row.status == "active") for m, row in rows.items()}


async def _sheet(uow: ActivityUnitOfWork, activity: Activity) -> AppraisalSheet:
    grades = await uow.appraisal.grades(activity.id)
    members = await roster_facts.party_members_of(uow.session, activity.organiser.branch_id, group=False)
    people = await _people(uow, [*grades, *members])
    ungraded = tuple(m for m in members if m not in grades and people[m].stage is Stage.FULL)
    return AppraisalSheet(activity, grades, people, ungraded)


async def appraisal_sheet(activity_id: uuid.UUID, uow: ActivityUnitOfWork, *, allowed: BranchCheck) -> AppraisalSheet:
    """The grades of a member appraisal (民主评议党员), by member."""
    async with uow:
        activity = await activity_at(uow, activity_id, allowed=allowed)
        if activity.kind is not ActivityKind.MEMBER_APPRAISAL:
            raise RuleViolationError(
                f"「{activity.plan.title}」是{activity.kind.label_zh}，没有民主评议结果", code="not_member_appraisal"
            )
        return await _sheet(uow, activity)


async def record_grades(
    activity_id: uuid.UUID, requests: Sequence[Graded], context: Context, *, allowed: BranchCheck
) -> Done[AppraisalSheet]:
    """The grades the meeting decided (all or nothing); a grade equal to the current one is skipped."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        appraisal.require_open(activity)
        current = await uow.appraisal.grades(activity.id)
        people = await _people(uow, [r.member_id for r in requests])
        changes = appraisal.recorded(activity, requests, people, current, context.now)
        await uow.appraisal.save([change.grade for change in changes])
        held_on = local_day(activity.start, context.settings.timezone)
        for change in changes:
            uow.record(
                AppraisalRecorded(
                    activity_id=activity.id,
                    activity_title=activity.plan.title,
                    branch_id=activity.organiser.branch_id,
                    member_id=change.grade.member_id,
                    grade=change.grade.grade,
                    previous_grade=change.previous,
                    held_on=held_on,
                    year=held_on.year,
                ),
                time=change.grade.recorded_at,
            )
        sheet = await _sheet(uow, activity)
        await uow.commit()
        return Done(sheet, uow.event_ids)
