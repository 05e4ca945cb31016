"""Kafka security settings: the options every client gets, and the combinations refused at start-up."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import logging
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiokafka import AIOKafkaClient
from aiokafka.errors import KafkaConnectionError
from pydantic import SecretStr, ValidationError

from bastion.errors import ConfigurationError
from bastion.kafka import KafkaConnection, client_options
from bastion.settings import ServiceSettings, settings_config

PASSWORD = "kafka-S3cret-pw-0451"  # noqa: S105 - a test value, to look for in logs


class AlphaSettings(ServiceSettings):
    service_name: ClassVar[str] = "alpha"
    model_config = settings_config("alpha")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENVIRONMENT", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS"):
        monkeypatch.delenv(name, raising=False)
    for name in AlphaSettings.model_fields:
        if name.startswith("kafka_"):
            for variable in (name.upper(), f"ALPHA_{name.upper()}"):
                monkeypatch.delenv(variable, raising=False)
                monkeypatch.delenv(f"{variable}_FILE", raising=False)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, and its key (both PEM)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bastion test broker")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "broker.pem", folder / "broker.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _connection(**values: Any) -> KafkaConnection:
    return KafkaConnection("127.0.0.1:9092", **values)


def test_plaintext_is_the_default_and_adds_neither_tls_nor_sasl() -> None:
    options = client_options(AlphaSettings(), "relay")
    assert options["security_protocol"] == "PLAINTEXT"
    assert "ssl_context" not in options
    assert not any(key.startswith("sasl_") for key in options)


def test_ssl_verifies_the_broker_against_the_given_ca(certificate: tuple[Path, Path]) -> None:
    options = client_options(_connection(kafka_security_protocol="SSL", kafka_ssl_cafile=certificate[0]), "relay")
    context = options["ssl_context"]
    assert options["security_protocol"] == "SSL"
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert [c["subject"] for c in context.get_ca_certs()] == [((("commonName", "bastion test broker"),),)]
    assert not any(key.startswith("sasl_") for key in options)


def test_ssl_without_a_ca_file_trusts_the_system_cas() -> None:
    context = client_options(_connection(kafka_security_protocol="SSL"), "relay")["ssl_context"]
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname


def test_host_name_checking_can_be_turned_off_but_not_verification() -> None:
    connection = _connection(kafka_security_protocol="SSL", kafka_ssl_check_hostname=False)
    context = client_options(connection, "relay")["ssl_context"]
    assert not context.check_hostname
    assert context.verify_mode == ssl.CERT_REQUIRED


def test_mutual_tls_loads_the_client_certificate(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    connection = _connection(kafka_security_protocol="SSL", kafka_ssl_certfile=cert, kafka_ssl_keyfile=key)
    assert isinstance(client_options(connection, "relay")["ssl_context"], ssl.SSLContext)
    wrong = _connection(kafka_security_protocol="SSL", kafka_ssl_certfile=key, kafka_ssl_keyfile=key)
    with pytest.raises(ConfigurationError, match="cannot load the CA, certificate or key"):
        client_options(wrong, "relay")


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"])
def test_sasl_ssl_passes_mechanism_credentials_and_tls(mechanism: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", mechanism)
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "bastion-alpha")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", PASSWORD)
    options = client_options(AlphaSettings(), "relay")
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == mechanism
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("bastion-alpha", PASSWORD)
    assert isinstance(options["ssl_context"], ssl.SSLContext)


def test_sasl_plaintext_sends_credentials_without_tls() -> None:
    connection = _connection(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="u",
        kafka_sasl_password=SecretStr(PASSWORD),
    )
    options = client_options(connection, "relay")
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert "ssl_context" not in options


def test_the_password_can_come_from_a_file_named_by_the_shared_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "kafka_password"
    secret.write_text(f"{PASSWORD}\n", encoding="utf-8")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "bastion")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD_FILE", str(secret))
    assert client_options(AlphaSettings(), "relay")["sasl_plain_password"] == PASSWORD


async def test_the_password_shows_in_no_repr_dump_or_log(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "bastion")
    monkeypatch.setenv("ALPHA_KAFKA_SASL_PASSWORD", PASSWORD)
    caplog.set_level(logging.DEBUG)
    settings = AlphaSettings()
    client = AIOKafkaClient(**client_options(settings, "probe"))
    await client.close()
    assert settings.kafka_sasl_password is not None
    assert settings.kafka_sasl_password.get_secret_value() == PASSWORD  # the test would be vacuous otherwise
    for text in (repr(settings), str(settings), settings.model_dump_json(), caplog.text):
        assert PASSWORD not in text
    monkeypatch.delenv("KAFKA_SASL_USERNAME")
    with pytest.raises(ConfigurationError) as refused:
        AlphaSettings()
    assert PASSWORD not in str(refused.value)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "SASL_SSL needs KAFKA_SASL_MECHANISM"),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM": "PLAIN"},
            "SASL_PLAINTEXT needs KAFKA_SASL_USERNAME",
        ),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_USERNAME": "u"},
            "SASL_SSL needs KAFKA_SASL_PASSWORD",
        ),
        ({"KAFKA_SASL_USERNAME": "u"}, "KAFKA_SASL_USERNAME is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT"),
        ({"ALPHA_KAFKA_SASL_PASSWORD": "p"}, "KAFKA_SASL_PASSWORD is set but KAFKA_SECURITY_PROTOCOL=PLAINTEXT"),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SASL_MECHANISM": "SCRAM-SHA-256"},
            "KAFKA_SASL_MECHANISM is set but KAFKA_SECURITY_PROTOCOL=SSL",
        ),
        ({"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_CAFILE": "/nonexistent/ca.pem"}, "KAFKA_SSL_CAFILE=.*no such"),
        ({"KAFKA_SSL_CAFILE": "/etc/hostname"}, "KAFKA_SSL_CAFILE is set but .* does not use TLS"),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SSL", "KAFKA_SSL_KEYFILE": "/etc/hostname"},
            "KAFKA_SSL_KEYFILE needs KAFKA_SSL_CERTFILE",
        ),
    ],
)
def test_an_incomplete_or_inconsistent_combination_is_refused_by_name(
    variables: dict[str, str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=message):
        AlphaSettings()


@pytest.mark.parametrize(
    ("variable", "value"), [("KAFKA_SECURITY_PROTOCOL", "TLS"), ("KAFKA_SASL_MECHANISM", "SCRAM-SHA-1")]
)
def test_unknown_protocols_and_mechanisms_are_refused(
    variable: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError, match=variable.lower()):
        AlphaSettings()


class _TlsListener:
    """A TLS server on loopback that records the first Kafka request it decrypts, then hangs up."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        self.server: asyncio.Server | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            size = int.from_bytes(await reader.readexactly(4), "big")
            self.requests.append(await reader.readexactly(size))
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    @property
    def port(self) -> int:
        assert self.server is not None
        port: int = self.server.sockets[0].getsockname()[1]
        return port


