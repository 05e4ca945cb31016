"""What every handler needs besides its command: the kit's handler context on roster's unit of work."""

from __future__ import annotations

from bastion.service_layer import HandlerContext
from roster.service_layer.unit_of_work import RosterUnitOfWork
from roster.settings import RosterSettings

Context = HandlerContext[RosterUnitOfWork, RosterSettings]
