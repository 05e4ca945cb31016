"""Who is asking: bearer tokens signed by the embedded issuer or an identity provider's JWKS, API keys of
machines; every bad credential is a 401 that says what is wrong, and nothing else gets in.

Against scoring's rule sets (open to every role) on a real service with its database."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from bastion.auth import Role, api_keys
from bastion.auth.tokens import load_signing_key
from bastion.db import create_engine
from bastion.devstack.processes import free_port
from bastion.settings import ServiceSettings
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.auth import bearer
from scoring.main import SERVICE

OPEN_TO_ALL = "/rule-sets"


@pytest.fixture
async def scoring(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client


def claims(settings: ServiceSettings, **changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base = {
        "iss": settings.auth_issuer,
        "aud": settings.auth_audience,
        "sub": "someone",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "bastion_role": "admin",
    }
    return {k: v for k, v in (base | changes).items() if v is not None}


async def answer(client: ServiceClient, token: str) -> tuple[int, dict[str, Any]]:
    response = await client.http.get(OPEN_TO_ALL, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()


def signed(settings: ServiceSettings, body: dict[str, Any], key: Any | None = None, algorithm: str = "ES256") -> str:

    signing_key = key if key is not None else load_signing_key(Path(str(settings.auth_signing_key_file)))
    return jwt.encode(body, signing_key, algorithm=algorithm)


async def test_a_valid_token_is_accepted_and_each_bad_one_refused_with_its_reason(scoring: ServiceClient) -> None:
    settings = scoring.runtime.settings
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    good = signed(settings, claims(settings))
    header, payload, signature = good.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}{'AAAA' if not signature.endswith('AAAA') else 'BBBB'}"
    skew = settings.auth_clock_skew_seconds
    cases = {
        "tampered signature": (tampered, "invalid_token"),
        "signed by another key": (signed(settings, claims(settings), stranger_key), "invalid_token"),
        "expired": (
            signed(settings, claims(settings, exp=datetime.now(UTC) - timedelta(seconds=skew + 30))),
            "token_expired",
        ),
        "wrong audience": (signed(settings, claims(settings, aud="another-system")), "invalid_token"),
        "wrong issuer": (signed(settings, claims(settings, iss="https://elsewhere")), "invalid_token"),
        "no expiry": (signed(settings, claims(settings, exp=None)), "invalid_token"),
        "unsigned (alg none)": (jwt.encode(claims(settings), None, algorithm="none"), "invalid_token"),
        "shared secret (HS256)": (jwt.encode(claims(settings), "x" * 32, algorithm="HS256"), "invalid_token"),
        "no role": (signed(settings, claims(settings, bastion_role=None)), "invalid_token"),
        "unknown role": (signed(settings, claims(settings, bastion_role="superuser")), "invalid_token"),
        "secretary without branches": (signed(settings, claims(settings, bastion_role="secretary")), "invalid_token"),
        "member without their id": (signed(settings, claims(settings, bastion_role="member")), "invalid_token"),
        "not a token": ("hello", "invalid_token"),
    }

    assert (await answer(scoring, good))[0] == 200
    for case, (token, code) in cases.items():
        status, body = await answer(scoring, token)
        assert (status, body["error"]) == (401, code), f"{case}: {status} {body}"
        assert body["message"], case
    just_expired = signed(settings, claims(settings, exp=datetime.now(UTC) - timedelta(seconds=skew // 2)))
    assert (await answer(scoring, just_expired))[0] == 200, "within the allowed clock skew"


async def test_requests_without_credentials_or_with_both_kinds_are_refused(scoring: ServiceClient) -> None:
    settings = scoring.runtime.settings
    none = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": ""})
    both = await scoring.http.get(OPEN_TO_ALL, headers={**bearer(settings), "X-API-Key": "bsk_x_y"})
    basic = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": "Basic dXNlcjpwYXNz"})

    assert none.status_code == 401
    assert "Bearer" in none.json()["message"]
    assert both.status_code == 401
    assert basic.status_code == 401
    assert (await scoring.http.get("/healthz", headers={"Authorization": ""})).status_code == 200, "health is open"


async def test_an_api_key_lets_a_machine_read_until_it_is_revoked_and_never_write(scoring: ServiceClient) -> None:
    engine = create_engine(scoring.runtime.settings.require_database_url(), pool_size=1)
    key_id, key = api_keys.new_key()
    try:
        async with engine.begin() as connection:
            await api_keys.store(connection, key_id, key, "oa-sync", Role.SERVICE)
        read = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": "", "X-API-Key": key})
        wrong_secret = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": "", "X-API-Key": key[:-2] + "xx"})
        unknown = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": "", "X-API-Key": api_keys.new_key()[1]})
        audit = await scoring.http.get("/audit", headers={"Authorization": "", "X-API-Key": key})
        async with engine.begin() as connection:
            assert await api_keys.revoke(connection, key_id)
        after = await scoring.http.get(OPEN_TO_ALL, headers={"Authorization": "", "X-API-Key": key})
        async with engine.connect() as connection:
            stored = (await api_keys.listed(connection))[0]
    finally:
        await engine.dispose()

    assert read.status_code == 200
    assert (wrong_secret.status_code, unknown.status_code, after.status_code) == (401, 401, 401)
    assert wrong_secret.json() == unknown.json() == after.json(), "one answer: nothing learned about which"
    assert audit.status_code == 403, "a machine is not the committee"
    assert stored.key_id == key_id
    assert key not in repr(stored), "only the hash is kept"


class _Jwks(BaseHTTPRequestHandler):
    document: bytes = b"{}"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.document)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def identity_provider() -> Iterator[tuple[str, rsa.RSAPrivateKey]]:
    """An identity provider's JWKS endpoint with one RS256 key (kid "idp-1")."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    handler = type(
        "Jwks", (_Jwks,), {"document": json.dumps({"keys": [jwk | {"kid": "idp-1", "use": "sig"}]}).encode()}
    )
    server = HTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json", key
    finally:
        server.shutdown()
        server.server_close()


async def test_tokens_of_the_enterprise_identity_provider_are_checked_against_its_jwks(
    stack: TestStack, identity_provider: tuple[str, rsa.RSAPrivateKey]
) -> None:
    url, key = identity_provider
    settings = await stack.settings_for(
        SERVICE, auth_jwks_url=url, auth_issuer="https://idp.example.cn", auth_audience="bastion-prod"
    )
    body = claims(settings, bastion_role="secretary", bastion_branches=[str(uuid.uuid4())])
    good = jwt.encode(body, key, algorithm="RS256", headers={"kid": "idp-1"})
    unknown_kid = jwt.encode(body, key, algorithm="RS256", headers={"kid": "idp-2"})
    embedded = bearer(settings)["Authorization"].removeprefix("Bearer ")  # Bastion's own key: not trusted now
    async with running_service(SERVICE, settings) as scoring:
        assert (await answer(scoring, good))[0] == 200
        assert (await answer(scoring, unknown_kid))[0] == 401
        assert (await answer(scoring, embedded))[0] == 401
