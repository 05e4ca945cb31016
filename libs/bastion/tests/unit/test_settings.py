from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy.engine import make_url

from bastion.errors import ConfigurationError
from bastion.settings import ServiceSettings, settings_config


class AlphaSettings(ServiceSettings):
    service_name: ClassVar[str] = "alpha"
    default_http_port: ClassVar[int] = 8123
    model_config = settings_config("alpha")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "HTTP_PORT", "LOG_LEVEL", "DATABASE_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"ALPHA_{name}", raising=False)


def test_prefixed_variable_wins_over_the_shared_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "shared:9092")
    monkeypatch.setenv("ALPHA_KAFKA_BOOTSTRAP_SERVERS", "own:9092")
    assert AlphaSettings().kafka_bootstrap_servers == "own:9092"


def test_shared_variable_is_the_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "shared:9092")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    settings = AlphaSettings()
    assert settings.kafka_bootstrap_servers == "shared:9092"
    assert settings.log_level == "DEBUG"


def test_service_only_settings_ignore_unprefixed_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PORT", "9999")
    assert AlphaSettings().port == 8123
    monkeypatch.setenv("ALPHA_HTTP_PORT", "9001")
    assert AlphaSettings().port == 9001


def test_shared_database_url_gives_each_service_its_own_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://bastion:s%40cret@db.internal:5432/bastion")
    assert AlphaSettings().database_url == "postgresql://bastion:s%40cret@db.internal:5432/bastion_alpha"


def test_own_database_url_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/bastion")
    monkeypatch.setenv("ALPHA_DATABASE_URL", "postgresql://other/alpha_db")
    assert AlphaSettings().database_url == "postgresql://other/alpha_db"


def test_missing_database_names_the_variable_to_set() -> None:
    with pytest.raises(ConfigurationError, match="ALPHA_DATABASE_URL"):
        AlphaSettings().require_database_url()


def test_a_setting_can_be_read_from_the_file_its_file_variable_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "alpha_database_url"
    secret.write_text("postgresql://alpha:from-file@db/alpha\n", encoding="utf-8")
    monkeypatch.setenv("ALPHA_DATABASE_URL_FILE", str(secret))
    monkeypatch.setenv("DATABASE_URL", "postgresql://shared@db/bastion")
    assert AlphaSettings().database_url == "postgresql://alpha:from-file@db/alpha"


def test_a_setting_given_both_in_clear_and_as_a_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "port"
    secret.write_text("9001", encoding="utf-8")
    monkeypatch.setenv("ALPHA_HTTP_PORT_FILE", str(secret))
    monkeypatch.setenv("ALPHA_HTTP_PORT", "9002")
    with pytest.raises(ConfigurationError, match="ALPHA_HTTP_PORT or ALPHA_HTTP_PORT_FILE"):
        AlphaSettings()


def test_a_missing_secret_file_names_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALPHA_DATABASE_PASSWORD_FILE", str(tmp_path / "absent"))
    with pytest.raises(ConfigurationError, match="ALPHA_DATABASE_PASSWORD_FILE"):
        AlphaSettings()


def test_database_password_from_a_file_goes_into_the_url(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "alpha_db_password"
    written = "p@ss/word"
    secret.write_text(f"{written}\n", encoding="utf-8")
    monkeypatch.setenv("ALPHA_DATABASE_URL", "postgresql://alpha@db.internal:5432/alpha")
    monkeypatch.setenv("ALPHA_DATABASE_PASSWORD_FILE", str(secret))
    settings = AlphaSettings()
    assert settings.database_url == "postgresql://alpha:p%40ss%2Fword@db.internal:5432/alpha"
    assert make_url(settings.require_database_url()).password == written
    assert "p@ss" not in repr(settings.database_password)
