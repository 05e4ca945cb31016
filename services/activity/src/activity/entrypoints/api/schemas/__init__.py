"""Request and response bodies of activity's API, one module per area."""
