"""Bearer tokens (JWT): verified against the identity provider's JWKS, or signed by Bastion itself in the
embedded default. Only asymmetric signatures (RS256, ES256); issuer, audience and expiry are required;
clock skew is bounded by the settings."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bastion.auth.principal import Principal, Role
from bastion.errors import ConfigurationError, InfrastructureError, UnauthenticatedError
from bastion.settings import ServiceSettings

ALGORITHMS = ("RS256", "ES256")
_EMBEDDED_KEY_ID = "bastion-embedded"


class SessionKeys(Protocol):
    """The public keys of the tokens Bastion issues when people sign in (roster's rotating keys)."""

    async def key(self, key_id: str) -> Any:
        """The verification key with this ``kid``; ``UnauthenticatedError`` if there is none."""
        ...


class JwksSessionKeys:
    """Roster's published keys, fetched from its JWKS (``auth_session_jwks_url``) and cached; an unknown
    ``kid`` (a key rotated in since) makes the client fetch again."""

    def __init__(self, url: str) -> None:
        self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5)

    async def key(self, key_id: str) -> Any:
        return await _fetched_key(
            self._client.get_signing_key, key_id, "登录服务的密钥无法获取 (session JWKS unreachable)"
        )


async def _fetched_key(fetch: Callable[[str], jwt.PyJWK], argument: str, unreachable: str) -> Any:
    """A key from a JWKS client (its blocking fetch off the event loop): an unreachable JWKS is the
    infrastructure's failure (503), a key it does not have the token's (401)."""
    try:
        found = await asyncio.to_thread(fetch, argument)
    except jwt.PyJWKClientConnectionError as exc:
        raise InfrastructureError(f"{unreachable}: {exc}") from exc
    except jwt.PyJWKClientError as exc:
        raise UnauthenticatedError(f"令牌的签名密钥未知 (unknown signing key): {exc}", code="invalid_token") from exc
    return found.key


class TokenVerifier:
    """Checks a bearer token and says who it names.

    Two issuers are trusted: Bastion itself for people who signed in (``auth_session_issuer``, keys from
    ``session_keys``), and the identity provider (``auth_issuer``, its JWKS) or, in the embedded default,
    the static key of ``auth_signing_key_file`` (``kid`` ``bastion-embedded``).
    """

    def __init__(self, settings: ServiceSettings, session_keys: SessionKeys | None = None) -> None:
        self._settings = settings
        if session_keys is None and settings.auth_session_jwks_url:
            session_keys = JwksSessionKeys(settings.auth_session_jwks_url)
        self._session_keys = session_keys

    @cached_property
    def _jwks(self) -> jwt.PyJWKClient | None:
        url = self._settings.auth_jwks_url
        return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=5) if url else None

    @cached_property
    def _embedded_key(self) -> ec.EllipticCurvePublicKey | None:
        path = self._settings.auth_signing_key_file
        return load_signing_key(Path(path)).public_key() if path and not self._jwks else None

    async def verify(self, token: str) -> Principal:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.DecodeError as exc:
            raise UnauthenticatedError("令牌格式无效 (malformed token)", code="invalid_token") from exc
        if algorithm not in ALGORITHMS:
            raise UnauthenticatedError(f"不接受此签名算法 (algorithm {algorithm!r} not accepted)", code="invalid_token")
        session_key_id = self._session_key_id(token)
        if session_key_id is not None and self._session_keys is not None:
            key = await self._session_keys.key(session_key_id)
            claims = _decode(token, key, self._settings, issuer=self._settings.auth_session_issuer)
        else:
            claims = _decode(token, await self._key_for(token), self._settings, issuer=self._settings.auth_issuer)
        return principal_from_claims(claims, self._settings)

    def _session_key_id(self, token: str) -> str | None:
        """The ``kid`` of a token Bastion issued at sign-in (its issuer, not the embedded static key)."""
        if self._session_keys is None:
            return None
        key_id = jwt.get_unverified_header(token).get("kid")
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.DecodeError as exc:
            raise UnauthenticatedError("令牌格式无效 (malformed token)", code="invalid_token") from exc
        if issuer != self._settings.auth_session_issuer or not isinstance(key_id, str) or key_id == _EMBEDDED_KEY_ID:
            return None
        return key_id

    async def _key_for(self, token: str) -> Any:
        if self._jwks is not None:
            return await _fetched_key(
                self._jwks.get_signing_key_from_jwt, token, "身份提供方的密钥无法获取 (JWKS unreachable)"
            )
        if self._embedded_key is not None:
            return self._embedded_key
        raise UnauthenticatedError("未配置令牌签发方 (no token issuer configured)", code="invalid_token")


