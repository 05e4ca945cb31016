"""The public pages (no account): a branch's page by its code, rating, suggesting, following a receipt.

Plain HTML forms posted without script, so they work on any phone; answers are HTML too, with the
status of the outcome (201, 4xx, 429) and a message saying what happened or what is wrong.
"""

from __future__ import annotations

import secrets
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Cookie, Form, Request
from fastapi.responses import HTMLResponse

from bastion.errors import DomainError, RateLimitedError, RuleViolationError
from bastion.http.problems import status_of
from bastion_contracts.vocabulary import FeedbackChannel, RespondentGroup, SatisfactionAnswer, SuggestionCategory
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.entrypoints.public import templates
from feedback.entrypoints.public.receipts import receipt_facts
from feedback.service_layer import public, suggestions
from feedback.service_layer.allowance import Visitor, within_allowance
from feedback.service_layer.context import Context

router = APIRouter(prefix="/p", tags=["public pages"], include_in_schema=True)
DEVICE_COOKIE = "bastion_device"
OptionalText = Annotated[str | None, Form()]
DeviceCookie = Annotated[str | None, Cookie(alias=DEVICE_COOKIE)]
E = TypeVar("E", bound=StrEnum)


def _visitor(request: Request, device: str | None) -> Visitor:
    """The network address and the device; a browser that refuses the cookie is known by address and browser."""
    address = request.client.host if request.client else "unknown"
    return Visitor(address, device or f"{address}|{request.headers.get('user-agent', '')}")


def _failed(error: DomainError, code: str | None) -> HTMLResponse:
    answer = HTMLResponse(
        templates.message_page("没能提交", error.message, code, error=True), status_code=status_of(error)
    )
    if isinstance(error, RateLimitedError):
        answer.headers["Retry-After"] = str(error.retry_after_seconds)
    return answer


def _choice(value: str | None, kind: type[E], field: str) -> E:
    try:
        return kind(value or "")
    except ValueError:
        raise RuleViolationError(f"请选择{field}", code="invalid_form") from None


# Before /{code}: a code never reads 'receipts'.
@router.get("/receipts", response_class=HTMLResponse)
async def follow(receipt: str, context: ContextDep) -> HTMLResponse:
    """Where a suggestion stands, by its receipt code."""
    return await _receipt_view(receipt, context)


@router.get("/{code}", response_class=HTMLResponse)
async def branch_page(code: str, context: ContextDep, device: DeviceCookie = None) -> HTMLResponse:
    """A branch's public page: rate its service, make a suggestion, follow a receipt."""
    try:
        branch = await public.branch_of_code(code, context)
    except DomainError as error:
        return _failed(error, None)
    answer = HTMLResponse(templates.branch_page(branch.name, branch.code, branch.mode, public.period_word(context)))
    if not device:
        answer.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=3 * 365 * 86400, httponly=True, samesite="lax"
        )
    return answer


@router.post("/{code}/rate", response_class=HTMLResponse, status_code=201)
async def rate(
    code: str,
    request: Request,
    context: ContextDep,
    respondent_group: OptionalText = None,
    answer: OptionalText = None,
    comment: OptionalText = None,
    employee_number: OptionalText = None,
    device: DeviceCookie = None,
) -> HTMLResponse:
    """Rate the branch's service: one rating per device per period, or per employee number (工号) where the
    branch asks for it."""
    try:
        form = public.PublicRating(
            group=_choice(respondent_group, RespondentGroup, "您的身份"),
            answer=_choice(answer, SatisfactionAnswer, "满意程度"),
            comment=(comment or "").strip()[:1000] or None,
            employee_number=employee_number,
        )
        await public.rate_branch(code, _visitor(request, device), form, context)
    except DomainError as error:
        return _failed(error, code)
    return HTMLResponse(
        templates.message_page("谢谢您的评价", "您的评价已收到，我们会认真改进。", code), status_code=201
    )


@router.post("/{code}/suggest", response_class=HTMLResponse, status_code=201)
async def suggest(
    code: str,
    request: Request,
    context: ContextDep,
    content: OptionalText = None,
    category: OptionalText = None,
    respondent_group: OptionalText = None,
    anonymous: OptionalText = None,
    name: OptionalText = None,
    contact: OptionalText = None,
    device: DeviceCookie = None,
) -> HTMLResponse:
    """Make a suggestion to the branch; the answer page shows the receipt code to follow it."""
    try:
        branch = await public.branch_of_code(code, context)
        text = (content or "").strip()
        if not text:
            raise RuleViolationError("请填写意见建议的内容", code="content_required")
        command = suggestions.SubmitSuggestion(
            branch_id=branch.id,
            category=_choice(category or "other", SuggestionCategory, "类别"),
            content=text[:2000],
            respondent_group=_choice(respondent_group, RespondentGroup, "您的身份"),
            channel=FeedbackChannel.PUBLIC,
            anonymous=anonymous == "true",
            proposer_name=(name or "").strip()[:50] or None,
            contact=(contact or "").strip()[:100] or None,
        )
        done = await within_allowance(
            _visitor(request, device), branch.code, context, lambda: suggestions.submit_suggestion(command, context)
        )
    except DomainError as error:
        return _failed(error, code)
    suggestion, receipt = done.value
    page = templates.receipt_issued_page(branch.name, branch.code, receipt, suggestion.decide_due.isoformat())
    return HTMLResponse(page, status_code=201)


async def _receipt_view(receipt: str, context: Context, status: int = 200) -> HTMLResponse:
    try:
        suggestion = await suggestions.suggestion_by_receipt(receipt.strip().upper(), context)
    except DomainError as error:
        return _failed(error, None)
    facts, can_reopen, can_rate = receipt_facts(suggestion, context)
    return HTMLResponse(templates.receipt_page(receipt.upper(), facts, can_reopen, can_rate), status_code=status)


@router.post("/receipts/{receipt}/reopen", response_class=HTMLResponse)
async def reopen(
    receipt: str, request: Request, context: ContextDep, reason: OptionalText = None, device: DeviceCookie = None
) -> HTMLResponse:
    """Ask for a closed suggestion to be handled again (within 30 days of closing)."""
    try:
        why = (reason or "").strip()[:500]
        if not why:
            raise RuleViolationError("请说明原因", code="reason_required")
        await within_allowance(
            _visitor(request, device),
            receipt,
            context,
            lambda: suggestions.reopen_by_receipt(receipt.strip().upper(), why, context),
        )
    except DomainError as error:
        return _failed(error, None)
    return await _receipt_view(receipt, context)


@router.post("/receipts/{receipt}/rate-answer", response_class=HTMLResponse)
async def rate_answer(
    receipt: str, request: Request, context: ContextDep, answer: OptionalText = None, device: DeviceCookie = None
) -> HTMLResponse:
    """Rate the answer given to a suggestion."""
    try:
        chosen = _choice(answer, SatisfactionAnswer, "满意程度")
        await within_allowance(
            _visitor(request, device),
            receipt,
            context,
            lambda: suggestions.rate_answer_by_receipt(receipt.strip().upper(), chosen, context),
        )
    except DomainError as error:
        return _failed(error, None)
    return await _receipt_view(receipt, context)
