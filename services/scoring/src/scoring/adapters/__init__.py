"""Scoring's adapters: projection tables."""
