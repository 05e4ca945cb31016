"""Bastion's benchmarks: scoring's ingest, freshness and rebuild, the producing APIs, side by side with
the ceiling and the naive consumer. ``make bench`` runs them all; see bench/README.md."""
