"""`make run` (``bastion dev``): starts everything, prints URLs that answer, Ctrl-C leaves nothing."""

from __future__ import annotations

import asyncio
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
from prometheus_client.parser import text_string_to_metric_families

from bastion.devstack import free_port
from bastion_demo.load import load as load_demo


def _writes(url: str) -> float:
    """Successful changes roster has answered so far (from its own request metrics)."""
    metrics = httpx.get(f"{url}/metrics", timeout=5).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(metrics)
        if family.name == "bastion_http_requests"
        for sample in family.samples
        if sample.name.endswith("_total")
        and sample.labels["method"] in ("POST", "PUT", "PATCH", "DELETE")
        and sample.labels["status"].startswith("2")
    )


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
        structure_url = re.search(r"Branch 4 structure: (\S+)", text)
        token = re.search(r"Development admin token .*\n\s*(\S+)", text)
        assert count_url is not None
        assert structure_url is not None
        assert token is not None, "make run prints a development admin token"
        signed_in = {"Authorization": f"Bearer {token.group(1)}"}
        assert httpx.get(count_url.group(1), timeout=5).status_code == 401, "the APIs want a token"
        assert httpx.get(count_url.group(1), headers=signed_in, timeout=5).json()["member_count"] == 40
        structure = httpx.get(structure_url.group(1), headers=signed_in, timeout=5).json()
        # The report: 40 members, 70后/80后 about 3%, bachelor or above about 7%.
        assert structure["party_members"] == 40
        assert structure["born_1970s_1980s_share"] == 0.025
        assert structure["bachelor_or_above"]["share"] == 0.075
        assert structure["birth_decades"]["1960s"]["count"] == 39

        # The dashboard: scoring serves it, knows where every service is, and they allow its origin.
        scoring_url = f"http://127.0.0.1:{ports['scoring']}"
        assert f"Dashboard   {scoring_url}/dashboard/" in text, "make run prints the dashboard's address"
        assert httpx.get(f"{scoring_url}/dashboard/", timeout=5).status_code == 200
        config = httpx.get(f"{scoring_url}/dashboard/config.json", timeout=5).json()
        assert config["services"] == {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        preflight = httpx.options(
            structure_url.group(1),
            headers={
                "Origin": scoring_url,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "authorization",
            },
            timeout=5,
        )
        assert preflight.headers.get("access-control-allow-origin") == scoring_url

        roster_url = f"http://127.0.0.1:{ports['roster']}"
        writes_before = _writes(roster_url)
        urls = {"roster": roster_url, "scoring": f"http://127.0.0.1:{ports['scoring']}"}
        asyncio.run(load_demo(urls, headers=signed_in))
        assert _writes(roster_url) == writes_before, "loading the demo again writes nothing"

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
