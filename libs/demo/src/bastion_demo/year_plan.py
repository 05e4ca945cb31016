"""A year of organisational life for one demo branch, as data: what was planned, when, by whom.

Monthly committee meetings, theme days and group meetings; quarterly assemblies and party
lessons; the yearly org-life meeting and appraisal; talks, themed practice, service visits and
post shifts. Branch 4 missed last month's committee meeting, which compliance will show.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from bastion_contracts.vocabulary import FIVE_SERVICES, ThemedPracticeSubtype

SUBTYPES = list(ThemedPracticeSubtype)


@dataclass(frozen=True)
class BranchPeople:
    """What the demo knows of a branch from roster's API."""

    number: int
    branch_id: str
    members: list[str]  # Party members
    committee: list[str]  # seated, secretary first
    groups: dict[str, list[str]]  # group id -> members
    departments: list[str]
    post_id: str | None
    post_departments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PlannedActivity:
    kind: str
    organiser_id: str
    title: str
    start: datetime
    body: dict[str, Any] = field(default_factory=dict)
    expected_ids: list[str] | None = None
    service: dict[str, Any] | None = None  # a service record once held
    # Service work has no expected list: the people who may take part (those whose roll says so do).
    participants: list[str] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.organiser_id, self.title)


def _months(today: date, count: int) -> list[date]:
    """The first day of each of the last ``count`` months, oldest first, ending with this month."""
    index = today.year * 12 + today.month - 1
    return [date((index - back) // 12, (index - back) % 12 + 1, 1) for back in range(count - 1, -1, -1)]


def _at(month: date, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(month.replace(day=day), time(hour, minute))


def _tags(seed: str) -> list[str]:
    digest = hashlib.sha256(seed.encode()).digest()
    return [FIVE_SERVICES[digest[0] % 5], FIVE_SERVICES[digest[1] % 5]]


def year_of_activities(branch: BranchPeople, today: date) -> list[PlannedActivity]:
    plans: list[PlannedActivity] = []
    months = _months(today, 12)
    secretary = branch.committee[0] if branch.committee else branch.members[0]
    for number, month in enumerate(months):
        label = f"{month.year}年{month.month}月"
        if not (branch.number == 4 and number == len(months) - 2):  # branch 4 missed last month's meeting
            plans.append(
                PlannedActivity(
                    "committee_meeting",
                    branch.branch_id,
                    f"{label}支委会",
                    _at(month, 5, 14, 30),
                    {"host_id": secretary},
                )
            )
        plans.append(
            PlannedActivity(
                "theme_day",
                branch.branch_id,
                f"{label}主题党日",
                _at(month, 15, 9),
                {"five_services": _tags(f"{branch.branch_id}{label}"), "host_id": secretary},
            )
        )
        for index, group in enumerate(branch.groups):
            plans.append(PlannedActivity("group_meeting", group, f"{label}第{index + 1}党小组会", _at(month, 20, 16)))
        if month.month in (1, 4, 7, 10):
            quarter = (month.month - 1) // 3 + 1
            plans.append(
                PlannedActivity(
                    "branch_assembly",
                    branch.branch_id,
                    f"{month.year}年第{quarter}季度党员大会",
                    _at(month, 25, 14, 30),
                    {"host_id": secretary},
                )
            )
            plans.append(
                PlannedActivity(
                    "party_lesson",
                    branch.branch_id,
                    f"{month.year}年第{quarter}季度党课",
                    _at(month, 26, 9),
                    {"lecturer_id": secretary, "five_services": ["serve_members"]},
                )
            )
        if month.month == 1:
            plans.append(
                PlannedActivity(
                    "org_life_meeting",
                    branch.branch_id,
                    f"{month.year}年度组织生活会",
                    _at(month, 10, 9),
                    {"host_id": secretary},
                )
            )
            plans.append(
                PlannedActivity(
                    "member_appraisal",
                    branch.branch_id,
                    f"{month.year}年度民主评议党员",
                    _at(month, 12, 9),
                    {"host_id": secretary},
                )
            )
        plans += _service_work(branch, month, number, label)
    plans += _talks(branch, months)
    return plans


def _service_work(branch: BranchPeople, month: date, number: int, label: str) -> list[PlannedActivity]:
    plans = []
    if branch.post_id and branch.post_departments:
        plans.append(
            PlannedActivity(
                "mobile_service_post_shift",
                branch.branch_id,
                f"{label}流动服务岗值守",
                _at(month, 18, 8, 30),
                {"service_post_id": branch.post_id, "five_services": ["serve_masses", "serve_development"]},
                service={"department_ids": branch.post_departments[:2], "hours": "3.0"},
                participants=[branch.members[(number + k) % len(branch.members)] for k in range(3)],
            )
        )
    if branch.departments and month.month % 3 == 0:
        visited = [branch.departments[(number + k) % len(branch.departments)] for k in range(3)]
        plans.append(
            PlannedActivity(
                "door_to_door_visit",
                branch.branch_id,
                f"{label}科室上门服务",
                _at(month, 22, 10),
                {"five_services": ["serve_masses"]},
                service={"department_ids": sorted(set(visited)), "hours": "2.0"},
                participants=branch.committee[:3] or branch.members[:3],
            )
        )
    practice_every = 2 if branch.number == 1 else 4
    if number % practice_every == 1:
        subtype = SUBTYPES[(number // practice_every) % len(SUBTYPES)]
        plans.append(
            PlannedActivity(
                "themed_practice",
                branch.branch_id,
                f"{label}{subtype.label_zh}主题实践",
                _at(month, 28, 9),
                {
                    "subtype": subtype.value,
                    "host_id": branch.members[number % len(branch.members)],
                    "five_services": ["serve_reform", "serve_development"],
                },
                participants=branch.members,
            )
        )
    if month.month in (6, 12):
        plans.append(
            PlannedActivity(
                "volunteer_service",
                branch.branch_id,
                f"{label}志愿服务",
                _at(month, 8, 8),
                {"five_services": ["serve_society"]},
                participants=branch.members,
            )
        )
    if month.month == 9:
        plans.append(
            PlannedActivity(
                "poverty_relief",
                branch.branch_id,
                f"{label}扶贫帮困",
                _at(month, 9, 8),
                {"five_services": ["serve_society", "serve_masses"]},
                participants=branch.members,
            )
        )
    return plans


def _talks(branch: BranchPeople, months: list[date]) -> list[PlannedActivity]:
    """The secretary's heart-to-heart talks (谈心谈话): with most members over the year."""
    secretary = branch.committee[0] if branch.committee else branch.members[0]
    others = [m for m in branch.members if m != secretary]
    talked = others[: max(1, len(others) * 3 // 4)]
    return [
        PlannedActivity(
            "heart_to_heart_talk",
            branch.branch_id,
            f"谈心谈话{index + 1:02d}",
            _at(months[index % 11], 3 + index % 20, 15),
            {"host_id": secretary},
            expected_ids=[member],
        )
        for index, member in enumerate(talked)
    ]


def attendance_state(activity_key: str, member_id: str) -> tuple[str, str | None]:
    """A deterministic, realistic mix: mostly present, some late, excused or absent."""
    roll = hashlib.sha256(f"{activity_key}/{member_id}".encode()).digest()[0] / 256
    if roll < 0.86:
        return "present", None
    if roll < 0.90:
        return "late", None
    if roll < 0.97:
        return "excused", ("出差", "病假", "生产任务", "事假")[int(roll * 1000) % 4]
    return "absent", None
