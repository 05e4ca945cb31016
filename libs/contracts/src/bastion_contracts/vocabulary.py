"""Shared vocabulary of the domain (domain.md §2), as used in event payloads."""

from __future__ import annotations

from enum import StrEnum


class EducationLevel(StrEnum):
    """学历: highest completed education."""

    PRIMARY = "primary"  # 小学
    JUNIOR_SECONDARY = "junior_secondary"  # 初中
    SENIOR_SECONDARY = "senior_secondary"  # 高中、中专、技校
    VOCATIONAL_COLLEGE = "vocational_college"  # 大专
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士研究生
    DOCTORATE = "doctorate"  # 博士研究生

    @property
    def label_zh(self) -> str:
        return _EDUCATION_ZH[self]

    @property
    def bachelor_or_above(self) -> bool:
        return self in (EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE)


_EDUCATION_ZH = {
    EducationLevel.PRIMARY: "小学",
    EducationLevel.JUNIOR_SECONDARY: "初中",
    EducationLevel.SENIOR_SECONDARY: "高中/中专",
    EducationLevel.VOCATIONAL_COLLEGE: "大专",
    EducationLevel.BACHELOR: "本科",
    EducationLevel.MASTER: "硕士",
    EducationLevel.DOCTORATE: "博士",
}
