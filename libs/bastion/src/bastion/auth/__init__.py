"""Who is asking and what they may do: principals and roles, bearer tokens, API keys, the audit log."""

from bastion.auth.principal import Principal, Role

__all__ = ["Principal", "Role"]
