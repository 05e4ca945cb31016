"""ASGI middleware that refuses hostile input before routing: request bodies over the size limit (413),
and text containing U+0000, which PostgreSQL cannot store (422 naming the field).

:class:`BodyLimitMiddleware` reads the whole body first (it is bounded, and every route parses its whole
body anyway), so the app never sees a partial body, and a body that grows past the limit while it
streams in is refused as surely as one whose Content-Length says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NUL_PROBLEM = "不能包含空字符（U+0000）"


class BodyLimitMiddleware:
    """413 ``payload_too_large`` for a body over ``max_body_bytes``, by Content-Length up front or by
    counting what streams in (chunked bodies); the app then receives the body in one message."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: nobody to answer
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.max_body_bytes
        answer = JSONResponse(
            status_code=413,
            content={
                "error": "payload_too_large",
                "message": f"请求体太大：最多 {limit} 字节 (request body larger than {limit} bytes)",
            },
            headers={"Connection": "close"},
        )
        await answer(scope, receive, send)


class NulCharacterMiddleware:
    """422 ``invalid_request`` for a path, query parameter or JSON/form field containing U+0000, naming
    the field as validation errors do. Must run inside :class:`BodyLimitMiddleware` (it reads the body)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = await receive()
        body = message.get("body", b"") if message["type"] == "http.request" else b""
        receive = replaying(body, receive) if message["type"] == "http.request" else _first(message, receive)
        field = _nul_in_address(scope) or _nul_in_body(Headers(scope=scope).get("content-type", ""), body)
        if field is None:
            await self.app(scope, receive, send)
            return
        answer = JSONResponse(
            status_code=422,
            content={
                "error": "invalid_request",
                "message": f"请求有误：{field}：{NUL_PROBLEM}",
                "errors": [{"field": field, "problem": NUL_PROBLEM, "detail": "Text must not contain U+0000 (NUL)"}],
            },
        )
        await answer(scope, receive, send)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the whole body in one message, then waits on the client as before."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _first(message: Message, receive: Receive) -> Receive:
    pending = True

    async def again() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return message
        return await receive()

    return again


def _nul_in_address(scope: Scope) -> str | None:
    if "\x00" in scope.get("path", ""):
        return "path"
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if "\x00" in name or "\x00" in value:
            return f"query.{name.replace(chr(0), '')}"
    return None


def _nul_in_body(content_type: str, body: bytes) -> str | None:
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == "application/x-www-form-urlencoded":
        for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
            if "\x00" in name or "\x00" in value:
                return name.replace("\x00", "") or "body"
        return None
    # JSON can only carry U+0000 escaped; look closer only when the escape is there at all.
    if b"\\u0000" not in body:
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):  # malformed or absurdly deep: the route's parser answers that
        return None
    return next(_nul_paths(document, ()), None)


def _nul_paths(value: Any, path: tuple[str, ...]) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield ".".join(path) or "body"
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield ".".join((*path, key.replace("\x00", ""))) or "body"
            yield from _nul_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, (*path, str(index)))
