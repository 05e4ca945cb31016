"""A running ``bastion dev`` (``make run``) for tests: its output as it comes, its children, its services."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psutil

from bastion.devstack import free_port
from bastion.devstack.server_user import remove_local_data

SERVICES = ("roster", "activity", "feedback", "scoring")


class Dev:
    def __init__(self, process: subprocess.Popen[str], ports: dict[str, int], port: int) -> None:
        self.process = process
        self.ports = ports
        self.port = port  # the one address (the proxy)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def address(self) -> str:
        """The one address: the web app, /api/<service>/…, the public pages."""
        return f"http://127.0.0.1:{self.port}"

    def wait_for(self, pattern: str, *, after: int = 0, timeout: float = 180) -> re.Match[str]:
        """The first line from ``after`` on that matches ``pattern`` (waiting for it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[after:]:
                if found := re.search(pattern, line):
                    return found
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r}:\n{self.text}")

    def child(self, *fragments: str) -> psutil.Process:
        """The child process whose command line holds every fragment."""
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                if all(fragment in " ".join(child.cmdline()) for fragment in fragments):
                    return child
        raise AssertionError(f"no child running {fragments}")

    def killed_and_restarted(self, name: str, *fragments: str) -> psutil.Process:
        """SIGKILL the child whose command line holds ``fragments``, then wait until ``bastion dev`` has said
        that ``name`` exited and started again; the killed process."""
        child = self.child(*fragments)
        mark = len(self.lines)
        child.send_signal(signal.SIGKILL)
        self.wait_for(rf"{name} exited \(killed by SIGKILL\); starting it again in \d+ s", after=mark)
        self.wait_for(rf"{name} started again \(", after=mark)
        return child

    def answers(self, url: str, *, headers: dict[str, str] | None = None, timeout: float = 90) -> httpx.Response:
        """The first 200 from ``url``, asked until then (while a service or what it needs comes back)."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            try:
                answer = httpx.get(url, headers=headers, timeout=5)
                if answer.status_code == 200:
                    return answer
                last = f"{answer.status_code} {answer.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.2)
        raise AssertionError(f"{url} did not answer 200: {last}")

    def applied(self, service: str, event_ids: list[str], timeout: float = 90) -> bool:
        """Whether ``service`` applies these events (asked until it has, or ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                answer = httpx.get(
                    f"{self.url(service)}/consumption", params={"after": event_ids, "wait_seconds": 5}, timeout=10
                )
                if answer.status_code == 200 and answer.json()["applied"] is True:
                    return True
            time.sleep(0.2)
        return False

    @property
    def signed_in(self) -> dict[str, str]:
        """Signed in as the demo's committee officer, with the password ``make run`` prints."""
        return {"Authorization": f"Bearer {self.sign_in('committee')['access_token']}"}

    def sign_in(self, username: str) -> dict[str, Any]:
        password = re.search(r"Sign in as committee .*password (\S+?):", self.text)
        assert password is not None, "make run prints the demo's accounts and their password"
        answer = httpx.post(
            f"{self.url('roster')}/auth/login", json={"username": username, "password": password.group(1)}, timeout=10
        )
        assert answer.status_code == 200, answer.text
        session: dict[str, Any] = answer.json()
        return session

    def create_unit(self, kind: str, parent_id: str | None = None) -> dict[str, Any]:
        body = {"kind": kind, "name": f"{kind}-{uuid.uuid4().hex[:6]}", "parent_id": parent_id}
        answer = httpx.post(f"{self.url('roster')}/org-units", json=body, headers=self.signed_in, timeout=10)
        assert answer.status_code == 201, answer.text
        created: dict[str, Any] = answer.json()
        return created

    def stop(self) -> int:
        """Ctrl-C; its exit code."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(60)
        self.read_to_the_end()
        return code

    def read_to_the_end(self) -> None:
        self._reader.join(10)


@contextlib.contextmanager
def running_dev(data: Path, *arguments: str) -> Iterator[Dev]:
    """``bastion dev`` on free ports (other than the defaults) with its data in ``data``, until it stops."""
    ports = {name: free_port() for name in SERVICES}
    proxy_port = free_port()
    configured = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "FEEDBACK_PUBLIC_BASE_URL", "BASTION_DEV_HOST")
    env = {k: v for k, v in os.environ.items() if not k.endswith(configured)}
    env |= {f"{name.upper()}_HTTP_PORT": str(port) for name, port in ports.items()}
    env |= {"BASTION_DEV_POSTGRES_PORT": str(free_port()), "BASTION_DEV_KAFKA_PORT": str(free_port())}
    env["BASTION_DEV_PORT"] = str(proxy_port)
    process = subprocess.Popen(
        [sys.executable, "-m", "bastion.cli", "dev", "--data", str(data), *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    dev = Dev(process, ports, proxy_port)
    try:
        yield dev
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        dev.read_to_the_end()
        if process.stdout is not None:
            process.stdout.close()
        remove_local_data(data)  # as root in a private checkout, the data it links to elsewhere too