def _decode(token: str, key: Any, settings: ServiceSettings, *, issuer: str) -> dict[str, Any]:
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(ALGORITHMS),
            audience=settings.auth_audience,
            issuer=issuer,
            leeway=settings.auth_clock_skew_seconds,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise UnauthenticatedError("令牌已过期 (token expired)", code="token_expired") from exc
    except jwt.InvalidAudienceError as exc:
        raise UnauthenticatedError("令牌不是发给本系统的 (wrong audience)", code="invalid_token") from exc
    except jwt.InvalidIssuerError as exc:
        raise UnauthenticatedError("令牌签发方不对 (wrong issuer)", code="invalid_token") from exc
    except jwt.InvalidSignatureError as exc:
        raise UnauthenticatedError("令牌签名无效 (bad signature)", code="invalid_token") from exc
    except jwt.ImmatureSignatureError as exc:
        raise UnauthenticatedError("令牌尚未生效 (token not yet valid)", code="invalid_token") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise UnauthenticatedError(f"令牌缺少声明 (missing claim {exc.claim})", code="invalid_token") from exc
    except jwt.InvalidTokenError as exc:
        raise UnauthenticatedError(f"令牌无效 (invalid token: {exc})", code="invalid_token") from exc
    return claims


def principal_from_claims(claims: dict[str, Any], settings: ServiceSettings) -> Principal:
    """The principal the verified claims name; a role without what it needs is refused."""
    raw_role = claims.get(settings.auth_role_claim)
    roles = raw_role if isinstance(raw_role, list) else [raw_role]
    known = [Role(r) for r in roles if isinstance(r, str) and r in Role.__members__.values()]
    if not known:
        raise UnauthenticatedError(
            f"令牌没有有效角色 (claim {settings.auth_role_claim!r} must be one of {', '.join(Role)})",
            code="invalid_token",
        )
    role = min(known, key=list(Role).index)  # the strongest of the roles it lists
    branches = _uuids(claims.get(settings.auth_branches_claim, []), settings.auth_branches_claim)
    member = claims.get(settings.auth_member_claim)
    member_id = _uuids([member], settings.auth_member_claim)[0] if member is not None else None
    if role is Role.SECRETARY and not branches:
        raise UnauthenticatedError(
            f"书记令牌须列出支部 (a secretary's token lists branches in {settings.auth_branches_claim!r})",
            code="invalid_token",
        )
    if role is Role.MEMBER and member_id is None:
        raise UnauthenticatedError(
            f"党员令牌须有本人编号 (a member's token names the member in {settings.auth_member_claim!r})",
            code="invalid_token",
        )
    return Principal(str(claims["sub"]), role, frozenset(branches), member_id)


def _uuids(values: object, claim: str) -> list[uuid.UUID]:
    if not isinstance(values, list):
        raise UnauthenticatedError(f"声明 {claim} 须是列表 (claim {claim!r} must be a list)", code="invalid_token")
    try:
        return [uuid.UUID(str(value)) for value in values]
    except ValueError as exc:
        raise UnauthenticatedError(
            f"声明 {claim} 含无效编号 (claim {claim!r}: not a UUID)", code="invalid_token"
        ) from exc


# --- the embedded default: Bastion signs its own tokens ---------------------------------------------


def ensure_signing_key(path: Path) -> Path:
    """An EC P-256 private key at ``path`` (made, readable by the owner only, if missing)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        path.touch(mode=0o600)
        path.write_bytes(pem)
    return path


def load_signing_key(path: Path) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(f"AUTH_SIGNING_KEY_FILE: cannot read a private key from {path}: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ConfigurationError(f"AUTH_SIGNING_KEY_FILE: {path} is not an EC private key")
    return key


def mint_token(
    settings: ServiceSettings,
    *,
    subject: str,
    role: Role,
    branch_ids: tuple[uuid.UUID, ...] = (),
    member_id: uuid.UUID | None = None,
    lifetime: timedelta = timedelta(hours=12),
) -> str:
    """A token signed with the embedded key (``auth_signing_key_file``), as the identity provider would
    issue one."""
    if not settings.auth_signing_key_file:
        raise ConfigurationError("minting tokens needs AUTH_SIGNING_KEY_FILE (the embedded default)")
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "sub": subject,
        "iat": now,
        "exp": now + lifetime,
        settings.auth_role_claim: role.value,
    }
    if branch_ids:
        claims[settings.auth_branches_claim] = [str(b) for b in branch_ids]
    if member_id is not None:
        claims[settings.auth_member_claim] = str(member_id)
    key = load_signing_key(Path(settings.auth_signing_key_file))
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": _EMBEDDED_KEY_ID})
