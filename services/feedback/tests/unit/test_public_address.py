"""The public pages' address: the one set, or where the service listens (never a port it does not use)."""

from __future__ import annotations

import pytest

from bastion.addresses import network_address
from feedback.settings import FeedbackSettings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FEEDBACK_PUBLIC_BASE_URL", "FEEDBACK_HTTP_HOST", "FEEDBACK_HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_the_address_set_wins_without_its_trailing_slash() -> None:
    settings = FeedbackSettings(public_base_url="https://fk.example.cn/", http_port=8103)
    assert settings.public_pages_url == "https://fk.example.cn"


def test_unset_it_is_where_the_service_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_HTTP_PORT", "8103")
    assert FeedbackSettings().public_pages_url == "http://127.0.0.1:8103"
    assert FeedbackSettings(http_host="::1").public_pages_url == "http://[::1]:8103"


def test_listening_on_every_interface_it_is_the_machines_network_address() -> None:
    settings = FeedbackSettings(http_host="0.0.0.0", http_port=8103)  # noqa: S104
    assert settings.public_pages_url == f"http://{network_address() or '127.0.0.1'}:8103"
    assert "0.0.0.0" not in settings.public_pages_url  # noqa: S104
