"""Text fields of request bodies, one rule per name in every service.

Each is stripped of surrounding white space and, except where said, must not be blank
(:data:`bastion.http.shapes.NOT_BLANK`), so a client generated from the OpenAPI document knows the rule too.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from bastion.http.shapes import NOT_BLANK

# A name or label: a title, a department, a post (up to 100 characters).
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=100)]

# Why something was done: a removal, a cancellation, a discipline (up to 500 characters).
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=500)]

# What a meeting wrote down: its agenda, minutes, resolutions (up to 20,000 characters, kept as written,
# blank allowed: an agenda may be filled in later).
MeetingText = Annotated[str, StringConstraints(max_length=20_000)]
