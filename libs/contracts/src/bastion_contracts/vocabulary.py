"""The domain's vocabulary (domain.md §2), as used in event payloads and APIs.

Each value is the identifier in code; ``label_zh`` gives the Chinese term a user reads, from the label table
of the value's own kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class _Labelled(StrEnum):
    """A kind of value with its own label table (``_LABELS[kind]``)."""

    @classmethod
    def labels(cls) -> Mapping[str, str]:
        """This kind's labels, by member (or its value)."""
        return _LABELS[cls]

    @property
    def label_zh(self) -> str:
        return _LABELS[type(self)][self]


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


class BranchRecognitionKind(_Labelled):
    """What the committee recognises a branch for, besides honours (domain.md §3 bonus)."""

    INNOVATION = "innovation"  # 创新成果 (recognised innovation)
    PUBLISHED_EXPERIENCE = "published_experience"  # 经验推广 (published experience)


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


class ActivityKind(_Labelled):
    """Kinds of organisational life and service work (组织生活与服务活动)."""

    BRANCH_ASSEMBLY = "branch_assembly"  # 支部党员大会
    COMMITTEE_MEETING = "committee_meeting"  # 支委会
    GROUP_MEETING = "group_meeting"  # 党小组会
    PARTY_LESSON = "party_lesson"  # 党课
    THEME_DAY = "theme_day"  # 主题党日
    ORG_LIFE_MEETING = "org_life_meeting"  # 组织生活会
    MEMBER_APPRAISAL = "member_appraisal"  # 民主评议党员
    HEART_TO_HEART_TALK = "heart_to_heart_talk"  # 谈心谈话
    THEMED_PRACTICE = "themed_practice"  # 主题实践活动
    QC_PROJECT_SESSION = "qc_project_session"  # QC小组活动
    POVERTY_RELIEF = "poverty_relief"  # 扶贫帮困
    VOLUNTEER_SERVICE = "volunteer_service"  # 志愿服务
    MOBILE_SERVICE_POST_SHIFT = "mobile_service_post_shift"  # 党员流动服务岗值守
    DOOR_TO_DOOR_VISIT = "door_to_door_visit"  # 科室上门服务
    TRAINING = "training"  # 培训


class ThemedPracticeSubtype(_Labelled):
    INNOVATION_DEVELOPMENT = "innovation_development"  # 创新发展型
    QUALITY_EFFICIENCY = "quality_efficiency"  # 质量效益型
    LEAN_MANAGEMENT = "lean_management"  # 精益管理型
    POVERTY_RELIEF = "poverty_relief"  # 扶贫帮困型
    SERVICE_SUPPORT = "service_support"  # 服务保障型


class ActivityState(_Labelled):
    PLANNED = "planned"  # 计划
    HELD = "held"  # 已召开 (minutes recorded)
    APPROVED = "approved"  # 已审核
    RETURNED = "returned"  # 退回修改
    CANCELLED = "cancelled"  # 已取消


class AttendanceState(_Labelled):
    PRESENT = "present"  # 出席
    LATE = "late"  # 迟到
    EXCUSED = "excused"  # 请假
    ABSENT = "absent"  # 缺席
    OBSERVER = "observer"  # 列席


class AppraisalGrade(_Labelled):
    """民主评议党员: the grade the branch meeting decides for a full member (优秀 at most a third)."""

    EXCELLENT = "excellent"  # 优秀
    QUALIFIED = "qualified"  # 合格
    BASICALLY_QUALIFIED = "basically_qualified"  # 基本合格
    UNQUALIFIED = "unqualified"  # 不合格


class RespondentGroup(_Labelled):
    """Who gives feedback (服务对象): the three groups the report says had no channel."""

    DEPARTMENT = "department"  # 科室
    WORKER = "worker"  # 职工
    MEMBER = "member"  # 党员


class SatisfactionAnswer(_Labelled):
    """The five answers, weighted 100/80/60/30/0 (the national statistics bureau's method)."""

    VERY_SATISFIED = "very_satisfied"  # 很满意
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    NOT_VERY_SATISFIED = "not_very_satisfied"  # 不太满意
    DISSATISFIED = "dissatisfied"  # 不满意

    @property
    def score(self) -> int:
        return _SATISFACTION_SCORES[self]

    @property
    def satisfied(self) -> bool:
        """At 基本满意 or better: counts towards the satisfaction rate (满意率)."""
        return self.score >= 60


_SATISFACTION_SCORES = {
    "very_satisfied": 100,
    "satisfied": 80,
    "basically_satisfied": 60,
    "not_very_satisfied": 30,
    "dissatisfied": 0,
}


class RatingSubjectKind(_Labelled):
    BRANCH = "branch"  # 党支部
    ACTIVITY = "activity"  # 活动 (incl. a service post shift or a door-to-door visit)
    MEMBER = "member"  # 党员的服务


