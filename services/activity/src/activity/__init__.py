"""Bastion's activity service."""
