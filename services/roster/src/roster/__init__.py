"""Bastion's roster service."""
