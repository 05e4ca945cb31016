"""Event payloads: frozen pydantic models with a type, a topic and a subject.

A payload says everything a consumer needs (event-carried state); consumers never call the
producer back. Fields evolve additively; anything else is a new major version (``.v2``).
"""

from __future__ import annotations

import re
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from bastion.events.topics import Topic

EVENT_TYPE_PATTERN = re.compile(r"^bastion\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$")


class EventData(BaseModel):
    """Base of every event payload (``data`` of the CloudEvent).

    Subclasses set ``event_type`` (``bastion.<service>.<aggregate>.<verb_past>.v<major>``) and
    ``topic``, and say which field is the aggregate id in :meth:`subject`.
    """

    # Unknown fields are ignored so an older consumer reads a newer minor version.
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    topic: ClassVar[Topic]

    def subject(self) -> str:
        """The aggregate id: the Kafka key and the CloudEvent ``subject``."""
        raise NotImplementedError

    @classmethod
    def major_version(cls) -> int:
        return int(cls.event_type.rsplit(".v", 1)[1])

    @classmethod
    def source_service(cls) -> str:
        return cls.event_type.split(".")[1]
