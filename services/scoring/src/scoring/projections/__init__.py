"""Projections: pure functions of the set of events, applied batch by batch."""
