"""Feedback's use cases: commands in, domain calls, events out through the unit of work."""
