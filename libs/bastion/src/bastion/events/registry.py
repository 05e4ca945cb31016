"""From event type to payload model, for producers (validation) and consumers (parsing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from pydantic import ValidationError

from bastion.errors import BastionError
from bastion.events.envelope import CloudEvent
from bastion.events.model import EVENT_TYPE_PATTERN, EventData

E = TypeVar("E", bound=EventData)


class UnknownEventTypeError(BastionError):
    default_code = "unknown_event_type"


class InvalidEventDataError(BastionError):
    """The payload does not match its type's schema; retrying will not help."""

    default_code = "invalid_event_data"


class EventRegistry:
    """Every event type a system knows, each mapped to its frozen payload model."""

    def __init__(self, models: Iterable[type[EventData]] = ()) -> None:
        self._models: dict[str, type[EventData]] = {}
        for model in models:
            self.register(model)

    def register(self, model: type[E]) -> type[E]:
        event_type = model.event_type
        if not EVENT_TYPE_PATTERN.match(event_type):
            raise ValueError(f"{model.__name__}: event type {event_type!r} does not follow the naming rule")
        if event_type in self._models and self._models[event_type] is not model:
            raise ValueError(f"event type {event_type!r} registered twice")
        self._models[event_type] = model
        return model

    def __contains__(self, event_type: object) -> bool:
        return event_type in self._models

    def __iter__(self) -> Iterator[type[EventData]]:
        return iter(sorted(self._models.values(), key=lambda m: m.event_type))

    def model_for(self, event_type: str) -> type[EventData]:
        try:
            return self._models[event_type]
        except KeyError:
            raise UnknownEventTypeError(f"unknown event type {event_type!r}") from None

    def parse(self, event: CloudEvent) -> EventData:
        """The typed payload of an envelope."""
        model = self.model_for(event.type)
        try:
            return model.model_validate(event.data)
        except ValidationError as exc:
            raise InvalidEventDataError(f"{event.type} {event.id}: {exc}") from exc
