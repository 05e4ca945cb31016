"""What a person sees when signing in through the identity provider fails: one small page in Chinese that says
why and leads back to the sign-in page. No script and nothing from elsewhere, so it shows whatever went wrong."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

_STYLE = (
    "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0;background:#f5f5f5;color:#222}"
    "main{max-width:32rem;margin:12vh auto;background:#fff;padding:2rem;border-top:4px solid #c8161d}"
    "h1{font-size:1.3rem;margin:0 0 1rem}p{line-height:1.6}a{color:#c8161d}"
)


def sign_in_failed(status: int, code: str, message: str) -> HTMLResponse:
    """A page saying that signing in failed and why; ``code`` is for machines (and the sign-in page's link)."""
    reason = message.removeprefix("无法登录：")
    body = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>无法登录</title><style>{_STYLE}</style></head>"
        f'<body><main data-error="{escape(code)}"><h1>无法登录</h1><p>{escape(reason)}</p>'
        f'<p><a href="/?signin_error={escape(code)}">返回登录页</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
