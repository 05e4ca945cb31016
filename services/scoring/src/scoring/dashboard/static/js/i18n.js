// Every user-facing string, Chinese first; `t(key)` reads the current language.
const STRINGS = {
  zh: {
    title: "服务型党组织看板", tokenLabel: "请粘贴访问令牌（make run 会打印开发用管理员令牌）", signIn: "进入",
    switchTo: "English", loading: "加载中…", failed: "加载失败", committee: "党委", branch: "支部", member: "党员",
    branches: "各支部考评", total: "总分", stars: "星级", why: "为什么？", dimensions: "六有",
    trend: "本年各季度总分", compliance: "三会一课完成情况", gaps: "本月、本季度尚缺", noGaps: "无缺项",
    satisfaction: "满意度（按评价群体）", suggestions: "意见建议闭环", open: "未办结", overdue: "已逾期",
    answeredOnTime: "按期答复", ranking: "党员积分排名", rank: "名次", name: "姓名", stage: "阶段",
    memberCount: "党员人数", birthDecades: "出生年代", education: "学历", bachelorShare: "本科及以上占比",
    pipeline: "发展党员", overdueSteps: "逾期环节", activities: "活动", scoreCard: "积分卡", band: "建议档次",
    ledger: "积分台账", ledgerCount: "显示条数", showLedger: "查看台账", base: "基础分", service: "服务",
    honours: "荣誉", deductions: "扣分", noData: "暂无", explain: "计分依据", close: "关闭",
    held: "已开", required: "应开", none: "无", backTo: "返回",
    notRanked: "入党申请人、积极分子和发展对象（不参加党员排名）", alert: "提醒", appraisal: "评议结果", notAppraised: "尚未评议",
  },
  en: {
    title: "Service-oriented Party organisation dashboard", tokenLabel: "Paste an access token (make run prints a development admin token)",
    signIn: "Sign in", switchTo: "中文", loading: "Loading…", failed: "Could not load", committee: "Committee",
    branch: "Branch", member: "Member", branches: "Branch assessments", total: "Total", stars: "Stars", why: "Why?",
    dimensions: "Six haves", trend: "Total by quarter this year", compliance: "Meetings and lessons (三会一课)",
    gaps: "Still missing this month and quarter", noGaps: "Nothing missing", satisfaction: "Satisfaction by respondent group",
    suggestions: "Suggestion loop", open: "Open", overdue: "Overdue", answeredOnTime: "Answered on time",
    ranking: "Members by score", rank: "Rank", name: "Name", stage: "Stage", memberCount: "Party members",
    birthDecades: "Birth decades", education: "Education", bachelorShare: "Bachelor or above", pipeline: "Recruitment pipeline",
    overdueSteps: "Overdue steps", activities: "Activities", scoreCard: "Score card", band: "Suggested band",
    ledger: "Points ledger", ledgerCount: "Rows shown", showLedger: "Show ledger", base: "Base", service: "Service",
    honours: "Honours", deductions: "Deductions", noData: "None yet", explain: "How it was scored", close: "Close",
    held: "held", required: "required", none: "none", backTo: "Back to",
    notRanked: "Applicants, activists and candidates (not ranked among the members)", alert: "Alert",
    appraisal: "Appraisal result", notAppraised: "not yet appraised",
  },
};

const LABELS = {
  zh: {
    leadership_team: "领导班子", backbone_team: "骨干队伍", service_venue: "服务场所", service_carrier: "服务载体",
    institutions: "制度机制", service_results: "服务业绩", department: "科室", worker: "职工", member: "党员",
    applicant: "申请人", activist: "积极分子", candidate: "发展对象", probationary: "预备党员", full: "正式党员",
    excellent: "优秀", qualified: "合格", basically_qualified: "基本合格", unqualified: "不合格",
    primary: "小学", junior_secondary: "初中", senior_secondary: "高中、中专", vocational_college: "大专",
    bachelor: "本科", master: "硕士", doctorate: "博士", application_talk: "申请人谈话", activist_review: "积极分子考察",
    confirmation: "预备党员转正", excellent_candidate: "优秀候选", basically_qualified_review: "基本合格，待评议",
    unqualified_review: "不合格，待评议", branch_assembly: "党员大会", committee_meeting: "支委会", group_meeting: "党小组会",
    party_lesson: "党课", theme_day: "主题党日", org_life_meeting: "组织生活会", member_appraisal: "民主评议",
    heart_to_heart_talk: "谈心谈话", themed_practice: "主题实践", qc_project_session: "QC小组活动", poverty_relief: "扶贫帮困",
    volunteer_service: "志愿服务", mobile_service_post_shift: "流动服务岗", door_to_door_visit: "上门服务", training: "培训",
  },
  en: {
    leadership_team: "Leadership", backbone_team: "Backbone", service_venue: "Venue", service_carrier: "Carriers",
    institutions: "Institutions", service_results: "Results", department: "Departments", worker: "Workers",
    member: "Members", applicant: "Applicants", activist: "Activists", candidate: "Candidates",
    probationary: "Probationary", full: "Full members", excellent: "Excellent", qualified: "Qualified",
    basically_qualified: "Basically qualified", unqualified: "Unqualified", primary: "Primary",
    junior_secondary: "Junior secondary", senior_secondary: "Senior secondary", vocational_college: "College",
    bachelor: "Bachelor", master: "Master", doctorate: "Doctorate", application_talk: "Talk with applicant",
    activist_review: "Activist review", confirmation: "Confirmation", excellent_candidate: "Excellent candidate",
    basically_qualified_review: "Basically qualified, to review", unqualified_review: "Unqualified, to review",
    branch_assembly: "Assembly", committee_meeting: "Committee", group_meeting: "Group meeting", party_lesson: "Party lesson",
    theme_day: "Theme day", org_life_meeting: "Org-life meeting", member_appraisal: "Appraisal",
    heart_to_heart_talk: "Heart-to-heart talk", themed_practice: "Themed practice", qc_project_session: "QC circle",
    poverty_relief: "Poverty relief", volunteer_service: "Volunteering", mobile_service_post_shift: "Service post",
    door_to_door_visit: "Door-to-door visit", training: "Training",
  },
};

let current = localStorage.getItem("bastion.lang") === "en" ? "en" : "zh";

export const lang = () => current;
export const t = (key) => STRINGS[current][key] ?? key;
/** A label for an API code (dimension, group, stage, band); the code itself when unknown. */
export const label = (code) => LABELS[current][code] ?? code;

export function setLang(next) {
  current = next;
  localStorage.setItem("bastion.lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.getElementById("lang").textContent = t("switchTo");
}
