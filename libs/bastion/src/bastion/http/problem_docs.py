"""The error answers in the OpenAPI document: the kit answers them for every route (domain errors,
validation, body limits, an unavailable database), so the kit declares them for every route, with the
shape they have (see :mod:`bastion.http.problems`). A route may still declare its own description."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class FieldProblem(BaseModel):
    """What is wrong with one field of a request."""

    field: str = Field(description="Dotted path of the field ('body' for the whole body, 'query.x' for a parameter).")
    problem: str = Field(description="What is wrong, in Chinese.")
    detail: str = Field(description="The validator's own message (English).")


class Problem(BaseModel):
    """Every error answer: a stable code for programs and a message for people (Chinese first)."""

    error: str = Field(description="Stable code, e.g. invalid_request, not_found, payload_too_large.")
    message: str = Field(description="What went wrong, for a person to read.")
    errors: list[FieldProblem] | None = Field(default=None, description="Per field, with invalid_request.")
    detail: Any = Field(default=None, description="The framework's own detail, with http_error.")


_ANSWERS = {
    400: "The request breaks a rule of the domain (the message says which).",
    401: "No credentials, or credentials that do not prove who is asking.",
    403: "The caller may not do this.",
    404: "Something the request names does not exist.",
    409: "The request conflicts with the current state.",
    413: "The request body is larger than the service accepts.",
    422: "The request is not valid: each field's problem is listed.",
    429: "Too many requests; retry after the Retry-After header's seconds.",
    503: "The service cannot answer now (its database or broker is away); retry later.",
}


def problem_responses(*, signed_in: bool = True) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a router: the problems the kit may answer on its routes (401 only where the kit
    authenticates)."""
    return {
        status: {"model": Problem, "description": description}
        for status, description in _ANSWERS.items()
        if signed_in or status != 401
    }
