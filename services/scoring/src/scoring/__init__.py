"""Bastion's scoring service."""
