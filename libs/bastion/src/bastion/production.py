"""What a production process refuses to start with: secrets left at a development or example value.

The embedded stack runs with known keys and passwords so that ``make run`` needs no set-up; the
same values in production would let anyone who read the source forge what the secret protects.
With ``ENVIRONMENT=production`` (or ``<SERVICE>_ENVIRONMENT``) the settings refuse them at start-up
with a :class:`~bastion.errors.ConfigurationError` that names the variable (never the value).

To protect a new setting, mark its field with :class:`Secret` through ``Annotated``::

    from typing import Annotated
    from pydantic import Field, SecretStr
    from bastion.production import Secret

    class ServiceSettings(BaseSettings):
        auth_client_secret: Annotated[SecretStr | None, Secret()] = None
        auth_hmac_key: Annotated[SecretStr | None, Secret(required=True)] = Field(
            default=None, description="..."
        )

Production then refuses the field's default (unless it is ``None``), an empty value, the usual
placeholders (:data:`PLACEHOLDERS`, and anything containing :data:`PLACEHOLDER_MARKERS` such as
the ``change-me-…`` of ``deploy/secrets/*.example``) and, with ``required=True``, the setting unset.
A secret that is part of another value (the password inside a database URL) is checked by
:func:`url_password_problems`, from ``ServiceSettings.production_problems``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, SecretStr
from sqlalchemy.engine import make_url

# Compared with the value folded to lower case, without surrounding blanks.
PLACEHOLDERS = frozenset(
    {
        "admin",
        "changeit",
        "changeme",
        "default",
        "dev",
        "example",
        "pass",
        "passwd",
        "password",
        "placeholder",
        "postgres",
        "root",
        "secret",
        "test",
        "todo",
        "xxx",
        "123456",
    }
)
PLACEHOLDER_MARKERS = ("change-me", "change_me", "changeme", "replace-me", "replace_me", "placeholder", "dev-only")


@dataclass(frozen=True)
class Secret:
    """Marks a settings field as a secret that production refuses at a default or placeholder value.

    ``required``: production also refuses the setting unset (``None``).
    ``placeholders``: further values to refuse, besides the field's default and :data:`PLACEHOLDERS`.
    """

    required: bool = False
    placeholders: frozenset[str] = frozenset()


def is_placeholder(value: str, *, also: frozenset[str] = frozenset()) -> bool:
    """Whether ``value`` is empty or reads as a stand-in for a real secret."""
    folded = value.strip().casefold()
    if not folded or folded in PLACEHOLDERS or folded in {v.casefold() for v in also}:
        return True
    return any(marker in folded for marker in PLACEHOLDER_MARKERS)


def marked_secret_problems(settings: BaseModel, variable: Callable[[str], str]) -> list[str]:
    """One message for each field marked :class:`Secret` whose value production refuses."""
    problems = []
    for name, field in type(settings).model_fields.items():
        marker = next((m for m in field.metadata if isinstance(m, Secret)), None)
        if marker is None:
            continue
        value = _plain(getattr(settings, name))
        if value is None:
            if marker.required:
                problems.append(f"{variable(name)} is required (or {variable(name)}_FILE)")
            continue
        default = _plain(field.default)
        refused = marker.placeholders | ({default} if default is not None else set())
        if is_placeholder(value, also=frozenset(refused)):
            problems.append(f"{variable(name)} still has a development or placeholder value")
    return problems


def url_password_problems(url: str | None, variable: str, *, password_variable: str) -> list[str]:
    """The password of a connection URL: present and no placeholder (an absent URL is not judged here)."""
    if url is None:
        return []
    password = make_url(url).password
    if not password:
        return [f"{variable} has no password (give one as {password_variable} or {password_variable}_FILE)"]
    if is_placeholder(str(password)):
        return [f"the password of {variable} is a placeholder (set a real one in {password_variable}_FILE)"]
    return []


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return str(value)
