"""Who may read what in scoring: branch figures for every role, a member's card and ledger for the committee,
the member's own secretary, the member and machines, the explanation (it lists discipline) not for machines,
a branch's ranking not for members nor other branches' secretaries; nobody without credentials."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from bastion.auth import Role
from bastion.testing import ServiceClient, TestStack, running_service
from bastion.testing.auth import bearer
from scoring.main import SERVICE
from tests.support.scoring import apply, branch_created, member_registered


@dataclass
class Scene:
    client: ServiceClient
    headers: dict[Role | str, dict[str, str]]
    branch: uuid.UUID
    other_branch: uuid.UUID
    member: uuid.UUID
    neighbour: uuid.UUID  # same branch, another member
    stranger: uuid.UUID  # a member of the other branch


@pytest.fixture
async def scene(stack: TestStack) -> AsyncIterator[Scene]:
    settings = await stack.settings_for(SERVICE)
    branch, other, member, neighbour, stranger = (uuid.uuid4() for _ in range(5))
    async with running_service(SERVICE, settings) as client:
        await apply(
            client.runtime,
            [
                branch_created(branch),
                branch_created(other, "第五党支部"),
                member_registered(member, branch, "甲"),
                member_registered(neighbour, branch, "乙"),
                member_registered(stranger, other, "丙"),
            ],
        )
        headers: dict[Role | str, dict[str, str]] = {
            Role.ADMIN: bearer(settings),
            Role.SECRETARY: bearer(settings, Role.SECRETARY, branch_ids=(branch,)),
            "other secretary": bearer(settings, Role.SECRETARY, branch_ids=(other,)),
            Role.MEMBER: bearer(settings, Role.MEMBER, member_id=member),
            Role.SERVICE: bearer(settings, Role.SERVICE),
            "nobody": {"Authorization": ""},
        }
        yield Scene(client, headers, branch, other, member, neighbour, stranger)


async def status(scene: Scene, who: Role | str, path: str) -> int:
    return (await scene.client.http.get(path, headers=scene.headers[who])).status_code


async def test_branch_figures_are_open_to_every_signed_in_role_and_closed_without_credentials(scene: Scene) -> None:
    for who in Role:
        assert await status(scene, who, f"/branches/{scene.other_branch}/assessment") == 200, who
        assert await status(scene, who, f"/branches/{scene.branch}/member-count") == 200, who
        assert await status(scene, who, "/rule-sets") == 200, who
    answer = await scene.client.http.get(f"/branches/{scene.branch}/assessment", headers=scene.headers["nobody"])
    assert answer.status_code == 401
    assert answer.json()["error"] == "unauthenticated"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ["score-card", "ledger", "score-card/explain"])
async def test_a_members_scores_are_theirs_their_secretarys_and_the_committees(scene: Scene, path: str) -> None:
    own, neighbour, stranger = (f"/members/{m}/{path}" for m in (scene.member, scene.neighbour, scene.stranger))

    assert await status(scene, Role.MEMBER, own) == 200
    assert await status(scene, Role.MEMBER, neighbour) == 403
    assert await status(scene, Role.SECRETARY, neighbour) == 200
    assert await status(scene, Role.SECRETARY, stranger) == 403
    assert await status(scene, "other secretary", stranger) == 200
    assert await status(scene, Role.ADMIN, stranger) == 200
    expected_for_machines = 403 if path.endswith("explain") else 200  # the explanation lists discipline
    assert await status(scene, Role.SERVICE, own) == expected_for_machines


async def test_a_branch_ranking_is_not_for_members_nor_other_branches(scene: Scene) -> None:
    ranking = f"/branches/{scene.branch}/ranking"
    assert await status(scene, Role.SECRETARY, ranking) == 200
    assert await status(scene, "other secretary", ranking) == 403
    assert await status(scene, Role.MEMBER, ranking) == 403
    assert await status(scene, Role.SERVICE, ranking) == 200
    forbidden = await scene.client.http.get(ranking, headers=scene.headers[Role.MEMBER])
    assert forbidden.json()["error"] == "forbidden"
    assert "member" in forbidden.json()["message"]
