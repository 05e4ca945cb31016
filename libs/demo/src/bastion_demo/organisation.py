"""The demo organisation as data: deterministic, so every `make run` shows the same picture.

Branch 4 (四支部) follows the report: 40 members, most born in the 1960s, about 3% born in the
1970s/80s, about 7% with a bachelor's degree or more. The other branches are younger.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date

from bastion_contracts import EducationLevel

DEMO_NAMESPACE = uuid.UUID("5f1d7a52-8f0e-4c5e-9d55-3f0b6c1a2e44")
COMMITTEE_NAME = "贵定卷烟厂党委"

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = "华明国建平军伟芳丽强敏静磊洋勇艳杰娟涛超秀英霞刚桂兰玉红文斌德志宏波鹏海燕林萍云飞春梅"


@dataclass(frozen=True)
class DemoMember:
    name: str
    birth_date: date
    education: EducationLevel


@dataclass(frozen=True)
class DemoBranch:
    number: int
    name: str
    members: tuple[DemoMember, ...]

    @property
    def id(self) -> uuid.UUID:
        return uuid.uuid5(DEMO_NAMESPACE, f"{COMMITTEE_NAME}/{self.name}")


def _name(rng: random.Random) -> str:
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(_SURNAMES) + given


def _born(rng: random.Random, first_year: int, last_year: int) -> date:
    return date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))


def _members(
    rng: random.Random, decades: list[tuple[int, int, int]], education: list[tuple[EducationLevel, int]]
) -> tuple[DemoMember, ...]:
    """``decades``: (first year, last year, how many); ``education``: (level, how many)."""
    births = [_born(rng, first, last) for first, last, count in decades for _ in range(count)]
    levels = [level for level, count in education for _ in range(count)]
    if len(births) != len(levels):
        raise ValueError("demo branch: birth and education counts differ")
    rng.shuffle(levels)
    return tuple(DemoMember(_name(rng), born, level) for born, level in zip(births, levels, strict=True))


def demo_branches() -> list[DemoBranch]:
    rng = random.Random(20150301)  # noqa: S311 - reproducible demo data, not security
    e = EducationLevel
    return [
        DemoBranch(
            1,
            "一支部",
            _members(
                rng,
                [(1965, 1969, 6), (1970, 1979, 10), (1980, 1989, 9), (1990, 1998, 5)],
                [(e.SENIOR_SECONDARY, 8), (e.VOCATIONAL_COLLEGE, 10), (e.BACHELOR, 10), (e.MASTER, 2)],
            ),
        ),
        DemoBranch(
            2,
            "二支部",
            _members(
                rng,
                [(1962, 1969, 8), (1970, 1979, 9), (1980, 1989, 8), (1990, 1996, 3)],
                [
                    (e.JUNIOR_SECONDARY, 2),
                    (e.SENIOR_SECONDARY, 9),
                    (e.VOCATIONAL_COLLEGE, 9),
                    (e.BACHELOR, 8),
                ],
            ),
        ),
        DemoBranch(
            3,
            "三支部",
            _members(
                rng,
                [(1960, 1969, 10), (1970, 1979, 8), (1980, 1992, 7)],
                [
                    (e.JUNIOR_SECONDARY, 3),
                    (e.SENIOR_SECONDARY, 9),
                    (e.VOCATIONAL_COLLEGE, 7),
                    (e.BACHELOR, 6),
                ],
            ),
        ),
        # The report's branch: 40 members, 60后 the great majority, 70后/80后 3%, bachelor+ 7%.
        DemoBranch(
            4,
            "四支部",
            _members(
                rng,
                [(1953, 1959, 4), (1960, 1969, 35), (1978, 1983, 1)],
                [
                    (e.JUNIOR_SECONDARY, 6),
                    (e.SENIOR_SECONDARY, 19),
                    (e.VOCATIONAL_COLLEGE, 12),
                    (e.BACHELOR, 2),
                    (e.MASTER, 1),
                ],
            ),
        ),
    ]
