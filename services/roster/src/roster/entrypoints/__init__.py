"""Roster's entry points: the HTTP API."""
