"""Feedback's adapters: tables."""
