"""The public channel seen by staff: a branch's code, link and printable QR code, how its page counts a
respondent (anonymous: a device; identified: an employee number), and the ratings flagged as bursts."""

from __future__ import annotations

import io
import uuid
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from bastion.auth import Principal
from bastion.http.auth import allow
from bastion.http.policies import BranchWrite, require_own_branch
from feedback.domain.public import PublicMode
from feedback.entrypoints.api.access import EVERY_ROLE
from feedback.entrypoints.api.dependencies import ContextDep
from feedback.service_layer import public
from feedback.service_layer.context import Context

router = APIRouter(prefix="/branches/{branch_id}/public-channel", tags=["public channel"])

# The code and the QR code are printed on posters for anyone to scan: public channel info, for every role.
ChannelReader = Annotated[Principal, Depends(allow(*EVERY_ROLE, scope="public channel info: any branch"))]


class PublicChannel(BaseModel):
    branch_id: uuid.UUID
    code: str = Field(description="Six characters, easy to read off a poster.")
    url: str = Field(description="The branch's public page.")
    qr_code_url: str = Field(description="An SVG QR code of the page's address, for printing.")
    mode: PublicMode = Field(
        description="anonymous: one rating per device (the default); identified: the page asks for the employee "
        "number (工号, stored hashed), one rating per person."
    )
    mode_label: str = Field(description="The mode in Chinese.")
    notice: str = Field(description="What the page tells respondents about how they are counted (Chinese).")
    period: str = Field(description="The current rating period.")
    flagged_ratings: int = Field(
        description="Ratings of this period flagged as a burst from one network address: accepted, to be checked "
        "(`GET /ratings?branch_id=…&flagged=true` lists them with the reason)."
    )


class PublicChannelUpdate(BaseModel):
    """How the branch's public page counts a respondent."""

    model_config = ConfigDict(extra="forbid")

    mode: PublicMode


def _answer(branch_id: uuid.UUID, view: public.ChannelView, context: Context) -> PublicChannel:
    base = context.settings.public_pages_url
    return PublicChannel(
        branch_id=branch_id,
        code=view.code,
        url=f"{base}/p/{view.code}",
        qr_code_url=f"/branches/{branch_id}/public-channel/qr.svg",
        mode=view.mode,
        mode_label=view.mode.label_zh,
        notice=view.mode.notice(public.period_word(context)),
        period=view.period,
        flagged_ratings=view.flagged_ratings,
    )


@router.get("", response_model=PublicChannel)
async def channel(branch_id: uuid.UUID, principal: ChannelReader, context: ContextDep) -> PublicChannel:
    """The branch's public page: its short code and address (created the first time it is asked for), its
    mode, and how many ratings this period are flagged for a check."""
    return _answer(branch_id, await public.channel_view(branch_id, context), context)


@router.put("", response_model=PublicChannel)
async def choose_mode(
    branch_id: uuid.UUID, body: PublicChannelUpdate, principal: BranchWrite, context: ContextDep
) -> PublicChannel:
    """Choose how the page counts a respondent: `anonymous` (a device may rate once per period; one person
    with two phones counts twice) or `identified` (the page asks for the employee number, stored only as a
    keyed hash, so one person rates once per period whatever the device). A secretary sets their own branch."""
    require_own_branch(principal, branch_id)
    return _answer(branch_id, await public.set_mode(branch_id, body.mode, context), context)


@router.get("/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}})
async def qr_code(branch_id: uuid.UUID, principal: ChannelReader, context: ContextDep) -> Response:
    """A QR code (SVG) of the branch's public page, to print and put up where people are served."""
    code = await public.public_code(branch_id, context)
    buffer = io.BytesIO()
    segno.make(f"{context.settings.public_pages_url}/p/{code}", error="m").save(buffer, kind="svg", scale=8)
    return Response(buffer.getvalue(), media_type="image/svg+xml")
