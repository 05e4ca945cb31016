"""Structure statistics (结构统计) of an org unit."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, OrgUnitKind, Stage
from roster.domain.statistics import Committees, Share, Structure
from roster.entrypoints.api.schemas.committee import CompletenessPublic


class SharePublic(BaseModel):
    count: int
    share: float = Field(description="count / party_members, to four decimals (0.025 is 2.5%).")

    @classmethod
    def of(cls, value: Share) -> SharePublic:
        return cls(count=value.count, share=value.share)


class CommitteesPublic(BaseModel):
    branches_total: int = Field(description="Active branches at or below the unit (1 for a branch).")
    branches_with_complete_committee: int
    completeness: CompletenessPublic | None = Field(description="The unit's own committee, when it is a branch.")

    @classmethod
    def of(cls, value: Committees) -> CommitteesPublic:
        own = CompletenessPublic.of(value.branch) if value.branch is not None else None
        return cls(
            branches_total=value.branches_total,
            branches_with_complete_committee=value.branches_with_complete_committee,
            completeness=own,
        )


class StatisticsPublic(BaseModel):
    """Who the Party members at or below a unit are; the pipeline shows who is on the way in."""

    org_unit_id: uuid.UUID
    kind: OrgUnitKind
    as_of: date = Field(description="The day ages are reckoned on; the roster is as it stands now.")
    party_members: int = Field(description="Active probationary and full members.")
    full_members: int
    probationary_members: int
    birth_decades: dict[str, SharePublic] = Field(
        description="1950s to 2000s always; 1940s_or_earlier and 2010s_or_later only when non-zero."
    )
    born_1970s_1980s_share: float = Field(description="The report's 70后、80后 share.")
    bachelor_or_above: SharePublic = Field(description="本科及以上")
    education: dict[EducationLevel, int]
    average_age: float | None = Field(description="Completed years on as_of, to one decimal; null without members.")
    gender: dict[Gender, int]
    member_class: dict[MemberClass, int]
    pipeline: dict[Stage, int] = Field(description="Active people at each stage, applicants to full members.")
    committees: CommitteesPublic

    @classmethod
    def of(cls, unit_id: uuid.UUID, kind: OrgUnitKind, figures: Structure, committees: Committees) -> StatisticsPublic:
        return cls(
            org_unit_id=unit_id,
            kind=kind,
            as_of=figures.as_of,
            party_members=figures.party_members,
            full_members=figures.full_members,
            probationary_members=figures.probationary_members,
            birth_decades={key: SharePublic.of(value) for key, value in figures.birth_decades.items()},
            born_1970s_1980s_share=figures.born_1970s_1980s_share,
            bachelor_or_above=SharePublic.of(figures.bachelor_or_above),
            education=figures.education,
            average_age=figures.average_age,
            gender=figures.gender,
            member_class=figures.member_class,
            pipeline=figures.pipeline,
            committees=CommitteesPublic.of(committees),
        )
