from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from bastion.db.paging import PageRequest
from bastion.http.text import MeetingText, Reason, ShortText


def test_short_text_and_reasons_are_stripped_and_never_blank() -> None:
    assert TypeAdapter(ShortText).validate_python("  四支部 ") == "四支部"
    for blank in ("", "   ", "\u3000"):
        with pytest.raises(ValidationError):
            TypeAdapter(Reason).validate_python(blank)
    with pytest.raises(ValidationError):
        TypeAdapter(ShortText).validate_python("长" * 101)


def test_meeting_text_may_be_blank_and_is_kept_as_written() -> None:
    assert TypeAdapter(MeetingText).validate_python("  ") == "  "
    with pytest.raises(ValidationError):
        TypeAdapter(MeetingText).validate_python("记" * 20_001)


def test_a_page_starts_after_the_pages_before_it() -> None:
    assert (PageRequest(1, 50).offset, PageRequest(3, 20).offset) == (0, 40)
