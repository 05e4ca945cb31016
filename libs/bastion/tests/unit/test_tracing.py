from __future__ import annotations

import pytest

from bastion.tracing import new_trace, parse_traceparent


def test_a_valid_traceparent_is_continued() -> None:
    parsed = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    assert parsed is not None
    child = parsed.child()
    assert child.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert child.span_id != parsed.span_id
    assert child.traceparent.startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-")


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ],
)
def test_a_missing_or_malformed_traceparent_is_ignored(value: str | None) -> None:
    assert parse_traceparent(value) is None


def test_new_traces_are_distinct() -> None:
    assert new_trace().trace_id != new_trace().trace_id
