"""A thin client of Bastion's APIs for the demo loader: every call checked, errors explained."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import httpx

T = TypeVar("T")


class DemoLoadError(RuntimeError):
    """A request the service answered with an error; ``status`` is the HTTP status it answered."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Api:
    def __init__(self, client: httpx.AsyncClient, base_url: str) -> None:
        self._client = client
        self._base = base_url.rstrip("/")
        self.event_ids: list[str] = []

    def url(self, path: str) -> str:
        return f"{self._base}{path}"

    async def call(self, method: str, path: str, *, track: bool = True, **kwargs: Any) -> Any:
        """One checked request; the event ids it answers are kept (unless ``track`` is off) so the
        loader can wait for the services that consume them."""
        response = await self._client.request(method, f"{self._base}{path}", **kwargs)
        if response.status_code >= 400:
            raise DemoLoadError(f"{method} {path}: {response.status_code} {response.text}", response.status_code)
        body = response.json()
        if track and isinstance(body, dict):
            self.event_ids.extend(body.get("event_ids", []))
        return body

    async def get(self, path: str, **params: Any) -> Any:
        return await self.call("GET", path, params=params)

    async def post(self, path: str, body: dict[str, Any], *, track: bool = True) -> Any:
        return await self.call("POST", path, json=body, track=track)

    async def put(self, path: str, body: dict[str, Any]) -> Any:
        return await self.call("PUT", path, json=body)

    async def all_pages(self, path: str, **params: Any) -> list[Any]:
        items: list[Any] = []
        page = 1
        while True:
            answer = await self.get(path, page=page, page_size=200, **params)
            items.extend(answer["items"])
            if len(items) >= answer["total"] or not answer["items"]:
                return items
            page += 1


async def gather_limited(work: Iterable[Awaitable[T]], limit: int = 8) -> list[T]:
    """Run coroutines with at most ``limit`` at once (the services share two cores with us)."""
    semaphore = asyncio.Semaphore(limit)

    async def one(item: Awaitable[T]) -> T:
        async with semaphore:
            return await item

    return await asyncio.gather(*(one(item) for item in work))


async def until_known(work: Callable[[], Awaitable[T]], codes: tuple[str, ...], timeout: float = 60) -> T:
    """Run ``work``, retrying while the service answers that it does not know something yet (its
    consumer has not applied the producer's events): read-your-writes across services."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return await work()
        except DemoLoadError as error:
            if not any(f'"{code}"' in str(error) for code in codes) or asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)
