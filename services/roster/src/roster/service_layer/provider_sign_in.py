"""Signing in through the enterprise's identity provider (统一身份认证): the person it names, found in the
roster, gets a Bastion session like one signed in with a password."""

from __future__ import annotations

from roster.adapters.identity_provider import ProviderIdentity
from roster.service_layer.accounts import account_for_identity
from roster.service_layer.context import Context
from roster.service_layer.sessions import IssuedSession, open_session
from roster.settings import RosterSettings


async def sign_in_with_provider(
    identity: ProviderIdentity, context: Context, *, settings: RosterSettings, client: str | None
) -> IssuedSession:
    """The account linked to the provider's subject (linked now by employee number, the first time), signed in."""
    account_id = await account_for_identity(
        context.uow, subject=identity.subject, employee_number=identity.employee_number, now=context.now
    )
    return await open_session(context.uow, account_id, settings=settings, client=client, method="oidc", now=context.now)