class SuggestionCategory(_Labelled):
    PRODUCTION = "production"  # 生产经营
    MANAGEMENT = "management"  # 管理改进
    SERVICE = "service"  # 服务工作
    PARTY_BUILDING = "party_building"  # 党建工作
    WELFARE = "welfare"  # 职工生活
    OTHER = "other"  # 其他


class SuggestionState(_Labelled):
    SUBMITTED = "submitted"  # 已提交
    ACKNOWLEDGED = "acknowledged"  # 已受理
    DECIDED = "decided"  # 已答复是否采纳
    RESPONDED = "responded"  # 已反馈
    CLOSED = "closed"  # 已办结
    REOPENED = "reopened"  # 重新办理


class SuggestionDecision(_Labelled):
    ADOPTED = "adopted"  # 采纳
    PARTIALLY_ADOPTED = "partially_adopted"  # 部分采纳
    REJECTED = "rejected"  # 不采纳


class FeedbackChannel(_Labelled):
    STAFF = "staff"  # 工作人员录入
    PUBLIC = "public"  # 公开页面（二维码）


# 五个服务: the default tag set (central documents often say serve_livelihood for serve_society;
# the set each organisation uses is configuration of the activity service).
FIVE_SERVICES = ("serve_masses", "serve_reform", "serve_development", "serve_members", "serve_society")


