"""Activity's unit of work: the kit's transaction and outbox, plus activity's repositories."""

from __future__ import annotations

from typing import Self

from activity.adapters.activity_repository import ActivityRepository
from activity.adapters.appraisal_repository import AppraisalRepository
from activity.adapters.attendance_repository import AttendanceRepository
from activity.adapters.service_work_repository import ServiceWorkRepository
from bastion.outbox import UnitOfWork


class ActivityUnitOfWork(UnitOfWork):
    activities: ActivityRepository
    attendance: AttendanceRepository
    appraisal: AppraisalRepository
    service_work: ServiceWorkRepository

    async def __aenter__(self) -> Self:
        await super().__aenter__()
        self.activities = ActivityRepository(self.session)
        self.attendance = AttendanceRepository(self.session)
        self.appraisal = AppraisalRepository(self.session)
        self.service_work = ServiceWorkRepository(self.session)
        return self
