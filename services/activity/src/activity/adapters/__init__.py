"""Activity's adapters: tables."""
