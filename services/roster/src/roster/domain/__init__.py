"""Roster's domain: members and the organisation they belong to. No I/O here."""
