"""Error answers: every error is JSON with a stable ``error`` code and a message a person can read.

Validation problems name each field and say, in Chinese first, what is wrong with it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bastion.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InfrastructureError,
    NotFoundError,
    RateLimitedError,
    RuleViolationError,
    UnauthenticatedError,
)

log = logging.getLogger(__name__)

_PROBLEMS_ZH = {
    "missing": "缺少必填字段",
    "uuid_parsing": "不是有效的 UUID",
    "uuid_type": "不是有效的 UUID",
    "date_parsing": "不是有效的日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "不是有效的日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "不是有效的日期（YYYY-MM-DD）",
    "date_type": "不是有效的日期（YYYY-MM-DD）",
    "datetime_parsing": "不是有效的时间（ISO 8601）",
    "datetime_from_date_parsing": "不是有效的时间（ISO 8601）",
    "timezone_aware": "时间必须带时区",
    "string_type": "必须是文本",
    "string_too_short": "太短或为空",
    "string_too_long": "太长",
    "string_pattern_mismatch": "格式不正确",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "float_parsing": "必须是数字",
    "decimal_parsing": "必须是数字",
    "decimal_type": "必须是数字",
    "bool_parsing": "必须是 true 或 false",
    "greater_than": "超出允许范围（太小）",
    "greater_than_equal": "超出允许范围（太小）",
    "less_than": "超出允许范围（太大）",
    "less_than_equal": "超出允许范围（太大）",
    "enum": "取值无效",
    "literal_error": "取值无效",
    "extra_forbidden": "不允许的字段",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "必须是 JSON 对象",
    "dict_type": "必须是 JSON 对象",
    "list_type": "必须是列表",
    "too_short": "条目太少",
    "too_long": "条目太多",
}


# What Python's JSON parser says is wrong (``JSONDecodeError.msg`` starts with one of these), for people.
_JSON_PROBLEMS_ZH = {
    "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "字段名须用双引号括起",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string": "文本没有结束的引号",
    "Invalid control character": "文本中有未转义的控制字符",
    "Invalid \\escape": "无效的转义",
    "Extra data": "JSON 之后还有多余内容",
}


def describe_validation_errors(errors: Sequence[Any], body: object = None) -> list[dict[str, str]]:
    """One entry per problem: the field (dotted path, without 'body'), and what is wrong.

    ``body`` is the request body as the parser saw it: for JSON that does not parse, where it breaks.
    """
    described = []
    for error in errors:
        if _is_unparsable_body(error):
            described.append(_describe_invalid_json(error, body))
            continue
        location = [str(part) for part in error.get("loc", ()) if part not in ("body",)]
        field = ".".join(location) or "body"
        kind = error.get("type", "")
        problem = _PROBLEMS_ZH.get(kind)
        expected = (error.get("ctx") or {}).get("expected")
        if kind == "value_error":
            problem = str(error.get("msg", "")).removeprefix("Value error, ")
        elif problem and expected:
            problem = f"{problem}，可选：{expected}"
        described.append(
            {
                "field": field,
                "problem": problem or str(error.get("msg", "")),
                "detail": str(error.get("msg", "")),
            }
        )
    return described


def _is_unparsable_body(error: Any) -> bool:
    """FastAPI's report of a body that is not JSON at all: ``loc`` is ("body", <character offset>)."""
    location = tuple(error.get("loc", ()))
    return error.get("type") == "json_invalid" and len(location) == 2 and isinstance(location[1], int)


def _describe_invalid_json(error: Any, body: object) -> dict[str, str]:
    """The offset in ``loc`` is not a field: say where the text breaks instead, as line and column (as an
    editor shows them) when the text is at hand, and what the parser expected there."""
    reason = str((error.get("ctx") or {}).get("error", ""))
    offset: int = error["loc"][1]
    if isinstance(body, str):
        line = body.count("\n", 0, offset) + 1
        column = offset - body.rfind("\n", 0, offset)
        where = f"第 {line} 行第 {column} 列"
    else:
        where = f"第 {offset + 1} 个字符"
    what = next((zh for en, zh in _JSON_PROBLEMS_ZH.items() if reason.startswith(en)), "")
    said = f"{where}，{what}" if what else where
    problem = f"{_PROBLEMS_ZH['json_invalid']}（{said}）"
    detail = "; ".join(part for part in (str(error.get("msg", "")), reason) if part)
    return {"field": "body", "problem": problem, "detail": detail}


def status_of(error: DomainError) -> int:
    return next(code for kind, code in _STATUS_OF if isinstance(error, kind))


def _problem(status: int, code: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": code, "message": message, **extra})


async def _validation_failed(request: Request, exc: Exception) -> JSONResponse:
    error = cast(RequestValidationError, exc)
    problems = describe_validation_errors(error.errors(), error.body)
    content_type = request.headers.get("content-type", "")
    if "json" not in content_type.lower():
        for problem in problems:  # a JSON body sent as text or a form: say what to send
            if problem["field"] == "body" and problem["problem"] == _PROBLEMS_ZH["model_attributes_type"]:
                problem["problem"] += f"（请以 Content-Type: application/json 发送，收到的是 {content_type or '无'}）"
    summary = "；".join(f"{_label(p['field'])}：{p['problem']}" for p in problems)
    return _problem(422, "invalid_request", f"请求有误：{summary}", errors=problems)


def _label(field: str) -> str:
    """How a field is named in the message: the body as a whole in words, a field by its name."""
    return "请求体" if field == "body" else field


_STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (UnauthenticatedError, 401),
    (ForbiddenError, 403),
    (RateLimitedError, 429),
    (NotFoundError, 404),
    (ConflictError, 409),
    (RuleViolationError, 422),
    (DomainError, 400),
)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(DomainError, exc)
    status = status_of(error)
    answer = _problem(status, error.code, error.message)
    if isinstance(error, RateLimitedError):
        answer.headers["Retry-After"] = str(error.retry_after_seconds)
    if isinstance(error, UnauthenticatedError):
        answer.headers["WWW-Authenticate"] = 'Bearer realm="bastion"'

    return answer


async def _unavailable(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(InfrastructureError, exc)
    log.warning("answering 503", extra={"error": error.code, "reason": error.message})
    answer = _problem(503, error.code, f"服务暂时不可用：{error.message}")
    answer.headers["Retry-After"] = "5"
    return answer


# FastAPI's answer when the body cannot be parsed for another reason than bad JSON syntax: nesting
# deeper than the parser's recursion limit, or bytes that are not UTF-8.
_UNREADABLE_BODY = "There was an error parsing the body"


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    error = cast(StarletteHTTPException, exc)
    if error.status_code == 400 and error.detail == _UNREADABLE_BODY:
        return _problem(400, "unreadable_body", "请求体无法解析：嵌套太深或不是 UTF-8 编码 (body could not be parsed)")
    messages = {404: "没有这个地址", 405: "不支持这个请求方法"}
    return _problem(
        error.status_code,
        "http_error",
        messages.get(error.status_code, str(error.detail)),
        detail=error.detail,
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path, "method": request.method})
    return _problem(500, "internal_error", "服务器内部错误，已记录，请稍后再试")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_failed)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(InfrastructureError, _unavailable)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
