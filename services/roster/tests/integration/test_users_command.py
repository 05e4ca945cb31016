"""``bastion users`` as IT runs it: accounts for an HR export, on roster's real database."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from bastion.testing import ServiceClient
from tests.support.roster import answered, create_branch, register


async def users(roster: ServiceClient, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ROSTER_DATABASE_URL": roster.runtime.settings.require_database_url()}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bastion.cli", "users", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_an_hr_spreadsheet_becomes_accounts_with_initial_passwords(roster: ServiceClient, tmp_path: Path) -> None:
    branch = await create_branch(roster.http)
    people = [await register(roster.http, branch["id"], name=name) for name in ("王芳", "李强")]
    sheet = Workbook()
    active = sheet.active
    assert active is not None
    active.append(["姓名", "工号", "部门"])
    for person in people:
        active.append([person["name"], person["employee_number"], "卷包车间"])
    active.append(["外来人员", "NOT-IN-ROSTER", "保卫科"])
    export = tmp_path / "hr.xlsx"
    sheet.save(export)
    passwords = tmp_path / "initial.csv"

    first = await users(roster, "import", str(export), "--passwords", str(passwords))
    again = await users(roster, "import", str(export), "--passwords", str(tmp_path / "again.csv"))

    assert first.returncode == 1, first.stderr  # one row made no account
    assert "NOT-IN-ROSTER: 花名册中没有工号为 NOT-IN-ROSTER 的人员" in first.stderr
    with passwords.open(encoding="utf-8-sig") as written:
        rows = list(csv.DictReader(written))
    assert [(r["工号"], r["姓名"]) for r in rows] == [(p["employee_number"], p["name"]) for p in people]
    assert passwords.stat().st_mode & 0o077 == 0, "readable by its owner only"
    signed_in = await roster.http.post(
        "/auth/login", json={"username": rows[0]["用户名"], "password": rows[0]["初始密码"]}
    )
    assert signed_in.json()["error"] == "password_change_required"
    assert "已有账号" in again.stderr, "a second run skips the accounts already made"
    listed = answered(await roster.http.get("/accounts"), 200)
    assert sorted(a["username"] for a in listed) == sorted(p["employee_number"] for p in people)


async def test_an_administrator_resets_a_password_and_disables_an_account(roster: ServiceClient) -> None:
    branch = await create_branch(roster.http)
    person = await register(roster.http, branch["id"])
    answered(await roster.http.post("/accounts", json={"employee_number": person["employee_number"]}), 201)

    reset = await users(roster, "reset-password", person["employee_number"])
    disabled = await users(roster, "disable", person["employee_number"])
    unknown = await users(roster, "disable", "nobody")

    temporary = reset.stdout.rsplit("：", 1)[1].strip()
    refused = await roster.http.post("/auth/login", json={"username": person["employee_number"], "password": temporary})
    assert disabled.returncode == 0, disabled.stderr
    assert refused.json()["error"] == "account_disabled"
    assert unknown.returncode == 1
    assert "没有用户名为「nobody」的账号" in unknown.stderr
