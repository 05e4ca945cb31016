"""Activity's entry points: the HTTP API (the consumer of roster's events is declared in main)."""
