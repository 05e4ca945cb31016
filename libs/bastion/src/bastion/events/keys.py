"""Which payload field an event type's Kafka key (its CloudEvent ``subject``) comes from.

The key is what :meth:`EventData.subject` returns. To document it per event type without a second,
hand-kept list, the method is run once on a payload whose fields are stand-ins that remember the
attribute path they were reached by: ``str(self.member.member_id)`` answers ``member.member_id``.
"""

from __future__ import annotations

import re
from typing import Any

from bastion.events.model import EventData

_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


class _PathProbe:
    """Stands in for a field value; attribute access extends the path, ``str()`` returns it."""

    def __init__(self, path: str) -> None:
        self._path = path

    def __getattr__(self, name: str) -> _PathProbe:
        if name.startswith("__"):
            raise AttributeError(name)
        return _PathProbe(f"{self._path}.{name}")

    def __str__(self) -> str:
        return self._path


def subject_path(model: type[EventData]) -> str | None:
    """The dotted path under ``data`` of the field that is the key, e.g. ``member.member_id``; None when
    ``subject()`` does more than return one field (then the key is documented only as the subject)."""
    stand_ins: dict[str, Any] = {name: _PathProbe(name) for name in model.model_fields}
    probe = model.model_construct(**stand_ins)
    try:
        path = probe.subject()
    except Exception:  # noqa: BLE001 - any computation on the stand-ins means "not a plain field"
        return None
    if not _PATH.fullmatch(path) or path.split(".", 1)[0] not in model.model_fields:
        return None
    return path
