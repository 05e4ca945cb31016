"""Structure statistics (结构统计): the picture the report paints of a branch, in figures.

The report (四支部, 40 members) says most were born in the 1960s, only 3% in the 1970s/80s,
only 7% hold a bachelor's degree or more. These figures are over Party members (probationary
and full) only: applicants, activists and candidates are not yet members, and show in the
pipeline funnel instead. Shares are of the Party members, rounded to four decimals.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, Stage
from roster.domain.calendar import age_on
from roster.domain.committee import Completeness
from roster.domain.member import Member

FIRST_DECADE = 1950  # earlier births fold into "1940s_or_earlier"
LAST_DECADE = 2000  # later births fold into "2010s_or_later"
EARLIER = "1940s_or_earlier"
LATER = "2010s_or_later"
REPORT_DECADES = ("1970s", "1980s")  # the report's "70后、80后"
SHARE_DECIMALS = 4

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Share:
    """How many, and what part of the Party members that is."""

    count: int
    share: float


@dataclass(frozen=True, slots=True)
class Structure:
    """Who the Party members at or below a unit are, and how many people are on the way in."""

    as_of: date
    party_members: int
    full_members: int
    probationary_members: int
    birth_decades: dict[str, Share]
    born_1970s_1980s_share: float
    bachelor_or_above: Share
    education: dict[EducationLevel, int]
    average_age: float | None
    gender: dict[Gender, int]
    member_class: dict[MemberClass, int]
    pipeline: dict[Stage, int]


def share(count: int, of: int) -> Share:
    return Share(count, round(count / of, SHARE_DECIMALS) if of else 0.0)


def decade_of(birth_date: date) -> str:
    decade = birth_date.year // 10 * 10
    if decade < FIRST_DECADE:
        return EARLIER
    if decade > LAST_DECADE:
        return LATER
    return f"{decade}s"


def birth_decades(members: Sequence[Member]) -> dict[str, Share]:
    """Every decade from the 1950s to the 2000s (zeros too), and the fold-ins only when someone is in them."""
    counts = Counter(decade_of(member.person.birth_date) for member in members)
    keys = [EARLIER, *(f"{decade}s" for decade in range(FIRST_DECADE, LAST_DECADE + 1, 10)), LATER]
    shown = [key for key in keys if counts[key] or key not in (EARLIER, LATER)]
    return {key: share(counts[key], len(members)) for key in shown}


def _counts(values: Iterable[E], every: Iterable[E]) -> dict[E, int]:
    counts = Counter(values)
    return {value: counts[value] for value in every}


def structure(people: Sequence[Member], as_of: date) -> Structure:
    """The figures over ``people`` (everyone at or below a unit); ages are reckoned on ``as_of``."""
    active = [person for person in people if person.active]
    members = [person for person in active if person.stage.is_party_member]
    decades = birth_decades(members)
    ages = [age_on(member.person.birth_date, as_of) for member in members]
    return Structure(
        as_of=as_of,
        party_members=len(members),
        full_members=sum(member.stage is Stage.FULL for member in members),
        probationary_members=sum(member.stage is Stage.PROBATIONARY for member in members),
        birth_decades=decades,
        born_1970s_1980s_share=share(sum(decades[key].count for key in REPORT_DECADES), len(members)).share,
        bachelor_or_above=share(sum(m.person.education.bachelor_or_above for m in members), len(members)),
        education=_counts((m.person.education for m in members), EducationLevel),
        average_age=round(sum(ages) / len(ages), 1) if ages else None,
        gender=_counts((m.person.gender for m in members), Gender),
        member_class=_counts((m.member_class for m in members), MemberClass),
        pipeline=_counts((person.stage for person in active), Stage),
    )


@dataclass(frozen=True, slots=True)
class Committees:
    """Branch committees (支委会) at or below a unit; ``branch`` is the unit's own when it is a branch."""

    branches_total: int
    branches_with_complete_committee: int
    branch: Completeness | None = None


def committees(by_branch: Mapping[uuid.UUID, Completeness], *, unit_is_branch: bool) -> Committees:
    complete = sum(completeness.complete for completeness in by_branch.values())
    own = next(iter(by_branch.values()), None) if unit_is_branch else None
    return Committees(len(by_branch), complete, own)
