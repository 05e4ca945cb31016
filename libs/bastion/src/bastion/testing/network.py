"""A TCP proxy that can cut a link, for outage tests against a broker that keeps its data.

Tansu keeps messages in memory, so stopping its process also wipes its log and, on restart,
it re-creates topics with default partitions when a client first touches them; a real Kafka
broker keeps its log across a restart. To test what Bastion does while the broker is
unreachable (and not what a memory-only broker forgets), tests put this proxy in front of
the broker and advertise the proxy's address: ``cut()`` refuses new connections and drops
open ones, exactly what clients see of a stopped broker; ``restore()`` brings it back.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from bastion.devstack.broker import EmbeddedBroker
from bastion.devstack.processes import free_port, spawn, wait_for_port


class TcpProxy:
    """Forwards ``127.0.0.1:listen_port`` to ``127.0.0.1:target_port`` on a thread of its own."""

    def __init__(self, target_port: int, listen_port: int | None = None) -> None:
        self.target_port = target_port
        self.listen_port = listen_port or free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True, name="tcp-proxy")
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    def start(self) -> None:
        self._thread.start()
        self.restore()

    def cut(self) -> None:
        """Refuse new connections and drop every open one."""
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    def stop(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _call(self, coroutine: Any) -> None:
        future: Future[None] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        future.result(10)

    async def _listen(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.listen_port)

    async def _cut(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.transport.abort()
            return
        self._writers |= {client_writer, upstream_writer}
        await asyncio.gather(
            self._pipe(client_reader, upstream_writer),
            self._pipe(upstream_reader, client_writer),
        )
        self._writers -= {client_writer, upstream_writer}

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()


class ReachableBroker(EmbeddedBroker):
    """A Tansu broker that clients reach only through a :class:`TcpProxy` (see the module doc)."""

    def __init__(self, *, log_path: Path) -> None:
        super().__init__(free_port(), log_path=log_path)
        self.proxy = TcpProxy(self.port)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.proxy.listen_port}"

    def start(self, timeout: float = 20.0) -> None:
        self.process = spawn(
            [
                _tansu(),
                "broker",
                "--listener-url",
                f"tcp://127.0.0.1:{self.port}",
                "--advertised-listener-url",
                f"tcp://127.0.0.1:{self.proxy.listen_port}",
            ],
            log_path=self.log_path,
        )
        wait_for_port("127.0.0.1", self.port, timeout, self.process)
        self.proxy.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.proxy.stop()
        super().stop(timeout)

    def cut(self) -> None:
        self.proxy.cut()

    def restore(self) -> None:
        self.proxy.restore()


def _tansu() -> str:
    from bastion.devstack.broker import tansu_binary

    return tansu_binary()
