"""Feedback's respondent key: the development default serves the embedded stack only."""

from __future__ import annotations

import pytest

from bastion.errors import ConfigurationError
from feedback.settings import DEV_RESPONDENT_KEY, FeedbackSettings

DATABASE = "postgresql://feedback:q7Vx2-LmR9tYw4Zk@db:5432/feedback"
IDENTITY_PROVIDER = "https://idp.example.cn/.well-known/jwks.json"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENVIRONMENT", "FEEDBACK_ENVIRONMENT", "FEEDBACK_RESPONDENT_HASH_KEY", "FEEDBACK_DATABASE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUTH_JWKS_URL", IDENTITY_PROVIDER)


def test_the_embedded_stack_runs_with_the_development_key() -> None:
    assert FeedbackSettings().respondent_hash_key.get_secret_value() == DEV_RESPONDENT_KEY


@pytest.mark.parametrize("key", [DEV_RESPONDENT_KEY, "change-me-a-long-random-key-for-the-respondent-hmac"])
def test_production_refuses_the_development_or_example_key(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_RESPONDENT_HASH_KEY", key)
    with pytest.raises(ConfigurationError, match="FEEDBACK_RESPONDENT_HASH_KEY"):
        FeedbackSettings(environment="production", database_url=DATABASE)


def test_production_refuses_the_key_left_unset() -> None:
    with pytest.raises(ConfigurationError, match="FEEDBACK_RESPONDENT_HASH_KEY"):
        FeedbackSettings(environment="production", database_url=DATABASE)


def test_production_accepts_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDBACK_RESPONDENT_HASH_KEY", "Rk3-vQ9xLm2Zp8Tw5nY1cJ6hB0sD4fG7")
    assert FeedbackSettings(environment="production", database_url=DATABASE).environment == "production"
