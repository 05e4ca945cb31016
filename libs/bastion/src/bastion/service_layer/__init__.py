"""What the services' handlers share: the context they run in."""

from bastion.service_layer.context import HandlerContext

__all__ = ["HandlerContext"]
