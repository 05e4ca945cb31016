"""The one address serves the web app's built files (BASTION_WEB_ROOT) as `make run` does: a file at its
path, every other path of the app answered with index.html for its router, hashed assets kept long,
dotfiles never, and the old dashboard's path still going to scoring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bastion.devstack.processes import free_port
from bastion.devstack.proxy import WEB_DIST, EmbeddedProxy

INDEX = "<!doctype html><title>工作台</title>"


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[EmbeddedProxy]:
    web = tmp_path / "dist"
    (web / "assets").mkdir(parents=True)
    (web / "index.html").write_text(INDEX, encoding="utf-8")
    (web / "assets" / "index-abc123.js").write_text("console.log(1)", encoding="utf-8")
    (web / ".built").write_text("a stamp of the build", encoding="utf-8")
    unreachable = f"127.0.0.1:{free_port()}"
    running = EmbeddedProxy(
        "127.0.0.1",
        free_port(),
        dict.fromkeys(("roster", "activity", "feedback", "scoring"), unreachable),
        data_dir=tmp_path / "caddy",
        log_path=tmp_path / "proxy.log",
        variables={"BASTION_WEB_ROOT": str(web)},
    )
    running.start()
    try:
        yield running
    finally:
        running.stop()


def test_the_app_answers_its_own_paths_with_its_index(proxy: EmbeddedProxy) -> None:
    for path in ("/", "/signin", "/branch/3f2b8c1e-9a4d-4c2e-8f1a-0b6d2e7c9a11/todo", "/me/card"):
        answer = httpx.get(f"{proxy.url}{path}")
        assert answer.status_code == 200, path
        assert answer.text == INDEX, path
        assert answer.headers["cache-control"] == "no-cache", path


def test_built_files_are_served_and_hashed_ones_kept(proxy: EmbeddedProxy) -> None:
    answer = httpx.get(f"{proxy.url}/assets/index-abc123.js")
    assert answer.text == "console.log(1)"
    assert "immutable" in answer.headers["cache-control"]
    hidden = httpx.get(f"{proxy.url}/.built")
    assert hidden.status_code == 404, "a dotfile is not served"
    assert "stamp" not in hidden.text


def test_the_dashboard_and_the_apis_still_go_to_the_services(proxy: EmbeddedProxy) -> None:
    assert httpx.get(f"{proxy.url}/dashboard/").status_code == 502, "to scoring (not running here)"
    assert httpx.get(f"{proxy.url}/api/roster/healthz").status_code == 502, "to roster (not running here)"


def test_make_run_serves_the_checkouts_build() -> None:
    proxy = EmbeddedProxy("127.0.0.1", 1, {}, data_dir=Path("caddy"), log_path=Path("proxy.log"))
    assert proxy.environment()["BASTION_WEB_ROOT"] == str(WEB_DIST)
    assert WEB_DIST.parent.joinpath("package.json").is_file()
