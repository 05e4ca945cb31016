"""The demo's people who sign in (development only): a committee officer, 四支部's secretary and one of
its members, each with a known password. Made through roster's API as IT would make them; the initial
password is then changed, as the person would at the first sign-in, to the one printed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from bastion_demo.api import Api
from bastion_demo.organisation import DemoBranch

DEMO_PASSWORD = "Demo-2026"  # noqa: S105 - the embedded stack's demo only; production has no default accounts
COMMITTEE_OFFICE = "党委委员、组织委员"


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    who: str  # how the console describes the person


async def load_accounts(
    roster: Api,
    client: httpx.AsyncClient,
    committee: dict[str, Any],
    branches: list[DemoBranch],
    members: dict[str, Any],
    today: date,
) -> list[DemoAccount]:
    """The three demo accounts (made if missing) and the committee officer's seat on the party committee."""
    four = next(b for b in branches if b.number == 4)
    one = next(b for b in branches if b.number == 1)
    officer = next(p for p in one.people if p.stage == "full" and p.committee_role is None)
    secretary = next(p for p in four.people if p.committee_role == "secretary")
    member = next(p for p in four.people if p.stage == "full" and p.committee_role is None)
    seated = {o["member_id"] for o in await roster.get(f"/org-units/{committee['id']}/officers")}
    officer_id = members[officer.employee_number]["id"]
    if officer_id not in seated:
        await roster.post(
            f"/org-units/{committee['id']}/officers",
            {
                "member_id": officer_id,
                "title": COMMITTEE_OFFICE,
                "seated_on": today.replace(month=1, day=1).isoformat(),
            },
            track=False,
        )
    wanted = [
        (DemoAccount("committee", f"{officer.name}，{COMMITTEE_OFFICE}：全局"), officer.employee_number),
        (DemoAccount("secretary4", f"{secretary.name}，四支部书记：本支部"), secretary.employee_number),
        (DemoAccount("member4", f"{member.name}，四支部党员：本人"), member.employee_number),
    ]
    existing = {a["username"] for a in await roster.get("/accounts")}
    for account, employee_number in wanted:
        if account.username in existing:
            continue
        made = await roster.post(
            "/accounts", {"employee_number": employee_number, "username": account.username}, track=False
        )
        changed = await client.post(
            roster.url("/auth/password"),
            json={
                "username": account.username,
                "current_password": made["initial_password"],
                "new_password": DEMO_PASSWORD,
            },
        )
        changed.raise_for_status()
    return [account for account, _ in wanted]


def sign_in_hint() -> str:
    """What ``make run`` prints on every start: the demo's accounts (their people are in the demo summary)."""
    return (
        f"  Sign in as committee (the party committee), secretary4 (四支部's secretary) or member4 (a member "
        f"of 四支部), password {DEMO_PASSWORD}: the demo's accounts, development only."
    )
