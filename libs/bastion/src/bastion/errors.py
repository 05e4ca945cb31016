"""One error hierarchy for the kit and the services.

Domain errors carry a stable machine ``code`` and a message for the person who made the
request (Chinese first); the HTTP layer maps their class to a status code. Infrastructure
errors carry ``retriable``, which decides between retrying and giving up (dead letter).
"""

from __future__ import annotations


class BastionError(Exception):
    """Base of every error Bastion raises on purpose."""

    retriable: bool = False

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).default_code

    default_code = "error"


class DomainError(BastionError):
    """A request the domain refuses; never retriable."""

    default_code = "domain_error"


class NotFoundError(DomainError):
    """The thing the request names does not exist (HTTP 404)."""

    default_code = "not_found"


class ConflictError(DomainError):
    """The request clashes with the current state, e.g. a duplicate (HTTP 409)."""

    default_code = "conflict"


class RuleViolationError(DomainError):
    """The request breaks a business rule; ``code`` names the rule (HTTP 422)."""

    default_code = "rule_violation"


class RateLimitedError(DomainError):
    """Too many requests from one client in a window (HTTP 429)."""

    default_code = "rate_limited"

    def __init__(self, message: str, *, retry_after_seconds: int, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after_seconds = retry_after_seconds


class UnauthenticatedError(DomainError):
    """No credentials, or credentials that do not prove who is asking (HTTP 401)."""

    default_code = "unauthenticated"


class ForbiddenError(DomainError):
    """The caller is known but may not do this (HTTP 403)."""

    default_code = "forbidden"


class InfrastructureError(BastionError):
    """A dependency (database, broker) failed; usually worth retrying."""

    retriable = True
    default_code = "infrastructure"


class ConfigurationError(BastionError):
    """Settings are missing or inconsistent; the process cannot start."""

    default_code = "configuration"
