// Written by web/vocabulary.py from bastion_contracts.vocabulary: do not edit; run the script.

/** 党组织的层级. */
export const orgUnitKind = {
  party_committee: "党委",
  general_branch: "党总支",
  branch: "党支部",
  party_group: "党小组",
} as const;

/** Gender */
export const gender = {
  male: "男",
  female: "女",
} as const;

/** 学历: highest completed education. */
export const educationLevel = {
  primary: "小学",
  junior_secondary: "初中",
  senior_secondary: "高中（中专）",
  vocational_college: "大专",
  bachelor: "本科",
  master: "硕士",
  doctorate: "博士",
} as const;

/** 发展党员的阶段, in order. */
export const stage = {
  applicant: "入党申请人",
  activist: "入党积极分子",
  candidate: "发展对象",
  probationary: "预备党员",
  full: "正式党员",
} as const;

/** MemberStatus */
export const memberStatus = {
  active: "正常",
  transferred_out: "已转出",
  lapsed: "自行脱党",
  expelled: "开除党籍",
  deceased: "去世",
} as const;

/** MemberClass */
export const memberClass = {
  ordinary: "普通党员",
  mobile: "流动党员",
  special: "特殊党员",
} as const;

/** 支委会 seats. ``committee_member`` is a member without a portfolio (委员). */
export const committeeRole = {
  secretary: "书记",
  deputy_secretary: "副书记",
  org_officer: "组织委员",
  publicity_officer: "宣传委员",
  discipline_officer: "纪检委员",
  committee_member: "委员",
} as const;

/** GroupRole */
export const groupRole = {
  leader: "党小组长",
  member: "组员",
} as const;

/** HonourLevel */
export const honourLevel = {
  factory: "厂级",
  provincial: "省公司级/市级",
  national: "国家级",
} as const;

/** 党纪处分, from the lightest. */
export const disciplineLevel = {
  warning: "警告",
  serious_warning: "严重警告",
  removal_from_post: "撤销党内职务",
  probation_within_party: "留党察看",
  expulsion: "开除党籍",
} as const;

/** What the committee recognises a branch for, besides honours (domain.md §3 bonus). */
export const branchRecognitionKind = {
  innovation: "创新成果",
  published_experience: "经验推广",
} as const;

/** ServicePostKind */
export const servicePostKind = {
  mobile_service_post: "党员流动服务岗",
  vanguard_post: "党员先锋岗",
} as const;

/** ActivistReviewOutcome */
export const activistReviewOutcome = {
  good: "好",
  fair: "一般",
  poor: "差",
} as const;

/** SubjectKind */
export const subjectKind = {
  member: "党员",
  branch: "党支部",
} as const;

/** Kinds of organisational life and service work (组织生活与服务活动). */
export const activityKind = {
  branch_assembly: "支部党员大会",
  committee_meeting: "支委会",
  group_meeting: "党小组会",
  party_lesson: "党课",
  theme_day: "主题党日",
  org_life_meeting: "组织生活会",
  member_appraisal: "民主评议党员",
  heart_to_heart_talk: "谈心谈话",
  themed_practice: "主题实践活动",
  qc_project_session: "QC小组活动",
  poverty_relief: "扶贫帮困",
  volunteer_service: "志愿服务",
  mobile_service_post_shift: "党员流动服务岗值守",
  door_to_door_visit: "科室上门服务",
  training: "培训",
} as const;

/** ThemedPracticeSubtype */
export const themedPracticeSubtype = {
  innovation_development: "创新发展型",
  quality_efficiency: "质量效益型",
  lean_management: "精益管理型",
  poverty_relief: "扶贫帮困型",
  service_support: "服务保障型",
} as const;

/** ActivityState */
export const activityState = {
  planned: "计划中",
  held: "已召开",
  approved: "已审核",
  returned: "退回修改",
  cancelled: "已取消",
} as const;

/** AttendanceState */
export const attendanceState = {
  present: "出席",
  late: "迟到",
  excused: "请假",
  absent: "缺席",
  observer: "列席",
} as const;

/** 民主评议党员: the grade the branch meeting decides for a full member (优秀 at most a third). */
export const appraisalGrade = {
  excellent: "优秀",
  qualified: "合格",
  basically_qualified: "基本合格",
  unqualified: "不合格",
} as const;

/** Who gives feedback (服务对象): the three groups the report says had no channel. */
export const respondentGroup = {
  department: "科室",
  worker: "职工",
  member: "党员",
} as const;

/** The five answers, weighted 100/80/60/30/0 (the national statistics bureau's method). */
export const satisfactionAnswer = {
  very_satisfied: "很满意",
  satisfied: "满意",
  basically_satisfied: "基本满意",
  not_very_satisfied: "不太满意",
  dissatisfied: "不满意",
} as const;

/** RatingSubjectKind */
export const ratingSubjectKind = {
  branch: "党支部",
  activity: "活动",
  member: "党员服务",
} as const;

/** SuggestionCategory */
export const suggestionCategory = {
  production: "生产经营",
  management: "管理改进",
  service: "服务工作",
  party_building: "党建工作",
  welfare: "职工生活",
  other: "其他",
} as const;

/** SuggestionState */
export const suggestionState = {
  submitted: "已提交",
  acknowledged: "已受理",
  decided: "已决定",
  responded: "已反馈",
  closed: "已办结",
  reopened: "重新办理",
} as const;

/** SuggestionDecision */
export const suggestionDecision = {
  adopted: "采纳",
  partially_adopted: "部分采纳",
  rejected: "不采纳",
} as const;

/** FeedbackChannel */
export const feedbackChannel = {
  staff: "工作人员录入",
  public: "公开页面",
} as const;

/** 五个服务 (the activity service's default tag set) */
export const fiveServices = {
  serve_masses: "服务群众",
  serve_reform: "服务改革",
  serve_development: "服务发展",
  serve_members: "服务党员",
  serve_society: "服务社会",
  serve_livelihood: "服务民生",
} as const;

/** Birth decades (roster's birth_decades) as people say them */
export const ageBand = {
  "1940s_or_earlier": "40后及更早",
  "1950s": "50后",
  "1960s": "60后",
  "1970s": "70后",
  "1980s": "80后",
  "1990s": "90后",
  "2000s": "00后",
  "2010s_or_later": "10后及以后",
} as const;

/** Education as the structure figures group it */
export const educationGroup = {
  junior_secondary_or_below: "初中及以下",
  senior_secondary: "高中（中专）",
  vocational_college: "大专",
  bachelor: "本科",
  postgraduate: "研究生",
} as const;

/** The role a person signs in with */
export const role = {
  admin: "党委",
  secretary: "支部书记",
  member: "党员",
} as const;
