"""Scoring's entry points: the read API (the consumer is declared in main)."""
