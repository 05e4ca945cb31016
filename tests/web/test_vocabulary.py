"""The web app's label tables (web/src/vocabulary/labels.ts) are what web/vocabulary.py writes from the
contracts' vocabulary: a label changed in one place and not the other fails here."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

WRITER = Path(__file__).resolve().parents[2] / "web" / "vocabulary.py"


def _writer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_vocabulary", WRITER)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_label_tables_are_as_the_contracts_write_them() -> None:
    writer = _writer()
    assert writer.TARGET.read_text(encoding="utf-8") == writer.render(), "run: .venv/bin/python web/vocabulary.py"


def test_every_kind_of_value_has_its_own_table_with_every_code() -> None:
    writer = _writer()
    written = writer.TARGET.read_text(encoding="utf-8")
    for kind in writer.labelled_kinds():
        name = kind.__name__[0].lower() + kind.__name__[1:]
        table = re.search(rf"export const {name} = \{{\n(.*?)\n\}} as const;", written, re.DOTALL)
        assert table is not None, f"no table for {kind.__name__}"
        for code in kind:
            assert re.search(rf'^  "?{code.value}"?: "{code.label_zh}",$', table.group(1), re.MULTILINE), (
                f"{kind.__name__}.{code.name}"
            )
