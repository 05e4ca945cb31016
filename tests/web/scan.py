"""What a person must never read on a page: a Latin-letter word that is not an allowed name, or an
identifier (a UUID). The pages are Chinese; English words there are codes that leaked."""

from __future__ import annotations

import re

# Names people use as they are (QC小组), and the language switch, which names English in its own words.
ALLOWED_WORDS = frozenset({"QC", "English"})
_WORD = re.compile(r"[A-Za-z]+")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX_RUN = re.compile(r"\b[0-9a-fA-F]{16,}\b")  # an identifier without its dashes

# The text a person sees: what the page shows, and what the inputs and buttons say without showing it.
VISIBLE_TEXT = """() => [
    document.body.innerText,
    ...[...document.querySelectorAll('[placeholder],[aria-label],[title]')]
        .filter((el) => el.checkVisibility())
        .flatMap((el) => [el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.getAttribute('title')])
        .filter(Boolean),
].join('\\n')"""


def leaks(text: str) -> list[str]:
    """The Latin-letter words not allowed and the identifiers in ``text``, in the order they appear."""
    found = [match.group() for match in _UUID.finditer(text)]
    rest = _UUID.sub(" ", text)
    found += [match.group() for match in _HEX_RUN.finditer(rest) if _WORD.search(match.group())]
    rest = _HEX_RUN.sub(" ", rest)
    found += [word for word in _WORD.findall(rest) if word not in ALLOWED_WORDS]
    return found
