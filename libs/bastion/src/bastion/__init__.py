"""Bastion's shared kit: what every service needs and nothing domain-specific."""

__all__: list[str] = []