@pytest.fixture
async def tls_listener(certificate: tuple[Path, Path]) -> AsyncIterator[_TlsListener]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    listener = _TlsListener()
    listener.server = await asyncio.start_server(listener._serve, "127.0.0.1", 0, ssl=context)
    async with listener.server:
        yield listener


async def _bootstrap(connection: KafkaConnection) -> None:
    client = AIOKafkaClient(**client_options(connection, "probe"))
    try:
        with pytest.raises(KafkaConnectionError):
            await asyncio.wait_for(client.bootstrap(), 5)
    finally:
        await client.close()


def _sasl_ssl(port: int, **values: Any) -> KafkaConnection:
    return KafkaConnection(
        f"127.0.0.1:{port}",
        kafka_request_timeout_ms=3_000,
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username="bastion",
        kafka_sasl_password=SecretStr(PASSWORD),
        **values,
    )


async def test_a_sasl_ssl_client_speaks_kafka_inside_tls_to_a_broker_its_ca_signed(
    tls_listener: _TlsListener, certificate: tuple[Path, Path]
) -> None:
    await _bootstrap(_sasl_ssl(tls_listener.port, kafka_ssl_cafile=certificate[0]))
    assert tls_listener.requests, "the TLS handshake did not complete"
    api_key = int.from_bytes(tls_listener.requests[0][:2], "big")
    assert api_key == 18  # ApiVersions: the first request, before the SASL handshake
    assert PASSWORD.encode() not in tls_listener.requests[0]


async def test_a_sasl_ssl_client_refuses_a_broker_no_trusted_ca_signed(tls_listener: _TlsListener) -> None:
    await _bootstrap(_sasl_ssl(tls_listener.port))
    assert tls_listener.requests == []
