"""Shapes of people's details that several of roster's areas share: names and phone numbers."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from bastion.http.shapes import NOT_BLANK

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=50)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^(\+?[0-9][0-9 \-]{5,19})?$")]
