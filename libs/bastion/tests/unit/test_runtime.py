"""The runtime's types: a service's code gets its own settings type, and finds what its workers hold by type."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from prometheus_client import CollectorRegistry

from bastion.runtime import ServiceRuntime, runtime_with
from bastion.settings import ServiceSettings, settings_config
from bastion.testing.probe import KitTestSettings


class OtherSettings(ServiceSettings):
    model_config = settings_config("othertest")


class LiveGeneration:
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.fixture
async def runtime() -> AsyncIterator[ServiceRuntime[KitTestSettings]]:
    settings = KitTestSettings(database_url="postgresql+asyncpg://nobody@localhost:1/none")
    made = ServiceRuntime.create(settings, CollectorRegistry())  # the engine connects only when used
    yield made
    await made.engine.dispose()


async def test_a_runtime_is_taken_with_its_own_settings_type_and_refused_with_another(
    runtime: ServiceRuntime[KitTestSettings],
) -> None:
    assert runtime_with(runtime, KitTestSettings).settings is runtime.settings
    assert runtime_with(runtime, ServiceSettings) is runtime, "the kit's view of any service's runtime"
    with pytest.raises(TypeError, match="OtherSettings"):
        runtime_with(runtime, OtherSettings)


async def test_a_part_is_found_by_its_type_and_a_later_one_replaces_it(
    runtime: ServiceRuntime[KitTestSettings],
) -> None:
    assert runtime.part(LiveGeneration) is None, "nothing held yet"
    runtime.keep(LiveGeneration("g1"))
    runtime.keep(LiveGeneration("g2"))
    found = runtime.part(LiveGeneration)
    assert found is not None
    assert found.name == "g2"
    assert runtime.part(OtherSettings) is None
