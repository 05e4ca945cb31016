"""The answer's part that lists the events a write recorded, for reading one's own writes elsewhere."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import Field

EventIds = Annotated[
    list[uuid.UUID],
    Field(description="Events this change recorded; pass them as `after` to scoring to read your own writes."),
]
