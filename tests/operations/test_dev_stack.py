"""`make run` (``bastion dev``): starts everything behind one address, prints URLs that answer, starts again
whatever dies, and Ctrl-C leaves nothing. One ``bastion dev`` serves every test of this module."""

from __future__ import annotations

import asyncio
import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bastion_demo.load import load as load_demo
from tests.operations.dev_process import SERVICES, Dev, running_dev

# A system of processes (seconds to a minute each): in `make test-slow`, beside the fault tests.
pytestmark = pytest.mark.slow


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


@pytest.fixture(scope="module")
def dev(test_work_dir: Path) -> Iterator[Dev]:
    with running_dev(test_work_dir / f"dev-{os.getpid()}") as running:
        running.wait_for("Press Ctrl-C", timeout=300)
        yield running


def test_dev_stack_starts_and_prints_working_urls(dev: Dev) -> None:
    text = dev.text
    assert "Bastion is running" in text, text

    descendants = psutil.Process(dev.process.pid).children(recursive=True)
    assert len(descendants) >= 7, "four services, the broker, PostgreSQL and the proxy"
    assert text.index(f"Bastion is running at {dev.address}/") < text.index("/docs"), "the one address first"

    urls = re.findall(r"(http://127\.0\.0\.1:\d+)/docs", text)
    assert sorted(int(url.rsplit(":", 1)[1]) for url in urls) == sorted(dev.ports.values())
    for url in urls:
        assert httpx.get(f"{url}/readyz", timeout=5).status_code == 200
        assert httpx.get(f"{url}/docs", timeout=5).status_code == 200
    assert "Demo organisation" in text
    count_url = re.search(r"Branch 4 in scoring: (\S+)", text)
    structure_url = re.search(r"Branch 4 structure: (\S+)", text)
    assert count_url is not None
    assert structure_url is not None
    signed_in = dev.signed_in
    assert httpx.get(count_url.group(1), timeout=5).status_code == 401, "the APIs want a token"
    people = {name: dev.sign_in(name)["person"] for name in ("committee", "secretary4", "member4")}
    assert [(p["role"], p["home"]) for p in people.values()] == [
        ("admin", "organisation"),
        ("secretary", "branch"),
        ("member", "self"),
    ]
    assert [b["name"] for b in people["secretary4"]["branches"]] == ["四支部"]
    assert httpx.get(count_url.group(1), headers=signed_in, timeout=5).json()["member_count"] == 40
    structure = httpx.get(structure_url.group(1), headers=signed_in, timeout=5).json()
    # The report: 40 members, 70后/80后 about 3%, bachelor or above about 7%.
    assert structure["party_members"] == 40
    assert structure["born_1970s_1980s_share"] == 0.025
    assert structure["bachelor_or_above"]["share"] == 0.075
    assert structure["birth_decades"]["1960s"]["count"] == 39

    # The web app (today scoring's dashboard) at the one address, calling every API there: no CORS.
    assert f"Web app      {dev.address}/" in text, "make run prints the web app's address"
    page = httpx.get(f"{dev.address}/", follow_redirects=True, timeout=5)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    config = httpx.get(f"{dev.address}/dashboard/config.json", timeout=5).json()
    assert config["services"] == {name: f"/api/{name}" for name in SERVICES}
    assert structure_url.group(1).startswith(f"{dev.address}/api/roster/"), "the demo is loaded through it"

    roster_url = dev.url("roster")
    writes_before = _writes(roster_url)
    asyncio.run(load_demo({"roster": roster_url, "scoring": dev.url("scoring")}, headers=signed_in))
    assert _writes(roster_url) == writes_before, "loading the demo again writes nothing"


def test_make_run_prints_the_public_pages_at_the_one_address(dev: Dev) -> None:
    printed = dev.wait_for(r"Public pages (http://\S+)/p/<code>").group(1)
    assert printed == dev.address, "where the proxy runs, not its default port"
    dev.wait_for(r"From a phone: .*BASTION_DEV_HOST=0\.0\.0\.0 make run")

    branch = dev.wait_for(r"Branch 4 structure: \S+/org-units/([0-9a-f-]+)/").group(1)
    channel = dev.answers(f"{dev.address}/api/feedback/branches/{branch}/public-channel", headers=dev.signed_in).json()
    assert channel["url"] == f"{printed}/p/{channel['code']}"
    page = dev.answers(channel["url"])
    assert page.headers["content-type"].startswith("text/html")


def test_a_killed_service_is_started_again_and_answers(dev: Dev) -> None:
    scoring = dev.killed_and_restarted("scoring", "bastion.cli", "serve", "scoring")

    assert dev.answers(f"{dev.url('scoring')}/healthz").json()["service"] == "scoring"
    assert dev.child("bastion.cli", "serve", "scoring").pid != scoring.pid
    assert dev.process.poll() is None, "the rest kept running"


def test_a_killed_proxy_is_started_again_and_answers(dev: Dev) -> None:
    dev.killed_and_restarted("The proxy", "caddy", "run", "dev.Caddyfile")

    assert dev.answers(f"{dev.address}/healthz").json() == {"status": "ok", "service": "proxy"}
    assert dev.answers(f"{dev.address}/api/scoring/healthz").json()["service"] == "scoring"


@pytest.mark.slow
def test_postgresql_killed_comes_back_on_its_data(dev: Dev) -> None:
    committee = dev.create_unit("party_committee")
    postgres = dev.child("postgres", "-D", "-p")
    mark = len(dev.lines)
    postgres.send_signal(signal.SIGKILL)

    dev.wait_for(r"PostgreSQL exited \(killed by SIGKILL\).*same data", after=mark)
    dev.wait_for(r"PostgreSQL started again", after=mark)
    for service in SERVICES:
        dev.answers(f"{dev.url(service)}/readyz")
    assert dev.answers(f"{dev.url('roster')}/org-units/{committee['id']}", headers=dev.signed_in).json()["id"]


@pytest.mark.slow
def test_the_broker_killed_comes_back_and_its_events_are_queued_again(dev: Dev) -> None:
    dev.create_unit("party_committee")  # at least one event published to the broker that dies
    broker = dev.child("broker", "--listener-url")
    mark = len(dev.lines)
    broker.send_signal(signal.SIGKILL)

    dev.wait_for(r"The broker exited \(killed by SIGKILL\).*comes back empty", after=mark)
    queued = dev.wait_for(r"The broker started again \(empty, on \S+; (\d+) events queued again", after=mark)
    assert int(queued.group(1)) >= 1
    after = dev.create_unit("party_committee")
    assert dev.applied("scoring", after["event_ids"]), "scoring consumes from the new broker"


def test_ctrl_c_stops_everything_and_leaves_nothing(dev: Dev) -> None:
    descendants = psutil.Process(dev.process.pid).children(recursive=True)
    assert dev.stop() == 0
    assert "Stopped." in dev.text
    _gone, alive = psutil.wait_procs(descendants, timeout=10)
    assert alive == [], f"left behind: {[p.cmdline() for p in alive]}"
