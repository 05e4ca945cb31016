"""Request and response bodies of scoring's API, one module per area."""
