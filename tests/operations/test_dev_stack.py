"""`make run` (``bastion dev``): starts everything, prints URLs that answer, Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from bastion.devstack import free_port


def test_dev_stack_starts_prints_working_urls_and_stops_cleanly(test_work_dir: Path) -> None:
    data = test_work_dir / f"dev-{os.getpid()}"
    ports = {name: free_port() for name in ("roster", "activity", "feedback", "scoring")}
    configured_servers = ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")
    env = {k: v for k, v in os.environ.items() if not k.endswith(configured_servers)}
    env |= {f"{name.upper()}_HTTP_PORT": str(port) for name, port in ports.items()}
    env |= {"BASTION_DEV_POSTGRES_PORT": str(free_port()), "BASTION_DEV_KAFKA_PORT": str(free_port())}
    process = subprocess.Popen(
        [sys.executable, "-m", "bastion.cli", "dev", "--data", str(data)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        for line in process.stdout:
            output.append(line)
            if "Press Ctrl-C" in line or time.monotonic() > deadline:
                break
        text = "".join(output)
        assert "Bastion is running" in text, text

        descendants = psutil.Process(process.pid).children(recursive=True)
        assert len(descendants) >= 6, "four services, the broker and PostgreSQL"

        urls = re.findall(r"(http://127\.0\.0\.1:\d+)/docs", text)
        assert sorted(int(url.rsplit(":", 1)[1]) for url in urls) == sorted(ports.values())
        for url in urls:
            assert httpx.get(f"{url}/readyz", timeout=5).status_code == 200
            assert httpx.get(f"{url}/docs", timeout=5).status_code == 200
        assert "Demo organisation" in text
        count_url = re.search(r"Branch 4 in scoring: (\S+)", text)
        assert count_url is not None
        assert httpx.get(count_url.group(1), timeout=5).json()["member_count"] == 40

        process.send_signal(signal.SIGINT)
        assert process.wait(60) == 0
        rest = process.stdout.read()
        assert "Stopped." in rest
        _gone, alive = psutil.wait_procs(descendants, timeout=10)
        assert alive == [], f"left behind: {[p.cmdline() for p in alive]}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        shutil.rmtree(data, ignore_errors=True)
