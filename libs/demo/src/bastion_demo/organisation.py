"""The demo organisation as data: deterministic, so every `make run` shows the same picture.

A factory Party committee (贵定卷烟厂党委) with four branches. Branch 4 (四支部, the
functional departments) follows the source report: 40 members, the great majority born in
the 1960s, one (2.5%, "3%") born in the 1970s/80s, three (7.5%, "7%") with a bachelor's
degree or more; it has a committee, three party groups, a few young activists and an
applicant. The production branches are younger.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date

from bastion_contracts.vocabulary import EducationLevel as E

COMMITTEE_NAME = "贵定卷烟厂党委"

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "华明国建平军伟芳丽强敏静磊洋勇艳杰娟涛超秀英霞刚桂兰玉红文斌德志宏波鹏海燕林萍云飞春梅"


@dataclass(frozen=True)
class DemoPerson:
    employee_number: str
    name: str
    gender: str
    birth_date: date
    education: E
    department: str
    position: str
    stage: str  # the stage now; dates below as far as it got
    probationary_on: date | None = None
    activist_on: date | None = None
    applied_on: date | None = None
    group: str | None = None
    group_leader: bool = False
    committee_role: str | None = None


@dataclass(frozen=True)
class DemoBranch:
    number: int
    name: str
    departments: tuple[str, ...]
    people: tuple[DemoPerson, ...]
    groups: tuple[str, ...] = field(default=())


class _Maker:
    """Deterministic people for one branch."""

    def __init__(self, seed: int, prefix: str, departments: tuple[str, ...], today: date) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
        self.prefix = prefix
        self.departments = departments
        self.today = today
        self.count = 0

    def name(self) -> str:
        rng = self.rng
        given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
        return rng.choice(_SURNAMES) + given

    def born(self, first_year: int, last_year: int) -> date:
        return date(self.rng.randint(first_year, last_year), self.rng.randint(1, 12), self.rng.randint(1, 28))

    def person(self, birth: date, education: E, stage: str, **dates: date | None) -> DemoPerson:
        self.count += 1
        positions = ("科员", "技术员", "主办", "副科长", "科长", "工艺员", "操作工", "班长")
        joined = dates.pop("probationary_on", None)
        if stage == "full" and joined is None:
            joined = date(min(birth.year + self.rng.randint(24, 34), self.today.year - 2), self.rng.randint(1, 12), 1)
        return DemoPerson(
            employee_number=f"{self.prefix}-{self.count:03d}",
            name=self.name(),
            gender=self.rng.choice(("male", "male", "female")),
            birth_date=birth,
            education=education,
            department=self.rng.choice(self.departments),
            position=self.rng.choice(positions),
            stage=stage,
            probationary_on=joined,
            **dates,  # type: ignore[arg-type]
        )

    def members(self, decades: list[tuple[int, int, int]], education: list[tuple[E, int]]) -> list[DemoPerson]:
        births = [self.born(first, last) for first, last, count in decades for _ in range(count)]
        levels = [level for level, count in education for _ in range(count)]
        if len(births) != len(levels):
            raise ValueError("demo branch: birth and education counts differ")
        self.rng.shuffle(levels)
        return [self.person(birth, level, "full") for birth, level in zip(births, levels, strict=True)]


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _with_groups(people: list[DemoPerson], groups: tuple[str, ...]) -> list[DemoPerson]:
    """Share the full members among the groups; the first of each group leads it."""
    placed = []
    for index, person in enumerate(people):
        if person.stage != "full" or not groups:
            placed.append(person)
            continue
        group = groups[index % len(groups)]
        placed.append(_replace(person, group=group, group_leader=index < len(groups)))
    return placed


def _replace(person: DemoPerson, **changes: object) -> DemoPerson:
    return replace(person, **changes)  # type: ignore[arg-type]


def demo_branches(today: date) -> list[DemoBranch]:
    production = ("卷包车间", "制丝车间", "动力车间", "物流中心")
    functional = (
        "办公室",
        "财务科",
        "人力资源科",
        "安全保卫科",
        "生产管理科",
        "质量管理科",
        "设备管理科",
        "物资供应科",
    )
    branches = []
    for number, name, seed, decades, education in (
        (
            1,
            "一支部",
            11,
            [(1965, 1969, 5), (1970, 1979, 9), (1980, 1989, 9), (1990, 1998, 5)],
            [(E.SENIOR_SECONDARY, 8), (E.VOCATIONAL_COLLEGE, 9), (E.BACHELOR, 9), (E.MASTER, 2)],
        ),
        (
            2,
            "二支部",
            12,
            [(1962, 1969, 7), (1970, 1979, 8), (1980, 1989, 8), (1990, 1996, 3)],
            [(E.JUNIOR_SECONDARY, 2), (E.SENIOR_SECONDARY, 8), (E.VOCATIONAL_COLLEGE, 8), (E.BACHELOR, 8)],
        ),
        (
            3,
            "三支部",
            13,
            [(1960, 1969, 9), (1970, 1979, 7), (1980, 1992, 7)],
            [(E.JUNIOR_SECONDARY, 3), (E.SENIOR_SECONDARY, 8), (E.VOCATIONAL_COLLEGE, 6), (E.BACHELOR, 6)],
        ),
    ):
        maker = _Maker(seed, f"GD{number}", production, today)
        people = maker.members(decades, education)
        people.append(
            maker.person(maker.born(1994, 1999), E.BACHELOR, "probationary", probationary_on=months_before(today, 5))
        )
        groups = ("第一党小组", "第二党小组")
        branches.append(DemoBranch(number, name, production, tuple(_with_groups(people, groups)), groups))
    branches.append(_branch_four(today, functional))
    return branches


def _branch_four(today: date, departments: tuple[str, ...]) -> DemoBranch:
    """The report's branch: 40 full members, 60后 the great majority, 70后/80后 3%, bachelor+ 7%."""
    maker = _Maker(4, "GD4", departments, today)
    people = maker.members(
        [(1960, 1969, 39), (1978, 1983, 1)],
        [(E.JUNIOR_SECONDARY, 6), (E.SENIOR_SECONDARY, 19), (E.VOCATIONAL_COLLEGE, 12), (E.BACHELOR, 2), (E.MASTER, 1)],
    )
    roles = ("secretary", "deputy_secretary", "org_officer", "publicity_officer", "discipline_officer")
    people = [_replace(p, committee_role=roles[i]) if i < len(roles) else p for i, p in enumerate(people)]
    groups = ("第一党小组", "第二党小组", "第三党小组")
    people = _with_groups(people, groups)
    # The young reserve the report says is missing, starting now: activists and an applicant.
    people.append(
        maker.person(
            date(1996, 4, 12),
            E.BACHELOR,
            "activist",
            applied_on=months_before(today, 14),
            activist_on=months_before(today, 8),
        )
    )
    people.append(
        maker.person(
            date(1998, 9, 3),
            E.BACHELOR,
            "activist",
            applied_on=months_before(today, 10),
            activist_on=months_before(today, 4),
        )
    )
    people.append(
        maker.person(
            date(1999, 1, 20),
            E.VOCATIONAL_COLLEGE,
            "activist",
            applied_on=months_before(today, 9),
            activist_on=months_before(today, 3),
        )
    )
    people.append(maker.person(date(2000, 6, 15), E.MASTER, "applicant", applied_on=months_before(today, 2)))
    return DemoBranch(4, "四支部", departments, tuple(people), groups)
