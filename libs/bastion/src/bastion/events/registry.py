"""From event type to payload model, for producers (validation) and consumers (parsing)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal, TypeVar, Union

from pydantic import Field, TypeAdapter, ValidationError, create_model

from bastion.errors import BastionError
from bastion.events.envelope import CloudEvent, CloudEventAttributes
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
        self._typed: TypeAdapter[Any] | None = None
        for model in models:
            self.register(model)

    def register(self, model: type[E]) -> type[E]:
        event_type = model.event_type
        if not EVENT_TYPE_PATTERN.match(event_type):
            raise ValueError(f"{model.__name__}: event type {event_type!r} does not follow the naming rule")
        if event_type in self._models and self._models[event_type] is not model:
            raise ValueError(f"event type {event_type!r} registered twice")
        self._models[event_type] = model
        self._typed = None
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

    def decode(self, raw: bytes | None) -> tuple[CloudEventAttributes, EventData] | None:
        """The attributes and typed payload of a valid event of a known type, in one pass over the JSON;
        None for anything else (the caller then finds out what is wrong, step by step, with
        ``CloudEvent.from_bytes`` and :meth:`parse`).

        Consumers spend most of their decoding time here: parsing the envelope and then validating its
        ``data`` again costs about twice as much.
        """
        if not raw or not self._models:
            return None
        try:
            envelope = self._typed_envelopes().validate_json(raw)
        except ValidationError:
            return None
        return envelope, envelope.data

    def _typed_envelopes(self) -> TypeAdapter[Any]:
        """One model per event type (its attributes, ``type`` fixed, ``data`` its payload model), as one
        union told apart by ``type``: pydantic then validates envelope and payload in one pass."""
        if self._typed is None:
            envelopes = [
                create_model(
                    f"{model.__name__}Envelope",
                    __base__=CloudEventAttributes,
                    type=(Literal[event_type], ...),  # type: ignore[arg-type]
                    data=(model, ...),
                )
                for event_type, model in self._models.items()
            ]
            union: Any = Annotated[Union[tuple(envelopes)], Field(discriminator="type")]  # noqa: UP007
            self._typed = TypeAdapter(union)
        return self._typed

    def parse(self, event: CloudEvent) -> EventData:
        """The typed payload of an event read on its own (its ``data`` the JSON object)."""
        model = self.model_for(event.type)
        try:
            return model.model_validate(event.data)
        except ValidationError as exc:
            raise InvalidEventDataError(f"{event.type} {event.id}: {exc}") from exc
