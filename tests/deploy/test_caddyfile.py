"""The proxy's configuration, checked by the real Caddy offline: both Caddyfiles validate (production's with
the certificate it is given), they route the same paths, every service's API is under its own prefix at its
Compose address, and the set-up script makes a certificate for a trial."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from bastion.http.forwarded import api_prefix
from bastion.service import discover_services
from tests.deploy.caddy import (
    DEVELOPMENT,
    PRODUCTION,
    ROUTES,
    adapted,
    run_caddy,
    self_signed_certificate,
)
from tests.deploy.compose import BASE_FILE, composed_config, secrets_from_examples

SPECS = discover_services()
# Where each service is, as bastion dev tells dev.Caddyfile; Compose's names are the files' defaults.
LOCAL_UPSTREAMS = {f"BASTION_{name.upper()}_UPSTREAM": f"127.0.0.1:{spec.default_port}" for name, spec in SPECS.items()}


def _routes(config: dict[str, Any], listening: str) -> list[dict[str, Any]]:
    """The routes of the server that listens on ``listening`` (e.g. ``:443``)."""
    servers = config["apps"]["http"]["servers"].values()
    found = [server for server in servers if any(address.endswith(listening) for address in server["listen"])]
    assert len(found) == 1, [server["listen"] for server in servers]
    routes: list[dict[str, Any]] = found[0]["routes"]
    return routes


def _route_for(routes: list[dict[str, Any]], path: str) -> dict[str, Any]:
    for route in routes:
        if any(path in matcher.get("path", ()) for matcher in route.get("match", ())):
            return route
    raise AssertionError(f"no route for {path}")


def _handlers(route: dict[str, Any]) -> list[dict[str, Any]]:
    """Every handler of a route, those of its subroutes included, in order."""
    found = []
    for handler in route.get("handle", ()):
        found.append(handler)
        for inner in handler.get("routes", ()):
            found += _handlers(inner)
    return found


def _without_group_names(value: Any) -> Any:
    """Routes as they behave: Caddy numbers the groups of exclusive routes by their place in the file, and
    its file server hides the Caddyfiles it was given, whose names differ."""
    if isinstance(value, dict):
        if value.get("handler") == "file_server":
            value = {**value, "hide": [h for h in value.get("hide", ()) if not h.endswith(("Caddyfile", ".caddy"))]}
        return {key: _without_group_names(item) for key, item in value.items() if key != "group"}
    if isinstance(value, list):
        return [_without_group_names(item) for item in value]
    return value


def _dials(route: dict[str, Any]) -> list[str]:
    return [u["dial"] for h in _handlers(route) if h["handler"] == "reverse_proxy" for u in h["upstreams"]]


@pytest.fixture
def tls_dir(tmp_path: Path) -> Path:
    return self_signed_certificate(tmp_path / "tls")


def test_the_development_caddyfile_validates(tmp_path: Path) -> None:
    result = run_caddy(tmp_path, "validate", "--adapter", "caddyfile", "--config", DEVELOPMENT, env=LOCAL_UPSTREAMS)
    assert result.returncode == 0, result.stderr


def test_the_production_caddyfile_validates_with_the_certificate_it_is_given(tmp_path: Path, tls_dir: Path) -> None:
    """``caddy validate`` loads the certificate: the self-signed one deploy/tls/create.sh makes works."""
    env = {"BASTION_TLS_DIR": str(tls_dir)}
    result = run_caddy(tmp_path, "validate", "--adapter", "caddyfile", "--config", PRODUCTION, env=env)
    assert result.returncode == 0, result.stderr


def test_validation_fails_without_the_certificate_and_on_a_typo(tmp_path: Path) -> None:
    """The checks above can fail: a missing certificate file, or a directive Caddy does not know."""
    env = {"BASTION_TLS_DIR": str(tmp_path / "empty")}
    missing = run_caddy(tmp_path, "validate", "--adapter", "caddyfile", "--config", PRODUCTION, env=env)
    assert missing.returncode != 0
    assert "bastion.crt" in missing.stderr
    broken = tmp_path / "caddy"
    broken.mkdir()
    for source in DEVELOPMENT.parent.glob("*"):
        text = source.read_text(encoding="utf-8")
        (broken / source.name).write_text(text.replace("handle_path", "handle_paht"), encoding="utf-8")
    typo = run_caddy(tmp_path, "validate", "--adapter", "caddyfile", "--config", broken / DEVELOPMENT.name)
    assert typo.returncode != 0
    assert "handle_paht" in typo.stderr


@pytest.mark.parametrize("caddyfile", [PRODUCTION, DEVELOPMENT, ROUTES], ids=lambda path: path.name)
def test_the_caddyfiles_are_formatted_as_caddy_formats_them(caddyfile: Path, tmp_path: Path) -> None:
    result = run_caddy(tmp_path, "fmt", caddyfile)
    assert result.returncode == 0, result.stderr
    assert result.stdout == caddyfile.read_text(encoding="utf-8"), f"caddy fmt --overwrite {caddyfile.name}"


def test_make_run_serves_the_routes_production_serves(tmp_path: Path) -> None:
    """One routing definition (routes.caddy): the plain-HTTP site of dev.Caddyfile and the HTTPS site of the
    Caddyfile route every path alike, given the same upstreams."""
    env = {**LOCAL_UPSTREAMS, "BASTION_DEV_PORT": "8000"}
    development = _routes(adapted(DEVELOPMENT, tmp_path, env), ":8000")
    production = _routes(adapted(PRODUCTION, tmp_path, env), ":443")
    assert _without_group_names(development) == _without_group_names(production)


@pytest.mark.parametrize("service", list(SPECS))
def test_each_api_is_under_its_prefix_at_its_compose_address(service: str, tmp_path: Path) -> None:
    """``/api/<service>/…`` reaches the service at its root (the prefix stripped and named in
    X-Forwarded-Prefix, which the service takes for its own), at the port Compose gives it."""
    environment = composed_config((BASE_FILE,), secrets_from_examples(tmp_path / "secrets"))["services"][service][
        "environment"
    ]
    prefix = api_prefix(service)
    route = _route_for(_routes(adapted(PRODUCTION, tmp_path), ":443"), f"{prefix}/*")
    handlers = _handlers(route)
    assert {"handler": "rewrite", "strip_path_prefix": prefix} in handlers
    proxy = next(h for h in handlers if h["handler"] == "reverse_proxy")
    assert proxy["headers"]["request"]["set"]["X-Forwarded-Prefix"] == [prefix]
    assert _dials(route) == [f"{service}:{environment[f'{service.upper()}_HTTP_PORT']}"]


def test_the_public_pages_and_the_web_app_have_their_paths(tmp_path: Path) -> None:
    routes = _routes(adapted(PRODUCTION, tmp_path), ":443")
    assert _dials(_route_for(routes, "/p/*")) == ["feedback:8003"], "the short links of the public pages"
    assert _dials(_route_for(routes, "/dashboard/*")) == ["scoring:8004"], "the old dashboard, until it is retired"
    assert _route_for(routes, "/healthz")


def test_the_web_app_is_served_at_the_root_from_where_the_proxy_has_its_files(tmp_path: Path) -> None:
    """Production's proxy has the built files at /srv/web (docker-compose.yml mounts web/dist there);
    BASTION_WEB_ROOT moves them (bastion dev: the checkout's web/dist), and the app's paths fall back to
    its index.html."""
    for env, root in (({}, "/srv/web"), ({"BASTION_WEB_ROOT": "/opt/bastion/web"}, "/opt/bastion/web")):
        handlers = [h for route in _routes(adapted(PRODUCTION, tmp_path, env), ":443") for h in _handlers(route)]
        assert [h["root"] for h in handlers if h["handler"] == "vars" and "root" in h] == [root]
        assert any(h["handler"] == "file_server" and ".*" in h["hide"] for h in handlers), "no dotfiles"


def test_plain_http_leads_to_https_in_production(tmp_path: Path) -> None:
    routes = _routes(adapted(PRODUCTION, tmp_path), ":80")
    assert _route_for(routes, "/healthz"), "the container's health check"
    locations = [h.get("headers", {}).get("Location") for route in routes for h in _handlers(route)]
    assert ["https://{http.request.host}{http.request.uri}"] in locations


def test_the_trial_certificate_names_the_host_and_an_existing_one_is_kept(tmp_path: Path, tls_dir: Path) -> None:
    text = subprocess.run(
        ["openssl", "x509", "-in", str(tls_dir / "bastion.crt"), "-noout", "-text"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "DNS:bastion.example.cn" in text
    assert "IP Address:127.0.0.1" in text
    assert (tls_dir / "bastion.key").stat().st_mode & 0o077 == 0, "the key is its owner's only"
    before = (tls_dir / "bastion.crt").read_bytes()
    self_signed_certificate(tls_dir, "other.example.cn")
    assert (tls_dir / "bastion.crt").read_bytes() == before, "the enterprise's certificate is never replaced"
