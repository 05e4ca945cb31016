"""Structure statistics from a list of people, without a database."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bastion_contracts.vocabulary import EducationLevel, Gender, MemberClass, MemberStatus, Stage
from roster.domain.committee import Completeness
from roster.domain.member import Member, Person, PipelineDates
from roster.domain.statistics import Share, birth_decades, committees, decade_of, structure

AS_OF = date(2015, 6, 30)  # about when the report was written
BRANCH = uuid.uuid4()
SIXTIES_AND_TO_2000S = ["1950s", "1960s", "1970s", "1980s", "1990s", "2000s"]


def person(
    born: int,
    stage: Stage = Stage.FULL,
    education: EducationLevel = EducationLevel.SENIOR_SECONDARY,
    gender: Gender = Gender.MALE,
    member_class: MemberClass = MemberClass.ORDINARY,
) -> Member:
    return Member(
        id=uuid.uuid4(),
        branch_id=BRANCH,
        person=Person("张华", gender, date(born, 1, 1), education, "卷包车间", "操作工", uuid.uuid4().hex),
        member_class=member_class,
        stage=stage,
        pipeline=PipelineDates(probationary_on=date(2010, 1, 1)),
        registered_at=datetime(2015, 1, 1, tzinfo=UTC),
    )


def report_branch() -> list[Member]:
    """四支部: 40 members, mostly born in the 1960s, one in the 1970s, three with a degree; two activists."""
    sixties = [person(1960 + i % 10) for i in range(33)]
    degrees = [
        person(1962, education=EducationLevel.BACHELOR),
        person(1966, education=EducationLevel.MASTER, gender=Gender.FEMALE),
        person(1958, education=EducationLevel.BACHELOR),
    ]
    others = [
        person(1978, gender=Gender.FEMALE),
        person(1955, member_class=MemberClass.SPECIAL),
        person(1964, stage=Stage.PROBATIONARY, education=EducationLevel.VOCATIONAL_COLLEGE),
        person(1968, stage=Stage.PROBATIONARY, gender=Gender.FEMALE),
    ]
    activists = [person(1995, Stage.ACTIVIST, EducationLevel.BACHELOR, Gender.FEMALE) for _ in range(2)]
    return sixties + degrees + others + activists


def test_the_report_branch_reproduces_the_reports_figures() -> None:
    figures = structure(report_branch(), AS_OF)

    assert (figures.party_members, figures.full_members, figures.probationary_members) == (40, 38, 2)
    assert figures.birth_decades["1960s"] == Share(37, 0.925)  # "60后占绝大多数"
    assert figures.birth_decades["1950s"] == Share(2, 0.05)
    assert figures.born_1970s_1980s_share == 0.025  # the report's "3%"
    assert figures.bachelor_or_above == Share(3, 0.075)  # the report's "7%"


def test_activists_count_in_the_pipeline_but_not_in_the_member_figures() -> None:
    figures = structure(report_branch(), AS_OF)

    assert figures.pipeline == {
        Stage.APPLICANT: 0,
        Stage.ACTIVIST: 2,
        Stage.CANDIDATE: 0,
        Stage.PROBATIONARY: 2,
        Stage.FULL: 38,
    }
    assert "1990s" in figures.birth_decades
    assert figures.birth_decades["1990s"].count == 0
    assert figures.gender == {Gender.MALE: 37, Gender.FEMALE: 3}
    assert sum(figures.education.values()) == 40
    assert figures.education[EducationLevel.BACHELOR] == 2


def test_every_level_and_class_is_listed_even_when_nobody_is_in_it() -> None:
    figures = structure(report_branch(), AS_OF)

    assert list(figures.education) == list(EducationLevel)
    assert figures.education[EducationLevel.DOCTORATE] == 0
    assert figures.member_class == {MemberClass.ORDINARY: 39, MemberClass.MOBILE: 0, MemberClass.SPECIAL: 1}


def test_average_age_is_in_completed_years_on_the_day_to_one_decimal() -> None:
    people = [person(1960), person(1965), person(1971)]  # all born on 1 January

    assert structure(people, date(2015, 6, 30)).average_age == round((55 + 50 + 44) / 3, 1)
    assert structure(people, date(2015, 6, 30)).average_age == 49.7
    assert structure(people, date(2014, 12, 31)).average_age == round((54 + 49 + 43) / 3, 1)


def test_people_no_longer_on_the_roster_are_not_counted() -> None:
    people = [person(1960), replace(person(1985), status=MemberStatus.TRANSFERRED_OUT)]
    figures = structure(people, AS_OF)

    assert figures.party_members == 1
    assert figures.birth_decades["1980s"].count == 0
    assert figures.pipeline[Stage.FULL] == 1


def test_nobody_gives_zeros_and_no_average_age() -> None:
    figures = structure([person(1990, Stage.APPLICANT)], AS_OF)

    assert figures.party_members == 0
    assert figures.average_age is None
    assert figures.bachelor_or_above == Share(0, 0.0)
    assert list(figures.birth_decades) == SIXTIES_AND_TO_2000S
    assert figures.pipeline[Stage.APPLICANT] == 1


@pytest.mark.parametrize(
    ("year", "decade"),
    [
        (1938, "1940s_or_earlier"),
        (1949, "1940s_or_earlier"),
        (1950, "1950s"),
        (2009, "2000s"),
        (2010, "2010s_or_later"),
    ],
)
def test_births_fold_into_the_outer_decades(year: int, decade: str) -> None:
    assert decade_of(date(year, 12, 31)) == decade


def test_outer_decades_are_listed_only_when_someone_is_in_them() -> None:
    assert list(birth_decades([person(1965)])) == SIXTIES_AND_TO_2000S
    shown = birth_decades([person(1945), person(1965), person(1967), person(2010)])

    assert list(shown) == ["1940s_or_earlier", *SIXTIES_AND_TO_2000S, "2010s_or_later"]
    assert shown["1940s_or_earlier"] == Share(1, 0.25)
    assert shown["1960s"] == Share(2, 0.5)


def test_shares_are_rounded_to_four_decimals() -> None:
    people = [person(1975), person(1960), person(1961)]

    assert structure(people, AS_OF).born_1970s_1980s_share == 0.3333


def test_committees_of_a_branch_show_its_own_completeness() -> None:
    own = Completeness(full_members=38, required=True, secretary_seated=True, seated=3, complete=True)
    summary = committees({BRANCH: own}, unit_is_branch=True)

    assert (summary.branches_total, summary.branches_with_complete_committee, summary.branch) == (1, 1, own)


def test_committees_above_branches_count_the_complete_ones() -> None:
    complete = Completeness(full_members=5, required=False, secretary_seated=True, seated=1, complete=True)
    missing = Completeness(full_members=9, required=True, secretary_seated=True, seated=1, complete=False)
    summary = committees({uuid.uuid4(): complete, uuid.uuid4(): missing}, unit_is_branch=False)

    assert (summary.branches_total, summary.branches_with_complete_committee, summary.branch) == (2, 1, None)
