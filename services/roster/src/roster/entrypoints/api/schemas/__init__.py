"""Request and response bodies of roster's API, one module per area."""
