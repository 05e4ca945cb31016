from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bastion.testing import ServiceClient, TestStack, running_service
from feedback.main import SERVICE


@pytest.fixture
async def feedback(stack: TestStack) -> AsyncIterator[ServiceClient]:
    async with running_service(SERVICE, await stack.settings_for(SERVICE)) as client:
        yield client
