"""The shape of a rule set; unknown keys are errors, so a typo never silently changes a score."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, NonNegativeFloat, NonNegativeInt, PositiveInt


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerCount(_Strict):
    points: NonNegativeFloat
    cap: NonNegativeFloat


class ThemedPractice(_Strict):
    participant: NonNegativeFloat
    lead: NonNegativeFloat
    cap: NonNegativeFloat


class QcProject(_Strict):
    closed: NonNegativeFloat
    awarded: NonNegativeFloat
    cap: NonNegativeFloat


class SuggestionPoints(_Strict):
    adopted: NonNegativeFloat
    partially_adopted: NonNegativeFloat
    cap: NonNegativeFloat


class Late(_Strict):
    enabled: bool
    points: NonNegativeFloat


class Learning(_Strict):
    required_hours: NonNegativeFloat
    per_hours: float = Field(gt=0)
    points: NonNegativeFloat
    max: NonNegativeFloat


class UnexcusedAbsence(_Strict):
    branch_assembly: NonNegativeFloat
    group_meeting: NonNegativeFloat
    party_lesson: NonNegativeFloat
    theme_day: NonNegativeFloat
    org_life_meeting: NonNegativeFloat
    member_appraisal: NonNegativeFloat
    committee_meeting: NonNegativeFloat


class Deductions(_Strict):
    unexcused_absence: UnexcusedAbsence
    late: Late
    learning: Learning
    unpaid_dues_month: NonNegativeFloat


class Service(_Strict):
    cap: NonNegativeFloat
    mobile_service_post: PerCount
    door_to_door_visit: PerCount
    themed_practice: ThemedPractice
    qc_project: QcProject
    poverty_relief: PerCount
    volunteer_service: PerCount
    party_lesson_lecture: PerCount
    suggestion: SuggestionPoints
    mentoring: PerCount


class MemberSatisfaction(_Strict):
    max: NonNegativeFloat
    member_sample: PositiveInt
    fallback_index: float = Field(ge=0, le=100)


class Honours(_Strict):
    cap: NonNegativeFloat
    factory: NonNegativeFloat
    provincial: NonNegativeFloat
    national: NonNegativeFloat


class Veto(_Strict):
    discipline_levels: list[str]
    criminal_conviction: bool
    lapsed: bool


class Bands(_Strict):
    excellent: float
    qualified: float
    basically_qualified: float
    alert_below: float


class MemberRules(_Strict):
    base: NonNegativeFloat
    deductions: Deductions
    service: Service
    satisfaction: MemberSatisfaction
    honours: Honours
    veto: Veto
    bands: Bands


class Scaled(_Strict):
    points: NonNegativeFloat
    floor: float
    span: float = Field(gt=0)


class Targeted(_Strict):
    points: NonNegativeFloat
    target: float = Field(gt=0)


class LeadershipTeam(_Strict):
    committee_in_place: NonNegativeFloat
    secretary_only: NonNegativeFloat
    committee_meetings_monthly: NonNegativeFloat
    secretary_lectured: NonNegativeFloat


class ActivistsAndCandidates(_Strict):
    points: NonNegativeFloat
    minimum: NonNegativeInt
    share_of_members: float = Field(ge=0, le=1)


class YoungReserve(_Strict):
    points: NonNegativeFloat
    target: float = Field(gt=0)
    under_age: PositiveInt


class BackboneTeam(_Strict):
    average_member_total: Scaled
    activists_and_candidates: ActivistsAndCandidates
    young_reserve: YoungReserve
    no_overdue_step: NonNegativeFloat


class ServiceVenue(_Strict):
    service_post_months: NonNegativeFloat
    public_channel_months: NonNegativeFloat


class ServiceCarrier(_Strict):
    themed_practice_subtype: NonNegativeFloat
    qc_projects_closed: Targeted
    poverty_relief: Targeted
    departments_visited_each_quarter: NonNegativeFloat


class ApprovedWithin(_Strict):
    points: NonNegativeFloat
    days: PositiveInt


class Institutions(_Strict):
    branch_assembly_quarterly: NonNegativeFloat
    group_meeting_monthly_per_group: NonNegativeFloat
    party_lesson_quarterly: NonNegativeFloat
    theme_day_monthly: NonNegativeFloat
    org_life_meeting_yearly: NonNegativeFloat
    member_appraisal_yearly: NonNegativeFloat
    heart_to_heart_share: NonNegativeFloat
    approved_within_days: ApprovedWithin


class ServiceResults(_Strict):
    satisfaction: Scaled
    suggestions_decided_in_time: NonNegativeFloat
    five_services_tags: Targeted


class BranchHonours(_Strict):
    factory: NonNegativeFloat
    provincial: NonNegativeFloat
    national: NonNegativeFloat


class BranchRecognitions(_Strict):
    """Per recognition of the branch by the committee (创新成果, 经验推广), by kind."""

    innovation: NonNegativeFloat
    published_experience: NonNegativeFloat


class Bonus(_Strict):
    cap: NonNegativeFloat
    honour: BranchHonours
    recognition: BranchRecognitions


class Stars(_Strict):
    five: float
    four: float
    three: float
    two: float


class SatisfactionCaps(_Strict):
    below: float
    max_stars: int = Field(ge=1, le=5)
    far_below: float
    far_max_stars: int = Field(ge=1, le=5)


class BranchRules(_Strict):
    leadership_team: LeadershipTeam
    backbone_team: BackboneTeam
    service_venue: ServiceVenue
    service_carrier: ServiceCarrier
    institutions: Institutions
    service_results: ServiceResults
    bonus: Bonus
    deduction_per_discipline_case: NonNegativeFloat
    stars: Stars
    satisfaction_caps: SatisfactionCaps


class GroupWeights(_Strict):
    department: NonNegativeFloat
    worker: NonNegativeFloat
    member: NonNegativeFloat


class AnswerScores(_Strict):
    very_satisfied: float = Field(ge=0, le=100)
    satisfied: float = Field(ge=0, le=100)
    basically_satisfied: float = Field(ge=0, le=100)
    not_very_satisfied: float = Field(ge=0, le=100)
    dissatisfied: float = Field(ge=0, le=100)


class SatisfactionRules(_Strict):
    weights: GroupWeights
    scores: AnswerScores
    sufficient_sample: PositiveInt


class RuleSet(_Strict):
    """One version of the rules, in force from ``effective_from`` until a later set takes over."""

    version: str = Field(min_length=1, max_length=40)
    effective_from: date
    name: str
    description: str = ""
    member: MemberRules
    branch: BranchRules
    satisfaction: SatisfactionRules
