"""Respondents are never stored: only a keyed hash of who they are, enough to count one rating each."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata


def respondent_hash(key: bytes, identity: str) -> bytes:
    """HMAC-SHA256 of the normalised identity (an employee number, a phone, a device token)."""
    normalised = unicodedata.normalize("NFKC", identity).strip().casefold()
    return hmac.new(key, normalised.encode(), hashlib.sha256).digest()
