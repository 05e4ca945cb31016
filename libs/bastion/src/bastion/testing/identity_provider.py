"""A real OpenID Connect provider for tests: the package oidc-provider-mock (a development dependency), run as a
process of its own on a free port, with the people a test puts in it.

Its sign-in page is a form where the person's subject is typed: a test (or a browser) posts it and is sent back
to the client's redirect URL with a code, as from any provider. It accepts any client id and secret.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bastion.devstack.processes import free_port, spawn, stop_process


class MockIdentityProvider:
    """``python -m oidc_provider_mock`` on ``127.0.0.1``; it asks clients for a nonce, as Bastion always sends one."""

    def __init__(self, *, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def issuer(self) -> str:
        """Its issuer, as its ID tokens state it (and its address)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> MockIdentityProvider:
        command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(self.port)]
        process = self._process = spawn([*command, "--require-nonce"], log_path=self.log_path)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the identity provider exited with {process.returncode}; see {self.log_path}")
            try:
                if httpx.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        raise TimeoutError(f"the identity provider did not answer within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        stop_process(self._process)

    def add_person(self, subject: str, claims: dict[str, Any]) -> None:
        """The provider knows ``subject`` with these claims (besides ``sub``), from now on."""
        answer = httpx.put(f"{self.issuer}/users/{quote(subject, safe='')}", json=claims, timeout=5)
        if answer.status_code != 204:
            raise AssertionError(f"the identity provider refused the person: {answer.status_code} {answer.text}")
