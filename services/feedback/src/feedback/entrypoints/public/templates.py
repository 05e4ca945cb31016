"""The public pages, in Chinese, for a phone: plain HTML forms, no script, nothing from the internet."""

from __future__ import annotations

from html import escape
from importlib import resources

from bastion_contracts.vocabulary import RespondentGroup, SatisfactionAnswer, SuggestionCategory
from feedback.domain.public import PublicMode
from feedback.domain.respondents import EMPLOYEE_NUMBER_MAX

_STYLE = resources.files("feedback.entrypoints.public").joinpath("page.css").read_text(encoding="utf-8")


def page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>"
    )


def _radios(name: str, options: list[tuple[str, str]], checked: str | None = None) -> str:
    return (
        '<div class="choices">'
        + "".join(
            f'<label><input type="radio" name="{name}" value="{value}"{" checked" if value == checked else ""} required> '
            f"{escape(label)}</label>"
            for value, label in options
        )
        + "</div>"
    )


GROUPS = [(g.value, g.label_zh) for g in RespondentGroup]
ANSWERS = [(a.value, a.label_zh) for a in SatisfactionAnswer]
CATEGORIES = [(c.value, c.label_zh) for c in SuggestionCategory]


def _employee_number_field(mode: PublicMode) -> str:
    if mode is not PublicMode.IDENTIFIED:
        return ""
    return (
        '<label for="employee_number">工号</label><input type="text" id="employee_number" name="employee_number" '
        f'required maxlength="{EMPLOYEE_NUMBER_MAX}" autocomplete="off" autocapitalize="characters">'
    )


def branch_page(branch_name: str, code: str, mode: PublicMode, period_word: str) -> str:
    name, code = escape(branch_name), escape(code)
    categories = "".join(f'<option value="{v}">{escape(label)}</option>' for v, label in CATEGORIES)
    body = f"""
<header><h1>{name}</h1><p>服务评价与意见建议 · 无需登录</p></header><main>
<section><h2>为我们的服务打分</h2><form method="post" action="/p/{code}/rate">
<p class="notice">{escape(mode.notice(period_word))}</p>{_employee_number_field(mode)}
<label>您是</label>{_radios("respondent_group", GROUPS, "worker")}
<label>您对{name}的服务</label>{_radios("answer", ANSWERS)}
<label for="comment">想说的话（可选）</label><textarea id="comment" name="comment" rows="3" maxlength="1000"></textarea>
<button type="submit">提交评价</button></form></section>
<section><h2>提意见建议</h2><form method="post" action="/p/{code}/suggest">
<label>您是</label>{_radios("respondent_group", GROUPS, "worker")}
<label for="category">类别</label><select id="category" name="category">{categories}</select>
<label for="content">意见建议</label><textarea id="content" name="content" rows="5" maxlength="2000" required></textarea>
<label><input type="checkbox" name="anonymous" value="true"> 匿名提交（请留联系方式以便答复）</label>
<label for="name">称呼（可选）</label><input type="text" id="name" name="name" maxlength="50">
<label for="contact">联系方式（匿名时必填）</label><input type="text" id="contact" name="contact" maxlength="100">
<button type="submit">提交建议</button></form>
<p class="notice">提交后会得到一个回执码，凭回执码可查询办理进度、评价答复。</p></section>
<section><h2>查询办理进度</h2><form method="get" action="/p/receipts">
<label for="receipt">回执码</label><input type="text" id="receipt" name="receipt" required placeholder="JY-XXXX-XXXX">
<button type="submit">查询</button></form></section></main>"""
    return page(f"{branch_name} · 服务评价与意见建议", body)


def message_page(title: str, message: str, code: str | None = None, *, error: bool = False) -> str:
    back = f'<p><a href="/p/{escape(code)}">返回</a></p>' if code else ""
    box = "error" if error else "notice"
    return page(
        title,
        f'<header><h1>{escape(title)}</h1></header><main><section><p class="{box}">'
        f"{escape(message)}</p>{back}</section></main>",
    )


def receipt_issued_page(branch_name: str, code: str, receipt: str, decide_due: str) -> str:
    body = f"""<header><h1>{escape(branch_name)}</h1><p>意见建议已提交</p></header><main><section>
<p>请记下您的回执码：</p><p class="receipt">{escape(receipt)}</p>
<p>支部将在 {escape(decide_due)} 前答复是否采纳。凭回执码可查询进度。</p>
<p><a href="/p/receipts?receipt={escape(receipt)}">查看办理进度</a> · <a href="/p/{escape(code)}">返回</a></p>
</section></main>"""
    return page("意见建议已提交", body)


def receipt_page(receipt: str, facts: list[tuple[str, str]], can_reopen: bool, can_rate: bool) -> str:
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    actions = ""
    receipt_e = escape(receipt)
    if can_rate:
        actions += (
            f'<section><h2>评价答复</h2><form method="post" action="/p/receipts/{receipt_e}/rate-answer">'
            f'{_radios("answer", ANSWERS)}<button type="submit">提交评价</button></form></section>'
        )
    if can_reopen:
        actions += (
            f'<section><h2>对答复不满意？</h2><form method="post" action="/p/receipts/{receipt_e}/reopen">'
            '<label for="reason">原因</label><textarea id="reason" name="reason" rows="3" required maxlength="500">'
            '</textarea><button type="submit">申请重新办理</button></form></section>'
        )
    body = f"<header><h1>办理进度</h1><p>回执码 {receipt_e}</p></header><main><section><dl>{rows}</dl></section>{actions}</main>"
    return page("办理进度", body)
