from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from activity.main import SERVICE
from bastion.testing import ServiceClient, TestStack, running_service


@pytest.fixture
async def activity(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client
