"""What every handler needs besides its command: the kit's handler context on activity's unit of work."""

from __future__ import annotations

from activity.service_layer.unit_of_work import ActivityUnitOfWork
from activity.settings import ActivitySettings
from bastion.service_layer import HandlerContext

Context = HandlerContext[ActivityUnitOfWork, ActivitySettings]
