"""Each service's OpenAPI document says what its API checks: data the document allows is never refused for
its shape. A client generated from the document (Java, Go) validates with it, so a rule the document leaves
out is a refusal that client cannot foresee.

Schemathesis generates only valid requests (positive data) for every operation, with the ids of a few real
records in the paths so that requests reach the checks behind them. An answer of 400 or 422 fails the test
unless its ``error`` code is a refusal no document can say (:data:`NOT_EXPRESSIBLE`): it depends on stored
state, on the clock, or compares two fields. Requests with U+0000 are not generated: every service refuses
it anywhere (PostgreSQL cannot store it), as the README says. Feedback's public pages (``/p/…``) are forms
for people, answered with pages: left out.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from bastion.service import ServiceSpec, discover_services
from bastion.testing import ServiceClient, TestStack
from tests.hostile.harness import Send, served_to_schemathesis
from tests.support.activity import schedule, seed_branch
from tests.support.feedback import seed_branch as seed_feedback_branch
from tests.support.roster import create_org_unit, register

SERVICES = discover_services()
FUZZING = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here reproduces
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
PUBLIC_PAGES = "/p/"

# Refusals (400/422) of valid-looking data that no JSON Schema can state, by why.
NOT_EXPRESSIBLE = {
    # What the request names must exist, be active, be of the right kind or stage.
    *("unknown_org_unit", "unknown_member", "unknown_activity", "unknown_branch", "unknown_subject"),
    *("unknown_department", "unknown_service_post", "unknown_five_services_tag", "invalid_parent"),
    *("wrong_org_unit_kind", "wrong_organiser", "not_top_organisation"),
    *("not_service_work", "member_id_required", "not_expected", "check_in_code_wrong", "activity_not_held"),
    *("seat_other_branch", "seat_outside_term", "seat_not_full_member", "holder_other_branch"),
    *("department_other_branch", "department_not_served_by_post", "group_of_other_branch", "leader_other_branch"),
    *("mentor_other_branch", "mentor_not_full_member", "mentor_is_talent", "reserve_member_not_on_roster"),
    *("stage_skipped", "stage_date_ahead_of_stage", "talk_wrong_stage", "review_wrong_stage"),
    *("contacts_wrong_stage", "sponsors_wrong_stage", "extension_wrong_stage", "probation_not_over"),
    *("move_into_own_subtree", "departments_required", "not_adopted", "dues_before_joining"),
    *("not_member_appraisal", "unknown_employee_number", "officer_not_party_member"),
    # Dates against today, or against the record's own dates.
    *("date_in_future", "birth_date_in_future", "period_in_future", "dues_too_far_ahead", "date_order"),
    *("activity_in_future",),
    *("date_before_birth", "date_before_joining", "activist_period", "probation_period", "minimum_age"),
    *("reserve_talent_too_young", "as_of_outside_year", "birth_date_implausible"),
    # Two query parameters that exclude each other or go in pairs, or a weekday (调休 only on a weekend).
    *("quarter_and_as_of", "event_types_do_not_match", "not_a_weekend"),
    # Without an employee number an account is IT's administrator's, and needs its username and name.
    *("administrator_needs_name",),
}

Ids = dict[str, str]


async def roster_records(service: ServiceClient) -> Ids:
    committee = await create_org_unit(service.http, "party_committee", "文档测试党委")
    branch = await create_org_unit(service.http, "branch", "文档测试支部", committee["id"])
    member = await register(service.http, branch["id"])
    ids = {"unit_id": branch["id"], "branch_id": branch["id"], "member_id": member["id"]}
    return ids | {"parent_id": committee["id"]}


async def activity_records(service: ServiceClient) -> Ids:
    seeded = await seed_branch(service.runtime)
    activity = await schedule(service.http, seeded.branch_id, "theme_day")
    return {
        "branch_id": str(seeded.branch_id),
        "organisation_id": str(seeded.committee_id),
        "member_id": str(seeded.members[0]),
        "activity_id": activity["id"],
        "organiser_id": str(seeded.branch_id),
    }


async def feedback_records(service: ServiceClient) -> Ids:
    known = await seed_feedback_branch(service.runtime)
    body = {"branch_id": str(known.branch_id), "category": "service", "content": "建议", "respondent_group": "worker"}
    suggestion = (await service.http.post("/suggestions", json=body)).raise_for_status().json()
    return {"branch_id": str(known.branch_id), "suggestion_id": suggestion["id"]}


async def no_records(service: ServiceClient) -> Ids:
    return {}


RECORDS: dict[str, Callable[[ServiceClient], Awaitable[Ids]]] = {
    "roster": roster_records,
    "activity": activity_records,
    "feedback": feedback_records,
    "scoring": no_records,
}

pytestmark = [
    pytest.mark.slow,  # about a minute per service on two cores
    pytest.mark.filterwarnings(
        "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
    ),
]


@pytest.mark.parametrize("spec", SERVICES.values(), ids=SERVICES.keys())
async def test_what_the_document_allows_is_not_refused_for_its_shape(stack: TestStack, spec: ServiceSpec) -> None:
    async with served_to_schemathesis(stack, spec) as served:
        ids = await RECORDS[spec.name](served.service)
        config = SchemathesisConfig.from_dict({"generation": {"allow-x00": False}})
        schema = schemathesis.openapi.from_dict(served.document, config=config)
        refused = await asyncio.to_thread(_refusals_of_valid_data, schema, ids, served.send)

    assert not refused, f"{spec.name}'s document allows what it refuses:\n" + "\n".join(
        f"{where}: {example}" for where, example in sorted(refused.items())
    )


def _refer_to_real_records(case: schemathesis.Case, ids: Ids) -> None:
    """A generated id in the body (``branch_id``, ``member_id`` …) becomes a real record's, so the request
    gets past "no such record" to the checks behind it; still valid data (a UUID for a UUID)."""
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if name in ids and isinstance(value, str):
                case.body[name] = ids[name]


def _refusals_of_valid_data(schema: Any, ids: Ids, send: Send) -> dict[str, str]:
    """``<operation>: <status> <error code>`` -> the first such answer's message."""
    refused: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(PUBLIC_PAGES):
            continue
        known = {name: ids[name] for name in re.findall(r"{(\w+)}", operation.path) if name in ids}
        label = operation.label

        @FUZZING
        @given(case=operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known or None))
        def fuzz(case: schemathesis.Case) -> None:
            _refer_to_real_records(case, ids)
            response = send(case)
            if response.status_code in (400, 422):
                code = response.json().get("error")
                if code not in NOT_EXPRESSIBLE:
                    where = f"{label}: {response.status_code} {code}"  # noqa: B023 - called in this iteration
                    refused.setdefault(where, str(response.json().get("message")))

        fuzz()
    return refused
