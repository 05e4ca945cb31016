"""Writes src/vocabulary/labels.ts, the web app's label tables, from the contracts' vocabulary.

One table per kind of value (the same code means different things in different kinds), so the pages never
show a code and never keep a second copy of a label that could drift: run ``python web/vocabulary.py``
after changing ``bastion_contracts.vocabulary``; a test fails while the written file differs.
A few tables the contracts do not hold (the five services' tags, age bands, the roles people sign in with,
education as the structure figures group it) are kept here, beside the generated ones.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path

from bastion_contracts import vocabulary

TARGET = Path(__file__).resolve().parent / "src" / "vocabulary" / "labels.ts"

# Tables the contracts have no enum for, in the words of domain.md §2 and ux.md.
EXTRA: dict[str, tuple[str, Mapping[str, str]]] = {
    "fiveServices": (
        "五个服务 (the activity service's default tag set)",
        {
            "serve_masses": "服务群众",
            "serve_reform": "服务改革",
            "serve_development": "服务发展",
            "serve_members": "服务党员",
            "serve_society": "服务社会",
            "serve_livelihood": "服务民生",
        },
    ),
    "ageBand": (
        "Birth decades (roster's birth_decades) as people say them",
        {
            "1940s_or_earlier": "40后及更早",
            "1950s": "50后",
            "1960s": "60后",
            "1970s": "70后",
            "1980s": "80后",
            "1990s": "90后",
            "2000s": "00后",
            "2010s_or_later": "10后及以后",
        },
    ),
    "educationGroup": (
        "Education as the structure figures group it",
        {
            "junior_secondary_or_below": "初中及以下",
            "senior_secondary": "高中（中专）",
            "vocational_college": "大专",
            "bachelor": "本科",
            "postgraduate": "研究生",
        },
    ),
    "role": (
        "The role a person signs in with",
        {"admin": "党委", "secretary": "支部书记", "member": "党员"},
    ),
}


def _camel(name: str) -> str:
    return name[0].lower() + name[1:]


def _table(name: str, why: str, labels: Mapping[str, str]) -> str:
    rows = "".join(f'  {_key(code)}: "{label}",\n' for code, label in labels.items())
    return f"/** {why} */\nexport const {name} = {{\n{rows}}} as const;\n"


def _key(code: str) -> str:
    return code if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", code) else f'"{code}"'


def labelled_kinds() -> list[type[vocabulary._Labelled]]:
    """Every kind of value in the contracts that has a label table, in the order the module defines them."""
    return [
        value
        for value in vars(vocabulary).values()
        if isinstance(value, type) and issubclass(value, vocabulary._Labelled) and value is not vocabulary._Labelled
    ]


def render() -> str:
    parts = [
        "// Written by web/vocabulary.py from bastion_contracts.vocabulary: do not edit; run the script.\n",
    ]
    for kind in labelled_kinds():
        doc = (kind.__doc__ or kind.__name__).strip().splitlines()[0]
        labels = {str(code.value if hasattr(code, "value") else code): label for code, label in kind.labels().items()}
        parts.append(_table(_camel(kind.__name__), doc, labels))
    for name, (why, labels) in EXTRA.items():
        parts.append(_table(name, why, labels))
    return "\n".join(parts)


def main() -> int:
    TARGET.write_text(render(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
