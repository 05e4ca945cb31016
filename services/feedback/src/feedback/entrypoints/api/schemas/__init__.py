"""Request and response bodies of feedback's API, one module per area."""
