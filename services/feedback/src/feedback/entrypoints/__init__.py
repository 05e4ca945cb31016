"""Feedback's entry points: the staff API and the public pages."""
