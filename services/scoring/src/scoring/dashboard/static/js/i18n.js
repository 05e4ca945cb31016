// Every user-facing string, Chinese first; `t(key)` reads the current language.
const STRINGS = {
  zh: {
    title: "服务型党组织看板", signInTitle: "登录", username: "用户名", password: "密码", signIn: "登录",
    oidcSignIn: "统一身份认证登录", forgotPassword: "忘记密码或账号被锁定，请联系系统管理员。",
    changePassword: "修改密码", changePasswordWhy: "首次登录或密码被重置后，须先修改密码。新密码至少 8 位，须同时含有字母和数字。",
    currentPassword: "当前密码", newPassword: "新密码", confirmPassword: "确认新密码", changeAndSignIn: "修改密码并登录",
    backToSignIn: "返回登录", passwordsDiffer: "两次输入的新密码不一致", unreachable: "无法连接服务器，请稍后再试",
    signOut: "退出登录", switchBranch: "切换支部", nothingToShow: "此账号没有可查看的页面，请联系系统管理员",
    role_admin: "党委", role_secretary: "支部书记", role_member: "党员",
    signin_failed: "统一身份认证登录未成功，请重试，或使用用户名和密码登录",
    signin_sign_in_expired: "登录等待太久或已在其他窗口完成，请重新登录",
    signin_unsafe_next: "登录后要打开的地址不属于本系统，请重新登录",
    signin_provider_refused: "统一身份认证未通过（已取消或被拒绝），请重试",
    signin_identity_not_proven: "统一身份认证的答复无法核实，请重试",
    signin_identity_provider_unavailable: "暂时无法连接统一身份认证，请稍后再试，或使用用户名和密码登录",
    signin_oidc_disabled: "本系统未接入统一身份认证，请使用用户名和密码登录",
    signin_person_not_in_roster: "统一身份认证通过，但花名册中找不到您；请联系党委组织部门",
    signin_subject_mismatch: "此工号的账号已绑定另一个统一身份，请联系系统管理员",
    signin_account_disabled: "账号已停用，请联系系统管理员",
    signin_not_a_party_member: "转为预备党员后才能登录",
    signin_member_not_active: "账号对应的党员已不在册，无法登录；请联系党委组织部门",
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
    title: "Service-oriented Party organisation dashboard", signInTitle: "Sign in", username: "Username",
    password: "Password", signIn: "Sign in", oidcSignIn: "Sign in with the enterprise account",
    forgotPassword: "Forgot the password, or locked out? Ask the system administrator.", changePassword: "Change password",
    changePasswordWhy: "A first or reset password must be changed first: at least 8 characters, letters and digits.",
    currentPassword: "Current password", newPassword: "New password", confirmPassword: "New password again",
    changeAndSignIn: "Change password and sign in", backToSignIn: "Back to sign-in",
    passwordsDiffer: "The two new passwords differ", unreachable: "The server cannot be reached; try again later",
    signOut: "Sign out", switchBranch: "Switch branch", nothingToShow: "This account has no page to show; ask the administrator",
    role_admin: "Committee", role_secretary: "Branch secretary", role_member: "Member",
    signin_failed: "Signing in through the identity provider failed; try again, or use your username and password",
    signin_sign_in_expired: "The sign-in took too long or finished in another window; sign in again",
    signin_unsafe_next: "The page to open afterwards is not part of this site; sign in again",
    signin_provider_refused: "The identity provider declined (cancelled or refused); try again",
    signin_identity_not_proven: "The identity provider's answer could not be verified; try again",
    signin_identity_provider_unavailable: "The identity provider cannot be reached; try later, or use your password",
    signin_oidc_disabled: "No identity provider is connected; use your username and password",
    signin_person_not_in_roster: "Signed in, but you are not in the roster; ask the Party organisation department",
    signin_subject_mismatch: "This employee's account is linked to another identity; ask the administrator",
    signin_account_disabled: "The account is disabled; ask the administrator",
    signin_not_a_party_member: "Only Party members (probationary or full) can sign in",
    signin_member_not_active: "The member is no longer on the roster; ask the Party organisation department",
    switchTo: "中文", loading: "Loading…", failed: "Could not load", committee: "Committee",
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
/** Why signing in through the identity provider failed (roster's `?signin_error=<code>`). */
export const signInProblem = (code) => STRINGS[current][`signin_${code}`] ?? STRINGS[current].signin_failed;
/** A label for an API code (dimension, group, stage, band); the code itself when unknown. */
export const label = (code) => LABELS[current][code] ?? code;

export function setLang(next) {
  current = next;
  localStorage.setItem("bastion.lang", next);
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  document.getElementById("lang").textContent = t("switchTo");
}