# One label table per kind of value: the same code means different things in different kinds (`member` is
# 党员 as a respondent group, 组员 in a party group; `poverty_relief` is 扶贫帮困 as an activity and 扶贫帮困型 as
# a themed-practice subtype), and StrEnum members of different kinds with one value are equal as dict keys.
_LABELS: dict[type[_Labelled], Mapping[Any, str]] = {
    OrgUnitKind: {
        OrgUnitKind.PARTY_COMMITTEE: "党委",
        OrgUnitKind.GENERAL_BRANCH: "党总支",
        OrgUnitKind.BRANCH: "党支部",
        OrgUnitKind.PARTY_GROUP: "党小组",
    },
    Gender: {
        Gender.MALE: "男",
        Gender.FEMALE: "女",
    },
    EducationLevel: {
        EducationLevel.PRIMARY: "小学",
        EducationLevel.JUNIOR_SECONDARY: "初中",
        EducationLevel.SENIOR_SECONDARY: "高中（中专）",
        EducationLevel.VOCATIONAL_COLLEGE: "大专",
        EducationLevel.BACHELOR: "本科",
        EducationLevel.MASTER: "硕士",
        EducationLevel.DOCTORATE: "博士",
    },
    Stage: {
        Stage.APPLICANT: "入党申请人",
        Stage.ACTIVIST: "入党积极分子",
        Stage.CANDIDATE: "发展对象",
        Stage.PROBATIONARY: "预备党员",
        Stage.FULL: "正式党员",
    },
    MemberStatus: {
        MemberStatus.ACTIVE: "正常",
        MemberStatus.TRANSFERRED_OUT: "已转出",
        MemberStatus.LAPSED: "自行脱党",
        MemberStatus.EXPELLED: "开除党籍",
        MemberStatus.DECEASED: "去世",
    },
    MemberClass: {
        MemberClass.ORDINARY: "普通党员",
        MemberClass.MOBILE: "流动党员",
        MemberClass.SPECIAL: "特殊党员",
    },
    CommitteeRole: {
        CommitteeRole.SECRETARY: "书记",
        CommitteeRole.DEPUTY_SECRETARY: "副书记",
        CommitteeRole.ORG_OFFICER: "组织委员",
        CommitteeRole.PUBLICITY_OFFICER: "宣传委员",
        CommitteeRole.DISCIPLINE_OFFICER: "纪检委员",
        CommitteeRole.COMMITTEE_MEMBER: "委员",
    },
    GroupRole: {
        GroupRole.LEADER: "党小组长",
        GroupRole.MEMBER: "组员",
    },
    HonourLevel: {
        HonourLevel.FACTORY: "厂级",
        HonourLevel.PROVINCIAL: "省公司级/市级",
        HonourLevel.NATIONAL: "国家级",
    },
    DisciplineLevel: {
        DisciplineLevel.WARNING: "警告",
        DisciplineLevel.SERIOUS_WARNING: "严重警告",
        DisciplineLevel.REMOVAL_FROM_POST: "撤销党内职务",
        DisciplineLevel.PROBATION_WITHIN_PARTY: "留党察看",
        DisciplineLevel.EXPULSION: "开除党籍",
    },
    BranchRecognitionKind: {
        BranchRecognitionKind.INNOVATION: "创新成果",
        BranchRecognitionKind.PUBLISHED_EXPERIENCE: "经验推广",
    },
    ServicePostKind: {
        ServicePostKind.MOBILE_SERVICE_POST: "党员流动服务岗",
        ServicePostKind.VANGUARD_POST: "党员先锋岗",
    },
    ActivistReviewOutcome: {
        ActivistReviewOutcome.GOOD: "好",
        ActivistReviewOutcome.FAIR: "一般",
        ActivistReviewOutcome.POOR: "差",
    },
    SubjectKind: {
        SubjectKind.MEMBER: "党员",
        SubjectKind.BRANCH: "党支部",
    },
    ActivityKind: {
        ActivityKind.BRANCH_ASSEMBLY: "支部党员大会",
        ActivityKind.COMMITTEE_MEETING: "支委会",
        ActivityKind.GROUP_MEETING: "党小组会",
        ActivityKind.PARTY_LESSON: "党课",
        ActivityKind.THEME_DAY: "主题党日",
        ActivityKind.ORG_LIFE_MEETING: "组织生活会",
        ActivityKind.MEMBER_APPRAISAL: "民主评议党员",
        ActivityKind.HEART_TO_HEART_TALK: "谈心谈话",
        ActivityKind.THEMED_PRACTICE: "主题实践活动",
        ActivityKind.QC_PROJECT_SESSION: "QC小组活动",
        ActivityKind.POVERTY_RELIEF: "扶贫帮困",
        ActivityKind.VOLUNTEER_SERVICE: "志愿服务",
        ActivityKind.MOBILE_SERVICE_POST_SHIFT: "党员流动服务岗值守",
        ActivityKind.DOOR_TO_DOOR_VISIT: "科室上门服务",
        ActivityKind.TRAINING: "培训",
    },
    ThemedPracticeSubtype: {
        ThemedPracticeSubtype.INNOVATION_DEVELOPMENT: "创新发展型",
        ThemedPracticeSubtype.QUALITY_EFFICIENCY: "质量效益型",
        ThemedPracticeSubtype.LEAN_MANAGEMENT: "精益管理型",
        ThemedPracticeSubtype.POVERTY_RELIEF: "扶贫帮困型",
        ThemedPracticeSubtype.SERVICE_SUPPORT: "服务保障型",
    },
    ActivityState: {
        ActivityState.PLANNED: "计划中",
        ActivityState.HELD: "已召开",
        ActivityState.APPROVED: "已审核",
        ActivityState.RETURNED: "退回修改",
        ActivityState.CANCELLED: "已取消",
    },
    AttendanceState: {
        AttendanceState.PRESENT: "出席",
        AttendanceState.LATE: "迟到",
        AttendanceState.EXCUSED: "请假",
        AttendanceState.ABSENT: "缺席",
        AttendanceState.OBSERVER: "列席",
    },
    AppraisalGrade: {
        AppraisalGrade.EXCELLENT: "优秀",
        AppraisalGrade.QUALIFIED: "合格",
        AppraisalGrade.BASICALLY_QUALIFIED: "基本合格",
        AppraisalGrade.UNQUALIFIED: "不合格",
    },
    RespondentGroup: {
        RespondentGroup.DEPARTMENT: "科室",
        RespondentGroup.WORKER: "职工",
        RespondentGroup.MEMBER: "党员",
    },
    SatisfactionAnswer: {
        SatisfactionAnswer.VERY_SATISFIED: "很满意",
        SatisfactionAnswer.SATISFIED: "满意",
        SatisfactionAnswer.BASICALLY_SATISFIED: "基本满意",
        SatisfactionAnswer.NOT_VERY_SATISFIED: "不太满意",
        SatisfactionAnswer.DISSATISFIED: "不满意",
    },
    RatingSubjectKind: {
        RatingSubjectKind.BRANCH: "党支部",
        RatingSubjectKind.ACTIVITY: "活动",
        RatingSubjectKind.MEMBER: "党员服务",
    },
    SuggestionCategory: {
        SuggestionCategory.PRODUCTION: "生产经营",
        SuggestionCategory.MANAGEMENT: "管理改进",
        SuggestionCategory.SERVICE: "服务工作",
        SuggestionCategory.PARTY_BUILDING: "党建工作",
        SuggestionCategory.WELFARE: "职工生活",
        SuggestionCategory.OTHER: "其他",
    },
    SuggestionState: {
        SuggestionState.SUBMITTED: "已提交",
        SuggestionState.ACKNOWLEDGED: "已受理",
        SuggestionState.DECIDED: "已决定",
        SuggestionState.RESPONDED: "已反馈",
        SuggestionState.CLOSED: "已办结",
        SuggestionState.REOPENED: "重新办理",
    },
    SuggestionDecision: {
        SuggestionDecision.ADOPTED: "采纳",
        SuggestionDecision.PARTIALLY_ADOPTED: "部分采纳",
        SuggestionDecision.REJECTED: "不采纳",
    },
    FeedbackChannel: {
        FeedbackChannel.STAFF: "工作人员录入",
        FeedbackChannel.PUBLIC: "公开页面",
    },
}
