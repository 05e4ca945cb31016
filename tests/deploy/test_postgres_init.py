"""deploy/postgres/init-databases.sh, run as the postgres image runs it, on a real PostgreSQL server:
one role and database per service, the password from its secret file, and each role can migrate its own
database to head (what `bastion migrate <service>` does when its container starts)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import subprocess
from pathlib import Path

import asyncpg

from bastion.db.migrations import upgrade_to_head
from bastion.devstack.postgres import EmbeddedPostgres, binaries
from bastion.service import discover_services
from tests.deploy.compose import secrets_from_examples

SCRIPT = Path(__file__).resolve().parents[2] / "deploy" / "postgres" / "init-databases.sh"
SPECS = discover_services()


def scram_matches(verifier: str, password: str) -> bool:
    """Whether PostgreSQL's SCRAM-SHA-256 verifier (pg_authid.rolpassword) was made from this password."""
    iterations_and_salt, keys = verifier.removeprefix("SCRAM-SHA-256$").split("$")
    iterations, salt = iterations_and_salt.split(":")
    stored_key = base64.b64decode(keys.split(":")[0])
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return hmac.compare_digest(hashlib.sha256(client_key).digest(), stored_key)


async def test_init_script_creates_a_database_owned_by_each_service_that_it_can_migrate(
    own_postgres: EmbeddedPostgres, tmp_path: Path
) -> None:
    secrets = secrets_from_examples(tmp_path / "secrets")
    env = {
        "PATH": f"{binaries()}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "PGHOST": "127.0.0.1",
        "PGPORT": str(own_postgres.port),
        "POSTGRES_USER": "postgres",
        "BASTION_SECRETS_DIR": str(secrets),
    }
    result = await asyncio.to_thread(
        subprocess.run, ["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr

    admin = await asyncpg.connect(own_postgres.url)
    try:
        owners = dict(
            await admin.fetch(
                "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname = ANY($1)", list(SPECS)
            )
        )
        hashes = dict(
            await admin.fetch("SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY($1)", list(SPECS))
        )
    finally:
        await admin.close()
    assert owners == {name: name for name in SPECS}
    for name, spec in SPECS.items():
        password = (secrets / f"{name}_db_password").read_text(encoding="utf-8").strip()
        assert scram_matches(hashes[name], password), f"{name}: the role's password is not its secret file's"
        assert not scram_matches(hashes[name], password + "x")
        await upgrade_to_head(spec.migrations, f"postgresql://{name}:{password}@127.0.0.1:{own_postgres.port}/{name}")


def test_init_script_stops_when_a_password_file_is_missing(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "BASTION_SECRETS_DIR": str(tmp_path)}
    result = subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode != 0
    assert "roster_db_password" in result.stderr
