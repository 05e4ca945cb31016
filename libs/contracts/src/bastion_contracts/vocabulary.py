"""The domain's vocabulary (domain.md §2), as used in event payloads and APIs.

Each value is the identifier in code; ``label_zh`` gives the Chinese term a user reads.
"""

from __future__ import annotations

from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label_zh(self) -> str:
        return _LABELS[self]


class OrgUnitKind(_Labelled):
    """党组织的层级."""

    PARTY_COMMITTEE = "party_committee"  # 党委
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部
    PARTY_GROUP = "party_group"  # 党小组


class Gender(_Labelled):
    MALE = "male"
    FEMALE = "female"


class EducationLevel(_Labelled):
    """学历: highest completed education."""

    PRIMARY = "primary"  # 小学
    JUNIOR_SECONDARY = "junior_secondary"  # 初中
    SENIOR_SECONDARY = "senior_secondary"  # 高中、中专、技校
    VOCATIONAL_COLLEGE = "vocational_college"  # 大专
    BACHELOR = "bachelor"  # 本科
    MASTER = "master"  # 硕士研究生
    DOCTORATE = "doctorate"  # 博士研究生

    @property
    def bachelor_or_above(self) -> bool:
        return self in (EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE)


class Stage(_Labelled):
    """发展党员的阶段, in order."""

    APPLICANT = "applicant"  # 入党申请人
    ACTIVIST = "activist"  # 入党积极分子
    CANDIDATE = "candidate"  # 发展对象
    PROBATIONARY = "probationary"  # 预备党员
    FULL = "full"  # 正式党员

    @property
    def is_party_member(self) -> bool:
        """Probationary and full members are Party members; the earlier stages are not yet."""
        return self in (Stage.PROBATIONARY, Stage.FULL)

    def next(self) -> Stage | None:
        order = list(Stage)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


class MemberStatus(_Labelled):
    ACTIVE = "active"  # 正常
    TRANSFERRED_OUT = "transferred_out"  # 转出
    LAPSED = "lapsed"  # 自行脱党
    EXPELLED = "expelled"  # 开除党籍
    DECEASED = "deceased"  # 去世


class MemberClass(_Labelled):
    ORDINARY = "ordinary"  # 普通党员
    MOBILE = "mobile"  # 流动党员
    SPECIAL = "special"  # 特殊党员 (elderly, ill: no attendance deductions)


class CommitteeRole(_Labelled):
    """支委会 seats. ``committee_member`` is a member without a portfolio (委员)."""

    SECRETARY = "secretary"  # 书记
    DEPUTY_SECRETARY = "deputy_secretary"  # 副书记
    ORG_OFFICER = "org_officer"  # 组织委员
    PUBLICITY_OFFICER = "publicity_officer"  # 宣传委员
    DISCIPLINE_OFFICER = "discipline_officer"  # 纪检委员
    COMMITTEE_MEMBER = "committee_member"  # 委员

    @property
    def single_seat(self) -> bool:
        return self is not CommitteeRole.COMMITTEE_MEMBER


class GroupRole(_Labelled):
    LEADER = "leader"  # 党小组长
    MEMBER = "member"  # 组员


class HonourLevel(_Labelled):
    FACTORY = "factory"  # 厂级
    PROVINCIAL = "provincial"  # 省公司级或市级
    NATIONAL = "national"  # 国家级


class DisciplineLevel(_Labelled):
    """党纪处分, from the lightest."""

    WARNING = "warning"  # 警告
    SERIOUS_WARNING = "serious_warning"  # 严重警告
    REMOVAL_FROM_POST = "removal_from_post"  # 撤销党内职务
    PROBATION_WITHIN_PARTY = "probation_within_party"  # 留党察看
    EXPULSION = "expulsion"  # 开除党籍

    @property
    def is_veto(self) -> bool:
        """Removal from Party post or heavier vetoes the member's score (domain.md §3)."""
        order = list(DisciplineLevel)
        return order.index(self) >= order.index(DisciplineLevel.REMOVAL_FROM_POST)


class ServicePostKind(_Labelled):
    MOBILE_SERVICE_POST = "mobile_service_post"  # 党员流动服务岗
    VANGUARD_POST = "vanguard_post"  # 党员先锋岗/示范岗


class ActivistReviewOutcome(_Labelled):
    GOOD = "good"  # 好
    FAIR = "fair"  # 一般
    POOR = "poor"  # 差


class SubjectKind(_Labelled):
    MEMBER = "member"
    BRANCH = "branch"


_LABELS: dict[StrEnum, str] = {
    OrgUnitKind.PARTY_COMMITTEE: "党委",
    OrgUnitKind.GENERAL_BRANCH: "党总支",
    OrgUnitKind.BRANCH: "党支部",
    OrgUnitKind.PARTY_GROUP: "党小组",
    Gender.MALE: "男",
    Gender.FEMALE: "女",
    EducationLevel.PRIMARY: "小学",
    EducationLevel.JUNIOR_SECONDARY: "初中",
    EducationLevel.SENIOR_SECONDARY: "高中/中专",
    EducationLevel.VOCATIONAL_COLLEGE: "大专",
    EducationLevel.BACHELOR: "本科",
    EducationLevel.MASTER: "硕士",
    EducationLevel.DOCTORATE: "博士",
    Stage.APPLICANT: "入党申请人",
    Stage.ACTIVIST: "入党积极分子",
    Stage.CANDIDATE: "发展对象",
    Stage.PROBATIONARY: "预备党员",
    Stage.FULL: "正式党员",
    MemberStatus.ACTIVE: "正常",
    MemberStatus.TRANSFERRED_OUT: "已转出",
    MemberStatus.LAPSED: "自行脱党",
    MemberStatus.EXPELLED: "开除党籍",
    MemberStatus.DECEASED: "去世",
    MemberClass.ORDINARY: "普通党员",
    MemberClass.MOBILE: "流动党员",
    MemberClass.SPECIAL: "特殊党员",
    CommitteeRole.SECRETARY: "书记",
    CommitteeRole.DEPUTY_SECRETARY: "副书记",
    CommitteeRole.ORG_OFFICER: "组织委员",
    CommitteeRole.PUBLICITY_OFFICER: "宣传委员",
    CommitteeRole.DISCIPLINE_OFFICER: "纪检委员",
    CommitteeRole.COMMITTEE_MEMBER: "委员",
    GroupRole.LEADER: "党小组长",
    GroupRole.MEMBER: "组员",
    HonourLevel.FACTORY: "厂级",
    HonourLevel.PROVINCIAL: "省公司级/市级",
    HonourLevel.NATIONAL: "国家级",
    DisciplineLevel.WARNING: "警告",
    DisciplineLevel.SERIOUS_WARNING: "严重警告",
    DisciplineLevel.REMOVAL_FROM_POST: "撤销党内职务",
    DisciplineLevel.PROBATION_WITHIN_PARTY: "留党察看",
    DisciplineLevel.EXPULSION: "开除党籍",
    ServicePostKind.MOBILE_SERVICE_POST: "党员流动服务岗",
    ServicePostKind.VANGUARD_POST: "党员先锋岗",
    ActivistReviewOutcome.GOOD: "好",
    ActivistReviewOutcome.FAIR: "一般",
    ActivistReviewOutcome.POOR: "差",
    SubjectKind.MEMBER: "党员",
    SubjectKind.BRANCH: "党支部",
}
