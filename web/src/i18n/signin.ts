// Why signing in through the enterprise identity provider failed: roster sends the browser back to
// `/?signin_error=<code>` with one of these codes (services/roster, sign_in_pages).
const PROVIDER_PROBLEMS: Record<string, string> = {
  sign_in_expired: "登录等待太久或已在其他窗口完成，请重新登录",
  unsafe_next: "登录后要打开的地址不属于本系统，请重新登录",
  provider_refused: "统一身份认证未通过（已取消或被拒绝），请重试",
  identity_not_proven: "统一身份认证的答复无法核实，请重试",
  identity_provider_unavailable: "暂时无法连接统一身份认证，请稍后再试，或使用用户名和密码登录",
  oidc_disabled: "本系统未接入统一身份认证，请使用用户名和密码登录",
  person_not_in_roster: "统一身份认证通过，但花名册中找不到您；请联系党委组织部门",
  subject_mismatch: "此工号的账号已绑定另一个统一身份，请联系系统管理员",
  account_disabled: "账号已停用，请联系系统管理员",
  not_a_party_member: "转为预备党员后才能登录",
  member_not_active: "账号对应的党员已不在册，无法登录；请联系党委组织部门",
};

export function providerProblem(code: string): string {
  return PROVIDER_PROBLEMS[code] ?? "统一身份认证登录未成功，请重试，或使用用户名和密码登录";
}
