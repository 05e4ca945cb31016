"""Every kind of value reads its labels from its own table: a code shared by two kinds (``member``,
``poverty_relief``) shows each kind's own term, never the other's."""

from __future__ import annotations

import itertools

import pytest

from bastion_contracts import vocabulary
from bastion_contracts.vocabulary import (
    ActivityKind,
    GroupRole,
    RatingSubjectKind,
    RespondentGroup,
    SubjectKind,
    ThemedPracticeSubtype,
)

KINDS = sorted(vocabulary._Labelled.__subclasses__(), key=lambda kind: kind.__name__)
SHARED = [
    (first, second, value)
    for first, second in itertools.combinations(KINDS, 2)
    for value in sorted({m.value for m in first} & {m.value for m in second})
]


def test_the_vocabulary_has_kinds_that_share_values() -> None:
    assert len(KINDS) > 20
    assert {"member", "poverty_relief", "branch"} <= {value for _first, _second, value in SHARED}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_every_member_of_every_kind_has_a_label_in_its_own_table(kind: type[vocabulary._Labelled]) -> None:
    assert sorted(kind.labels()) == sorted(m.value for m in kind)
    assert all(member.label_zh.strip() for member in kind)


@pytest.mark.parametrize(
    ("first", "second", "value"), SHARED, ids=[f"{a.__name__}-{b.__name__}-{v}" for a, b, v in SHARED]
)
def test_a_value_shared_by_two_kinds_shows_each_kinds_own_label(
    first: type[vocabulary._Labelled], second: type[vocabulary._Labelled], value: str
) -> None:
    assert first(value).label_zh == first.labels()[value]
    assert second(value).label_zh == second.labels()[value]
    if first.labels()[value] != second.labels()[value]:
        assert first(value).label_zh != second(value).label_zh


def test_the_terms_of_domain_md_where_codes_collide() -> None:
    # domain.md §2: 服务对象 member is 党员; a party group's member is 组员; 扶贫帮困 is an activity kind and
    # 扶贫帮困型 a themed-practice subtype.
    assert RespondentGroup.MEMBER.label_zh == "党员"
    assert SubjectKind.MEMBER.label_zh == "党员"
    assert GroupRole.MEMBER.label_zh == "组员"
    assert RatingSubjectKind.MEMBER.label_zh == "党员服务"
    assert ActivityKind.POVERTY_RELIEF.label_zh == "扶贫帮困"
    assert ThemedPracticeSubtype.POVERTY_RELIEF.label_zh == "扶贫帮困型"
