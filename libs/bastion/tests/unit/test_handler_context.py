"""The kit's handler context: a service's specialisation of it, and "now" moved to when a step happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from bastion.errors import RuleViolationError
from bastion.service_layer import HandlerContext
from bastion.testing.probe import KitTestSettings

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 09:00 on 2 March in Beijing


class Ledger:
    """A stand-in for a service's unit of work."""


Context = HandlerContext[Ledger, KitTestSettings]


@dataclass(frozen=True)
class CalendarContext(HandlerContext[Ledger, KitTestSettings]):
    """A service's context with a field of its own (as feedback's statutory calendar)."""

    calendar: str = "statutory"


def typed(moment: str) -> datetime:
    """A time as a secretary types it: no zone."""
    return datetime.fromisoformat(moment)


def settings() -> KitTestSettings:
    return KitTestSettings(timezone="Asia/Shanghai")


def test_a_services_specialisation_is_made_as_its_dependency_makes_it() -> None:
    ledger = Ledger()
    context = Context(ledger, NOW, date(2026, 3, 2), settings())
    assert (context.uow, context.now, context.today) == (ledger, NOW, date(2026, 3, 2))


def test_a_time_typed_without_a_zone_is_the_organisations_and_today_is_that_days() -> None:
    context = Context(Ledger(), NOW, date(2026, 3, 2), settings())
    recorded = context.recorded_at(typed("2026-03-01T23:30"))  # late evening in Beijing
    assert recorded.now == datetime(2026, 3, 1, 15, 30, tzinfo=UTC)
    assert recorded.today == date(2026, 3, 1)
    assert context.recorded_at(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)).today == date(2026, 3, 2), "Beijing's day"


def test_a_step_recorded_in_the_future_is_refused() -> None:
    context = Context(Ledger(), NOW, date(2026, 3, 2), settings())
    with pytest.raises(RuleViolationError) as refused:
        context.recorded_at(typed("2026-03-02T09:01"))
    assert refused.value.code == "date_in_future"
    assert context.recorded_at(typed("2026-03-02T09:00")).now == NOW, "now itself is not the future"


def test_a_services_own_fields_survive_the_move_to_when_it_happened() -> None:
    context = CalendarContext(Ledger(), NOW, date(2026, 3, 2), settings(), calendar="organisation")
    recorded = context.recorded_at(typed("2026-02-27T10:00"))
    assert isinstance(recorded, CalendarContext)
    assert (recorded.calendar, recorded.today) == ("organisation", date(2026, 2, 27))
