"""Use cases of an activity's life: schedule, reschedule, hold, approve, return, cancel."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from activity.adapters import roster_facts
from activity.domain.activity import Activity, Organiser, Plan, schedule
from activity.domain.attendance import no_expected_list
from activity.service_layer.attendance import absent_when_held
from activity.service_layer.context import Context
from activity.service_layer.lookups import activity_at, organiser_named, people_named
from activity.service_layer.unit_of_work import ActivityUnitOfWork
from bastion.errors import RuleViolationError
from bastion.handlers import BranchCheck, Done
from bastion_contracts.activity import (
    ActivityApproved,
    ActivityCancelled,
    ActivityHeld,
    ActivityRescheduled,
    ActivityReturned,
    ActivityScheduled,
)
from bastion_contracts.vocabulary import ActivityKind, OrgUnitKind


@dataclass(frozen=True, slots=True)
class ScheduleActivity:
    organiser_id: uuid.UUID
    plan: Plan
    expected_ids: list[uuid.UUID] | None = None  # None: the organiser's members


async def schedule_activity(command: ScheduleActivity, context: Context) -> Done[Activity]:
    async with context.uow as uow:
        organiser = await organiser_named(uow, command.organiser_id)
        plan = command.plan
        named = [m for m in (plan.host_id, plan.recorder_id, plan.lecturer_id) if m is not None]
        await people_named(uow, named, "host_id/recorder_id/lecturer_id")
        await _check_service_post(uow, plan, organiser)
        activity = schedule(organiser, plan, frozenset(context.settings.five_services_tags), context.now)
        expected = await _expected(uow, activity, command.expected_ids)
        await uow.activities.add(activity, expected)
        uow.record(ActivityScheduled(activity=activity.snapshot()))
        await uow.commit()
        return Done(activity, uow.event_ids)


async def _expected(uow: ActivityUnitOfWork, activity: Activity, given: list[uuid.UUID] | None) -> list[uuid.UUID]:
    """The expected list (应到) of a meeting: who was named, else the committee (for its meetings) or the
    organiser's members. Service work has none."""
    if not activity.has_expected_list:
        no_expected_list(activity, given)
        return []
    if given is not None:
        await people_named(uow, given, "expected_ids")
        return given
    organiser = activity.organiser
    if activity.kind is ActivityKind.COMMITTEE_MEETING:
        return await roster_facts.committee_members(uow.session, organiser.id)
    return await roster_facts.party_members_of(
        uow.session, organiser.id, group=organiser.kind is OrgUnitKind.PARTY_GROUP
    )


async def _check_service_post(uow: ActivityUnitOfWork, plan: Plan, organiser: Organiser) -> None:
    if plan.service_post_id is None:
        return
    post = await roster_facts.service_post(uow.session, plan.service_post_id)
    if post is None or post.branch_id != organiser.branch_id:
        raise RuleViolationError("service_post_id：不是本支部的服务岗", code="unknown_service_post")
    if post.closed:
        raise RuleViolationError(f"服务岗「{post.name}」已关闭", code="service_post_closed")


async def reschedule_activity(
    activity_id: uuid.UUID,
    start: datetime,
    end: datetime | None,
    place: str | None,
    reason: str,
    context: Context,
    *,
    allowed: BranchCheck,
) -> Done[Activity]:
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        moved = activity.rescheduled(start, end, place)
        await uow.activities.save(moved)
        uow.record(
            ActivityRescheduled(activity=moved.snapshot(), previous_start=activity.plan.planned_start, reason=reason)
        )
        await uow.commit()
        return Done(moved, uow.event_ids)


async def hold_activity(
    activity_id: uuid.UUID,
    start: datetime | None,
    end: datetime | None,
    minutes: str,
    resolutions: str | None,
    context: Context,
    *,
    allowed: BranchCheck,
) -> Done[Activity]:
    """Record that it took place, with its minutes; whoever expected has no attendance yet is absent."""
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        held = activity.held(start or activity.plan.planned_start, end, minutes, resolutions, context.now)
        await uow.activities.save(held)
        uow.record(ActivityHeld(activity=held.snapshot()))
        await absent_when_held(uow, held)
        await uow.commit()
        return Done(held, uow.event_ids)


async def approve_activity(
    activity_id: uuid.UUID, at: datetime | None, context: Context, *, allowed: BranchCheck
) -> Done[Activity]:
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        approved = activity.approved(at or context.now, context.now)
        await uow.activities.save(approved)
        uow.record(ActivityApproved(activity=approved.snapshot()))
        await uow.commit()
        return Done(approved, uow.event_ids)


async def return_activity(
    activity_id: uuid.UUID, reason: str, context: Context, *, allowed: BranchCheck
) -> Done[Activity]:
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        returned = activity.returned(reason)
        await uow.activities.save(returned)
        uow.record(ActivityReturned(activity=returned.snapshot(), reason=reason))
        await uow.commit()
        return Done(returned, uow.event_ids)


async def cancel_activity(
    activity_id: uuid.UUID, reason: str, context: Context, *, allowed: BranchCheck
) -> Done[Activity]:
    async with context.uow as uow:
        activity = await activity_at(uow, activity_id, for_update=True, allowed=allowed)
        cancelled = activity.cancelled(reason)
        await uow.activities.save(cancelled)
        uow.record(ActivityCancelled(activity=cancelled.snapshot(), reason=reason))
        await uow.commit()
        return Done(cancelled, uow.event_ids)
