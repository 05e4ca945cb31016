"""A Tansu broker that Debian's kcat can talk to.

Debian's kcat links librdkafka 2.0.2, whose parser of the ApiVersions v3 response mishandles the
response's tagged fields (SupportedFeatures, FinalizedFeatures...), which Tansu 0.6 sends and librdkafka
never uses: kcat fails with "ApiVersionRequest failed: Local: Read underflow". The broker is therefore put
behind a proxy (advertised, so every connection goes through it) that drops those tagged fields from
ApiVersions v3+ responses and passes every other byte through untouched.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from collections.abc import Callable
from pathlib import Path

from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.processes import free_port
from bastion.testing.network import ReachableBroker, TcpProxy

_API_VERSIONS = 18


def _uvarint(buffer: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buffer[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, at
        shift += 7


def _skip_tags(buffer: bytes, at: int) -> int:
    count, at = _uvarint(buffer, at)
    for _ in range(count):
        _tag, at = _uvarint(buffer, at)
        size, at = _uvarint(buffer, at)
        at += size
    return at


def without_tagged_fields(response: bytes) -> bytes:
    """An ApiVersions v3 response (correlation id onwards) with its top-level tagged fields emptied."""
    at = 4 + 2  # correlation id (the response header of ApiVersions has no tags), error code
    entries, at = _uvarint(response, at)
    for _ in range(max(entries - 1, 0)):
        at = _skip_tags(response, at + 6)  # api key, min and max version
    at += 4  # throttle time
    return response[:at] + b"\x00"


class ApiVersionsProxy(TcpProxy):
    """A :class:`TcpProxy` that reads Kafka frames and rewrites ApiVersions v3+ responses."""

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, upstream_writer}
        asked: dict[int, tuple[int, int]] = {}  # correlation id -> (api key, version)
        await asyncio.gather(
            _frames(client_reader, upstream_writer, lambda frame: _remember(asked, frame)),
            _frames(upstream_reader, client_writer, lambda frame: _rewrite(asked, frame)),
        )
        self._writers -= {client_writer, upstream_writer}


def _remember(asked: dict[int, tuple[int, int]], request: bytes) -> bytes:
    api_key, version, correlation = struct.unpack_from(">hhi", request)
    asked[correlation] = (api_key, version)
    return request


def _rewrite(asked: dict[int, tuple[int, int]], response: bytes) -> bytes:
    api_key, version = asked.pop(struct.unpack_from(">i", response)[0], (-1, -1))
    return without_tagged_fields(response) if api_key == _API_VERSIONS and version >= 3 else response


async def _frames(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, change: Callable[[bytes], bytes]) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while True:
            size = struct.unpack(">i", await reader.readexactly(4))[0]
            frame = change(await reader.readexactly(size))
            writer.write(struct.pack(">i", len(frame)) + frame)
            await writer.drain()
    writer.transport.abort()


class KcatFriendlyBroker(ReachableBroker):
    """A broker of the test's own, reached through an :class:`ApiVersionsProxy`."""

    def __init__(self, *, log_path: Path) -> None:
        # Not ReachableBroker.__init__: its plain proxy would own an event loop nobody closes.
        EmbeddedBroker.__init__(self, free_port(), log_path=log_path)
        self.proxy = ApiVersionsProxy(self.port)
