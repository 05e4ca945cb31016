"""Roster's adapters: tables and repositories."""
