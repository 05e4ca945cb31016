"""Feedback's domain: ratings, suggestions and their deadlines, the public channel. No I/O here."""
