"""A service as a real child process (``bastion serve``), for tests that kill it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr
from pydantic_core import to_jsonable_python

from bastion.devstack.processes import free_port, spawn, stop_process
from bastion.settings import ServiceSettings


def settings_environment(settings: ServiceSettings) -> dict[str, str]:
    """The environment variables that reproduce ``settings`` in a child process (lists and mappings
    as JSON, which is how pydantic-settings reads them; secrets in clear)."""
    prefix = settings.model_config.get("env_prefix", "")
    env = {}
    for name in settings.model_dump(exclude={"shared_database_url"}):
        value = getattr(settings, name)
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, list | tuple | set | frozenset | dict):
            value = json.dumps(to_jsonable_python(value))
        env[f"{prefix}{name}".upper()] = str(value)
    return env


class ServiceProcess:
    """``python -m bastion.cli serve <service>`` with the given settings, on a free port."""

    def __init__(
        self, service: str, settings: ServiceSettings, *, log_dir: Path, failpoints: str = "", **env: Any
    ) -> None:
        self.service = service
        self.settings = settings
        self.port = free_port()
        self.log_path = log_dir / f"{service}-{self.port}.log"
        self.failpoints = failpoints
        self.extra_env = {key: str(value) for key, value in env.items()}
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> ServiceProcess:
        env = {**os.environ, **settings_environment(self.settings), **self.extra_env}
        prefix = self.service.upper()
        env[f"{prefix}_HTTP_PORT"] = str(self.port)
        env[f"{prefix}_HTTP_HOST"] = "127.0.0.1"
        env["BASTION_FAILPOINTS"] = self.failpoints
        self.process = spawn(
            [sys.executable, "-m", "bastion.cli", "serve", self.service], log_path=self.log_path, env=env
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.service} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                answer = httpx.get(f"{self.url}/healthz", timeout=1)
                if answer.status_code == 200 and answer.json().get("service") == self.service:
                    return self
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"{self.service} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    async def started(self, timeout: float = 30.0) -> ServiceProcess:
        """:meth:`start`, without blocking the caller's event loop (services in it keep running)."""
        return await asyncio.to_thread(self.start, timeout)

    async def exited(self, timeout: float) -> int:
        """Wait for the process to end, without blocking the caller's event loop; its exit code."""
        return await asyncio.to_thread(self.wait_for_exit, timeout)

    def wait_for_exit(self, timeout: float) -> int:
        if self.process is None:
            raise RuntimeError("not started")
        return self.process.wait(timeout)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM, 20.0)

    def kill(self) -> None:
        stop_process(self.process, signal.SIGKILL, 5.0)

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
