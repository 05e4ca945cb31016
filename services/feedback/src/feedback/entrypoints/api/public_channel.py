"""The public channel seen by staff: a branch's code, link and printable QR code."""

from __future__ import annotations

import io
import uuid
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from bastion.auth import Principal
from bastion.http.auth import allow
from feedback.entrypoints.api.access import EVERY_ROLE
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.service_layer import public

router = APIRouter(prefix="/branches/{branch_id}/public-channel", tags=["public channel"])

# The code and the QR code are printed on posters for anyone to scan: public channel info, for every role.
ChannelReader = Annotated[Principal, Depends(allow(*EVERY_ROLE, scope="public channel info: any branch"))]


class PublicChannel(BaseModel):
    branch_id: uuid.UUID
    code: str = Field(description="Six characters, easy to read off a poster.")
    url: str = Field(description="The branch's public page.")
    qr_code_url: str = Field(description="An SVG QR code of the page's address, for printing.")


@router.get("", response_model=PublicChannel)
async def channel(branch_id: uuid.UUID, principal: ChannelReader, context: ContextDep) -> PublicChannel:
    """The branch's public page: its short code and address (created the first time it is asked for)."""
    code = await public.public_code(branch_id, context)
    return PublicChannel(
        branch_id=branch_id,
        code=code,
        url=f"{context.settings.public_address}/p/{code}",
        qr_code_url=f"/branches/{branch_id}/public-channel/qr.svg",
    )


@router.get("/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
async def qr_code(branch_id: uuid.UUID, principal: ChannelReader, context: ContextDep) -> Response:
    """A QR code (SVG) of the branch's public page, to print and put up where people are served."""
    code = await public.public_code(branch_id, context)
    buffer = io.BytesIO()
    segno.make(f"{context.settings.public_address}/p/{code}", error="m").save(buffer, kind="svg", scale=8)
    return Response(buffer.getvalue(), media_type="image/svg+xml")
