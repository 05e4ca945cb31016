"""Signing in with a password, on the real stack: accounts for roster members, the forced first change,
lockout, roles read from the roster at every refresh, sign-out."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest

from bastion.testing import ServiceClient
from roster.service_layer.unit_of_work import RosterUnitOfWork
from tests.support.roster import (
    account_for,
    answered,
    create_branch,
    create_org_unit,
    first_password_change,
    register,
    seat,
    seated_branch,
)

NEW_PASSWORD = "Bastion-2026"  # noqa: S105 - a test password


@pytest.fixture
async def browser(roster: ServiceClient) -> AsyncIterator[httpx.AsyncClient]:
    """A person's browser: no token of its own, keeps cookies."""
    transport = httpx.ASGITransport(app=roster.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://roster") as client:
        yield client


async def signed_in(browser: httpx.AsyncClient, roster: ServiceClient, person: dict[str, Any]) -> dict[str, Any]:
    """Account made, first sign-in refused until the initial password is changed, then signed in."""
    account = await account_for(roster.http, person)
    first = await browser.post(
        "/auth/login", json={"username": account["username"], "password": account["initial_password"]}
    )
    assert first.status_code == 403, first.text
    assert first.json()["error"] == "password_change_required"
    return answered(await first_password_change(browser, account, NEW_PASSWORD), 200)


async def seat_officer(roster: ServiceClient, unit_id: str, person: dict[str, Any], title: str) -> None:
    """``person`` in office on a party committee or general branch from 2025-01-01."""
    body = {"member_id": person["id"], "title": title, "seated_on": "2025-01-01"}
    answered(await roster.http.post(f"/org-units/{unit_id}/officers", json=body), 201)


def claims(session: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(session["access_token"], options={"verify_signature": False})
    return decoded


async def test_a_member_signs_in_and_lands_on_their_own_page(roster: ServiceClient, browser: httpx.AsyncClient) -> None:
    branch, (person, *_) = await seated_branch(roster.http)

    session = await signed_in(browser, roster, person)

    assert session["person"]["role"] == "member"
    assert session["person"]["home"] == "self"
    assert session["person"]["member_id"] == person["id"]
    assert claims(session)["bastion_member_id"] == person["id"]
    assert "bastion_session" in browser.cookies
    own = await browser.get(f"/members/{person['id']}", headers={"Authorization": f"Bearer {session['access_token']}"})
    assert own.status_code == 200, own.text
    other = await browser.get(
        f"/org-units/{branch['id']}/committee", headers={"Authorization": f"Bearer {session['access_token']}"}
    )
    assert other.status_code == 403


async def test_the_session_cookie_is_out_of_reach_of_page_scripts(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    _, (person, *_) = await seated_branch(roster.http)
    account = await account_for(roster.http, person)
    answer = await first_password_change(browser, account, NEW_PASSWORD)

    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "refresh_token" not in answer.json()


async def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    _, (person, *_) = await seated_branch(roster.http)
    await signed_in(browser, roster, person)
    username = person["employee_number"]

    wrong = [await browser.post("/auth/login", json={"username": username, "password": "wrong-1"}) for _ in range(5)]
    right = await browser.post("/auth/login", json={"username": username, "password": NEW_PASSWORD})

    assert [w.status_code for w in wrong] == [401, 401, 401, 401, 403]
    assert wrong[-1].json()["error"] == "account_locked"
    assert right.status_code == 403
    assert "锁定" in right.json()["message"]
    reset = answered(await roster.http.post(f"/accounts/{username}/password-reset"), 200)
    after_reset = await browser.post(
        "/auth/login", json={"username": username, "password": reset["temporary_password"]}
    )
    assert after_reset.json()["error"] == "password_change_required"


async def test_an_unknown_username_is_refused_like_a_wrong_password(browser: httpx.AsyncClient) -> None:
    answer = await browser.post("/auth/login", json={"username": "nobody-here", "password": "whatever-1"})

    assert answer.status_code == 401
    assert answer.json()["message"] == "用户名或密码不正确"


async def test_a_secretary_seated_in_another_branch_gets_that_branch_at_the_next_refresh(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    first_branch, (person, *_) = await seated_branch(roster.http)
    answered(await seat(roster.http, first_branch, "secretary", person), 200)
    session = await signed_in(browser, roster, person)
    assert session["person"]["role"] == "secretary"
    assert [b["id"] for b in session["person"]["branches"]] == [first_branch["id"]]

    second_branch, _ = await seated_branch(roster.http)
    answered(
        await roster.http.post(
            f"/members/{person['id']}/transfer",
            json={"to_branch_id": second_branch["id"], "transferred_on": "2025-06-01"},
        ),
        200,
    )
    after_move = answered(await browser.post("/auth/refresh"), 200)
    answered(await seat(roster.http, second_branch, "secretary", person, on="2025-06-02"), 200)
    after_seat = answered(await browser.post("/auth/refresh"), 200)

    assert after_move["person"]["role"] == "member"
    assert after_seat["person"]["role"] == "secretary"
    assert claims(after_seat)["bastion_branches"] == [second_branch["id"]]
    headers = {"Authorization": f"Bearer {after_seat['access_token']}"}
    assert (await browser.get(f"/org-units/{second_branch['id']}/committee", headers=headers)).status_code == 200
    assert (await browser.get(f"/org-units/{first_branch['id']}/committee", headers=headers)).status_code == 403


async def test_a_party_committee_officer_has_the_committee_role(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    branch, (person, *_) = await seated_branch(roster.http)
    committee_id = (answered(await roster.http.get(f"/org-units/{branch['id']}"), 200))["parent_id"]
    await seat_officer(roster, committee_id, person, "组织委员")

    session = await signed_in(browser, roster, person)

    assert session["person"]["role"] == "admin"
    assert session["person"]["home"] == "organisation"


async def test_signing_out_ends_the_session(roster: ServiceClient, browser: httpx.AsyncClient) -> None:
    _, (person, *_) = await seated_branch(roster.http)
    await signed_in(browser, roster, person)
    spent_cookie = browser.cookies["bastion_session"]

    out = await browser.post("/auth/logout")
    cleared = "bastion_session" not in browser.cookies
    browser.cookies.set("bastion_session", spent_cookie)
    replayed = await browser.post("/auth/refresh")

    assert out.status_code == 204
    assert cleared
    assert replayed.status_code == 401
    assert replayed.json()["error"] == "session_ended"


async def test_an_applicant_has_no_way_in_yet(roster: ServiceClient, browser: httpx.AsyncClient) -> None:
    branch = await create_branch(roster.http)
    applicant = await register(
        roster.http, branch["id"], name="申请人", stage="applicant", applied_on="2025-03-01", probationary_on=None
    )
    account = await account_for(roster.http, applicant)

    answer = await first_password_change(browser, account, NEW_PASSWORD)

    assert answer.status_code == 403
    assert answer.json()["error"] == "not_a_party_member"


async def test_other_services_verify_the_token_against_the_published_keys(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    _, (person, *_) = await seated_branch(roster.http)
    session = await signed_in(browser, roster, person)

    keys = answered(await browser.get("/auth/jwks"), 200)["keys"]
    kid = jwt.get_unverified_header(session["access_token"])["kid"]
    key = jwt.PyJWK(next(k for k in keys if k["kid"] == kid))
    verified = jwt.decode(session["access_token"], key.key, algorithms=["ES256"], audience="bastion", issuer="bastion")

    assert verified["sub"] == session["person"]["account_id"]
    async with RosterUnitOfWork(roster.runtime.sessions) as uow:
        account = await uow.accounts.get(uuid.UUID(verified["sub"]))
    assert account is not None
    assert account.password_hash is not None
    assert account.password_hash.startswith("$argon2id$")


async def test_an_officer_of_a_general_branch_manages_its_branches_in_organisation_order(
    roster: ServiceClient, browser: httpx.AsyncClient
) -> None:
    suffix = uuid.uuid4().hex[:6]
    committee = await create_org_unit(roster.http, "party_committee", f"党委{suffix}")
    general = await create_org_unit(roster.http, "general_branch", f"总支{suffix}", committee["id"])
    second = await create_org_unit(roster.http, "branch", "二支部", general["id"])
    third = await create_org_unit(roster.http, "branch", "三支部", general["id"])  # 三 sorts before 二 by character
    person = await register(roster.http, second["id"], name="总支委员")
    await seat_officer(roster, general["id"], person, "总支书记")

    session = await signed_in(browser, roster, person)

    assert session["person"]["role"] == "secretary"
    assert [b["name"] for b in session["person"]["branches"]] == ["二支部", "三支部"]
    assert [b["id"] for b in session["person"]["branches"]] == [second["id"], third["id"]]


async def test_a_second_account_for_a_person_or_a_taken_username_is_a_conflict(roster: ServiceClient) -> None:
    _, (person, other, _) = await seated_branch(roster.http)
    made = await account_for(roster.http, person)

    again = await roster.http.post("/accounts", json={"employee_number": person["employee_number"]})
    taken = await roster.http.post(
        "/accounts", json={"employee_number": other["employee_number"], "username": made["username"].upper()}
    )
    stranger = await roster.http.post("/accounts", json={"employee_number": "NOBODY-0001"})

    assert (again.status_code, again.json()["error"]) == (409, "member_has_account")
    assert (taken.status_code, taken.json()["error"]) == (409, "username_taken"), "usernames ignore case"
    assert (stranger.status_code, stranger.json()["error"]) == (422, "unknown_employee_number")
