"""The branch satisfaction index of domain.md §3: ratings pooled per respondent group, groups weighted
department 40%, worker 40%, member 20%, renormalised over the groups that rated."""

from __future__ import annotations

from bastion_contracts.vocabulary import RespondentGroup
from feedback.domain.satisfaction import GroupFigures, satisfaction_index

DEPARTMENT, WORKER, MEMBER = RespondentGroup.DEPARTMENT, RespondentGroup.WORKER, RespondentGroup.MEMBER


def test_ratings_of_different_subjects_are_pooled_per_group_not_averaged_per_subject() -> None:
    # Departments rated the branch 8 times 很满意 (100) and a member's service twice 不满意 (0):
    # one group, mean (8 × 100 + 2 × 0) / 10 = 80 (averaging the two subjects would give 50).
    branch, member_service = GroupFigures(DEPARTMENT, 8, 800, 8), GroupFigures(DEPARTMENT, 2, 0, 0)
    found = satisfaction_index([branch, member_service])
    assert (found.index, found.count, found.sufficient, found.satisfaction_rate) == (80.0, 10, True, 0.8)
    [only] = found.groups
    assert (only.figures, only.weight) == (GroupFigures(DEPARTMENT, 10, 800, 8), 1.0)


def test_the_weights_are_renormalised_over_the_groups_that_rated() -> None:
    # Departments mean 80, members mean 70, no worker: (0.4 × 80 + 0.2 × 70) / 0.6 = 76.666… → 76.67.
    found = satisfaction_index([GroupFigures(MEMBER, 2, 140, 2), GroupFigures(DEPARTMENT, 3, 240, 3)])
    assert found.index == 76.67
    assert [(g.figures.group, g.weight) for g in found.groups] == [(DEPARTMENT, 0.67), (MEMBER, 0.33)]
    assert found.sufficient is False


def test_all_three_groups_weigh_40_40_20() -> None:
    # 90, 30 and 100: 0.4 × 90 + 0.4 × 30 + 0.2 × 100 = 68.
    figures = [GroupFigures(DEPARTMENT, 2, 180, 2), GroupFigures(WORKER, 2, 60, 1), GroupFigures(MEMBER, 1, 100, 1)]
    assert satisfaction_index(figures).index == 68.0


def test_no_rating_gives_no_index() -> None:
    found = satisfaction_index([])
    assert (found.index, found.count, found.satisfaction_rate, found.sufficient, found.groups) == (
        None,
        0,
        None,
        False,
        (),
    )
