"""Service records, learning hours, QC projects and compliance rules."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from activity.adapters.orm import activities, compliance_rules, learning_hours, qc_projects, service_records
from activity.domain.compliance import PeriodKind, Rule
from activity.domain.service_work import LearningRecord, QcProject, ServiceRecord
from bastion_contracts.vocabulary import ActivityKind

_SERVICE_COLUMNS = (
    service_records,
    activities.c.kind,
    activities.c.branch_id,
    activities.c.service_post_id,
)


def _service_record(row: Any) -> ServiceRecord:
    return ServiceRecord(
        id=row.id,
        activity_id=row.activity_id,
        kind=ActivityKind(row.kind),
        branch_id=row.branch_id,
        service_post_id=row.service_post_id,
        department_ids=tuple(row.department_ids),
        member_ids=tuple(row.member_ids),
        hours=row.hours,
        served_at=row.served_at,
    )


def _learning_record(row: Any) -> LearningRecord:
    return LearningRecord(
        id=row.id,
        member_id=row.member_id,
        branch_id=row.branch_id,
        hours=row.hours,
        learned_on=row.learned_on,
        topic=row.topic,
        activity_id=row.activity_id,
    )


def _qc_project(row: Any) -> QcProject:
    return QcProject(
        id=row.id,
        branch_id=row.branch_id,
        title=row.title,
        leader_id=row.leader_id,
        member_ids=tuple(row.member_ids),
        registered_on=row.registered_on,
        closed_on=row.closed_on,
        award=row.award,
    )


class ServiceWorkRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # --- service records ---

    async def add_service(self, record: ServiceRecord) -> None:
        await self._session.execute(
            insert(service_records).values(
                id=record.id,
                activity_id=record.activity_id,
                department_ids=list(record.department_ids),
                member_ids=list(record.member_ids),
                hours=record.hours,
                served_at=record.served_at,
            )
        )

    async def get_service(self, record_id: uuid.UUID) -> ServiceRecord | None:
        query = select(*_SERVICE_COLUMNS).join(activities).where(service_records.c.id == record_id)
        row = (await self._session.execute(query)).one_or_none()
        return _service_record(row) if row else None

    async def services_of(self, activity_id: uuid.UUID) -> list[ServiceRecord]:
        """An activity's service records, oldest service first."""
        query = (
            select(*_SERVICE_COLUMNS)
            .join(activities)
            .where(service_records.c.activity_id == activity_id)
            .order_by(service_records.c.served_at, service_records.c.id)
        )
        return [_service_record(row) for row in await self._session.execute(query)]

    # --- learning hours ---

    async def add_learning(self, record: LearningRecord) -> None:
        await self._session.execute(
            insert(learning_hours).values(
                id=record.id,
                member_id=record.member_id,
                branch_id=record.branch_id,
                hours=record.hours,
                learned_on=record.learned_on,
                topic=record.topic,
                activity_id=record.activity_id,
            )
        )

    async def get_learning(self, record_id: uuid.UUID) -> LearningRecord | None:
        row = (
            await self._session.execute(select(learning_hours).where(learning_hours.c.id == record_id))
        ).one_or_none()
        return _learning_record(row) if row else None

    async def learning_of(self, member_id: uuid.UUID, year: int) -> list[LearningRecord]:
        """A member's learning records in a calendar year, by date."""
        query = (
            select(learning_hours)
            .where(
                learning_hours.c.member_id == member_id,
                learning_hours.c.learned_on >= date(year, 1, 1),
                learning_hours.c.learned_on < date(year + 1, 1, 1),
            )
            .order_by(learning_hours.c.learned_on, learning_hours.c.id)
        )
        return [_learning_record(row) for row in await self._session.execute(query)]

    # --- QC projects ---

    async def add_qc(self, project: QcProject) -> None:
        await self._session.execute(insert(qc_projects).values(**self._qc_values(project)))

    async def save_qc(self, project: QcProject) -> None:
        values = self._qc_values(project)
        await self._session.execute(update(qc_projects).where(qc_projects.c.id == project.id).values(**values))

    @staticmethod
    def _qc_values(project: QcProject) -> dict[str, Any]:
        return {
            "id": project.id,
            "branch_id": project.branch_id,
            "title": project.title,
            "leader_id": project.leader_id,
            "member_ids": list(project.member_ids),
            "registered_on": project.registered_on,
            "closed_on": project.closed_on,
            "award": project.award,
        }

    async def get_qc(self, project_id: uuid.UUID, *, for_update: bool = False) -> QcProject | None:
        query = select(qc_projects).where(qc_projects.c.id == project_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        return _qc_project(row) if row else None

    async def qc_of_branch(self, branch_id: uuid.UUID) -> list[QcProject]:
        """A branch's QC projects, newest registration first."""
        query = (
            select(qc_projects)
            .where(qc_projects.c.branch_id == branch_id)
            .order_by(qc_projects.c.registered_on.desc(), qc_projects.c.title, qc_projects.c.id)
        )
        return [_qc_project(row) for row in await self._session.execute(query)]

    # --- compliance rules ---

    async def rules_of(self, organisation_id: uuid.UUID) -> list[Rule]:
        """The rules an organisation configured (the defaults are not stored)."""
        query = select(compliance_rules).where(compliance_rules.c.organisation_id == organisation_id)
        return [
            Rule(ActivityKind(row.kind), PeriodKind(row.period), row.required, row.per_group, configured=True)
            for row in await self._session.execute(query)
        ]

    async def set_rule(self, organisation_id: uuid.UUID, rule: Rule) -> None:
        values = {"period": rule.period.value, "required": rule.required, "per_group": rule.per_group}
        statement = upsert(compliance_rules).values(organisation_id=organisation_id, kind=rule.kind.value, **values)
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=["organisation_id", "kind"], set_=values)
        )
