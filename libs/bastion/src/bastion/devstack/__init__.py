"""The embedded stack: a real PostgreSQL and the Tansu broker as child processes, for
``make run`` and the tests. Nothing here is used in production."""

from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.postgres import EmbeddedPostgres
from bastion.devstack.processes import free_port

__all__ = ["EmbeddedBroker", "EmbeddedPostgres", "free_port"]
