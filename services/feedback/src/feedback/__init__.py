"""Bastion's feedback service."""
