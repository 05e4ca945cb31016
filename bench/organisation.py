"""A realistic organisation to load: a party committee, general branches, hundreds of branches with their
party groups, tens of thousands of people, shaped like the report's factory (most born in the 1960s, few
graduates, a thin pipeline)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date

from bastion_contracts.roster import MemberSnapshot
from bastion_contracts.testing import member_snapshot
from bastion_contracts.vocabulary import EducationLevel, Stage

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红"


@dataclass(frozen=True)
class Branch:
    branch_id: uuid.UUID
    name: str
    general_branch_id: uuid.UUID
    group_ids: tuple[uuid.UUID, ...]
    member_ids: tuple[uuid.UUID, ...]


@dataclass
class Organisation:
    committee_id: uuid.UUID
    general_branches: list[tuple[uuid.UUID, str]]
    branches: list[Branch]
    members: dict[uuid.UUID, MemberSnapshot] = field(repr=False)

    @property
    def member_count(self) -> int:
        return len(self.members)


def build_organisation(branches: int, members_per_branch: int, seed: int = 11) -> Organisation:
    """``branches`` branches of ``members_per_branch`` people each, in general branches of about 20."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    committee = ids.next()
    general = [(ids.next(), f"第{n + 1}党总支") for n in range((branches + 19) // 20)]
    members: dict[uuid.UUID, MemberSnapshot] = {}
    made: list[Branch] = []
    for number in range(branches):
        branch_id = ids.next()
        groups = tuple(ids.next() for _ in range(max(1, members_per_branch // 12)))
        people = []
        for _ in range(members_per_branch):
            member_id = ids.next()
            members[member_id] = _person(rng, member_id, branch_id, rng.choice(groups))
            people.append(member_id)
        made.append(Branch(branch_id, f"第{number + 1}党支部", general[number // 20][0], groups, tuple(people)))
    return Organisation(committee, general, made, members)


class _Ids:
    """Reproducible UUIDs (version 4 layout) from the seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def next(self) -> uuid.UUID:
        return uuid.UUID(int=self._rng.getrandbits(128), version=4)


def _person(rng: random.Random, member_id: uuid.UUID, branch_id: uuid.UUID, group_id: uuid.UUID) -> MemberSnapshot:
    born = rng.choices([1958, 1962, 1966, 1972, 1985, 1995], weights=[20, 35, 35, 5, 3, 2])[0] + rng.randrange(4)
    education = rng.choices(
        [EducationLevel.JUNIOR_SECONDARY, EducationLevel.SENIOR_SECONDARY, EducationLevel.VOCATIONAL_COLLEGE,
         EducationLevel.BACHELOR, EducationLevel.MASTER],
        weights=[25, 45, 23, 6, 1],
    )[0]  # fmt: skip
    stage = rng.choices([Stage.FULL, Stage.PROBATIONARY, Stage.ACTIVIST, Stage.APPLICANT], weights=[92, 2, 3, 3])[0]
    return member_snapshot(
        member_id,
        branch_id,
        rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
        group_id=group_id,
        birth_date=date(born, rng.randrange(1, 13), rng.randrange(1, 29)),
        education=education,
        stage=stage,
        employee_number=f"E{rng.randrange(10**7):07d}",
    )
