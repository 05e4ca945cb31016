"""The public channel: a mobile page per branch, reached by a short code or its QR code."""
