"""Every change made through an API is audited in its own transaction (who, what, when, from where) and
only the committee reads the log; machine clients' keys are created, listed and revoked for every service
at once with ``bastion api-keys``."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator

import pytest

from activity.main import SERVICE as ACTIVITY
from bastion.auth import Role
from bastion.settings import ServiceSettings
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.auth import bearer
from bastion.testing.processes import settings_environment
from feedback.main import SERVICE as FEEDBACK
from roster.main import SERVICE as ROSTER
from scoring.main import SERVICE as SCORING


@pytest.fixture
async def roster(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(ROSTER, await stack.settings_for(ROSTER)) as client:
        yield client


async def test_a_change_is_audited_with_who_what_and_where_and_a_refused_one_is_not(roster: ServiceClient) -> None:
    settings = roster.runtime.settings
    chair = bearer(settings, subject="王委员")
    created = await roster.http.post("/org-units", json={"kind": "party_committee", "name": "审计党委"}, headers=chair)
    refused = await roster.http.post("/org-units", json={"kind": "party_committee"}, headers=chair)
    by_chair = await roster.http.get("/audit", params={"actor": "王委员"})
    everyone = await roster.http.get("/audit")
    as_secretary = await roster.http.get(
        "/audit", headers=bearer(settings, Role.SECRETARY, branch_ids=(created.json()["id"],))
    )

    assert created.status_code == 201, created.text
    assert refused.status_code == 422
    entries = by_chair.json()["entries"]
    assert len(entries) == 1, "the refused request changed nothing and is not in the log"
    entry = entries[0]
    assert (entry["actor"], entry["role"], entry["via"]) == ("王委员", "admin", "token")
    assert (entry["method"], entry["path"]) == ("POST", "/org-units")
    assert entry["client"] == "127.0.0.1"
    assert [e["id"] for e in entry["events"]] == created.json()["event_ids"]
    assert entry["events"][0]["type"] == "bastion.roster.org_unit.created.v1"
    assert everyone.json()["entries"][0] == entry, "newest first"
    assert as_secretary.status_code == 403


async def bastion(command: list[str], settings: dict[str, ServiceSettings]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ}
    for service in settings.values():
        env |= settings_environment(service)
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bastion.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_one_api_key_works_with_every_service_until_one_command_revokes_it(stack: TestStack) -> None:
    specs = {"roster": ROSTER, "activity": ACTIVITY, "feedback": FEEDBACK, "scoring": SCORING}
    settings = {name: await stack.settings_for(spec) for name, spec in specs.items()}
    created = await bastion(["api-keys", "create", "--name", "oa-sync"], settings)
    assert created.returncode == 0, created.stderr
    key = next(line for line in created.stdout.splitlines() if line.startswith("bsk_"))
    key_id = key.split("_")[1]
    machine = {"Authorization": "", "X-API-Key": key}

    async with (
        running_service(ROSTER, settings["roster"]) as roster,
        running_service(SCORING, settings["scoring"]) as scoring,
    ):
        before = [
            (await roster.http.get("/org-units", headers=machine)).status_code,
            (await scoring.http.get("/rule-sets", headers=machine)).status_code,
        ]
        write = await roster.http.post("/org-units", json={"kind": "party_committee", "name": "机器"}, headers=machine)
        listed = await bastion(["api-keys", "list"], settings)
        revoked = await bastion(["api-keys", "revoke", key_id], settings)
        again = await bastion(["api-keys", "revoke", key_id], settings)
        after = [
            (await roster.http.get("/org-units", headers=machine)).status_code,
            (await scoring.http.get("/rule-sets", headers=machine)).status_code,
        ]

    assert before == [200, 200]
    assert write.status_code == 403, "machines read; they do not write"
    assert key_id in listed.stdout
    assert "oa-sync" in listed.stdout
    assert key not in listed.stdout, "the key is shown once, at creation"
    assert revoked.returncode == 0
    assert "roster, activity, feedback, scoring" in revoked.stdout
    assert again.returncode == 1, "nothing left to revoke"
    assert after == [401, 401]
