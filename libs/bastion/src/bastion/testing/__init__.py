"""Test support: a real PostgreSQL and broker per session, a fresh database and topics per test.

Registered as a pytest plugin (entry point ``pytest11``), so every test in the workspace gets
the fixtures. Set ``BASTION_TEST_DATABASE_URL`` (an admin URL of a server where databases may
be created) or ``BASTION_TEST_KAFKA_BOOTSTRAP_SERVERS`` to use existing servers instead.
"""

from bastion.testing.apps import ServiceClient, running_service
from bastion.testing.processes import ServiceProcess
from bastion.testing.stack import TestStack, run_in_thread

__all__ = ["ServiceClient", "ServiceProcess", "TestStack", "run_in_thread", "running_service"]
