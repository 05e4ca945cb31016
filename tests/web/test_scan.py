"""The Latin-letter and identifier scan the browser tests run on every view catches what leaked."""

from __future__ import annotations

import pytest

from tests.web.scan import leaks


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("3月15日 无故缺席主题党日 −2", []),
        ("QC小组活动 +2（本类上限 6）", []),
        ("2026-03-15 满意度 87.4 占比 7.5%", []),
        ("评议结果 qualified", ["qualified"]),
        ("类别 service.door_to_door_visit", ["service", "door", "to", "door", "visit"]),
        ("60-89 planned / held", ["planned", "held"]),
        ("党员 3f2b8c1e-9a4d-4c2e-8f1a-0b6d2e7c9a11 的积分", ["3f2b8c1e-9a4d-4c2e-8f1a-0b6d2e7c9a11"]),
        ("编号 3f2b8c1e9a4d4c2e8f1a0b6d2e7c9a11", ["3f2b8c1e9a4d4c2e8f1a0b6d2e7c9a11"]),
        ("1960s 出生", ["s"]),
    ],
)
def test_the_scan_names_each_code_and_identifier_a_person_would_read(text: str, found: list[str]) -> None:
    assert leaks(text) == found
