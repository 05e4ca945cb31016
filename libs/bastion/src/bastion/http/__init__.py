"""The HTTP side of a service: app factory, error answers, middleware, dependencies."""

from bastion.http.app import create_app
from bastion.http.deps import RuntimeDep, runtime_dependency, runtime_of

__all__ = ["RuntimeDep", "create_app", "runtime_dependency", "runtime_of"]
