"""Every topic Bastion publishes to: names, partitions and retention in one place.

One topic per producing service and aggregate family, keyed by aggregate id. Domain topics
keep their events forever: scoring rebuilds its projections by replaying them.
"""

from __future__ import annotations

from bastion.events.topics import Topic

ROSTER_ORG_UNITS = Topic(
    "bastion.roster.org_units",
    partitions=3,
    description=(
        "The organisation: org units, branch committees, served departments, service posts "
        "(key: the org unit, branch, department or post id)."
    ),
)
ROSTER_MEMBERS = Topic(
    "bastion.roster.members",
    partitions=6,
    description=(
        "People: registration, changes, transfers, status, the recruitment pipeline, party groups, "
        "reserve talents (key: member or talent id)."
    ),
)
ROSTER_RECORDS = Topic(
    "bastion.roster.records",
    partitions=3,
    description="Dues payments, honours, branch recognitions and disciplinary records (key: member id or record id).",
)

ACTIVITY_ACTIVITIES = Topic(
    "bastion.activity.activities",
    partitions=6,
    description=(
        "Organisational life and service activities: scheduled ... approved, and the grades decided at "
        "member appraisals (key: activity id)."
    ),
)
ACTIVITY_ATTENDANCE = Topic(
    "bastion.activity.attendance",
    partitions=6,
    description="Attendance, one event per person and change (key: activity id).",
)
ACTIVITY_SERVICE_WORK = Topic(
    "bastion.activity.service_work",
    partitions=3,
    description="Service records, learning hours, QC projects (key: activity, member or project id).",
)

FEEDBACK_RATINGS = Topic(
    "bastion.feedback.ratings",
    partitions=6,
    description="Ratings from departments, workers and members (key: rating id).",
)
FEEDBACK_SUGGESTIONS = Topic(
    "bastion.feedback.suggestions",
    partitions=3,
    description="Suggestions and their adopt-and-respond loop (key: suggestion id).",
)

SCORING_SCORES = Topic(
    "bastion.scoring.scores",
    partitions=3,
    description="Changes of member totals and branch assessments (key: member or branch id).",
)

# The topics of record: what scoring consumes and replays on a rebuild.
DOMAIN_TOPICS: tuple[Topic, ...] = (
    ROSTER_ORG_UNITS,
    ROSTER_MEMBERS,
    ROSTER_RECORDS,
    ACTIVITY_ACTIVITIES,
    ACTIVITY_ATTENDANCE,
    ACTIVITY_SERVICE_WORK,
    FEEDBACK_RATINGS,
    FEEDBACK_SUGGESTIONS,
)

ALL_TOPICS: tuple[Topic, ...] = (*DOMAIN_TOPICS, SCORING_SCORES)
