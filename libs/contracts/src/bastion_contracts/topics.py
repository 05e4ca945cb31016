"""Every topic Bastion publishes to: names, partitions and retention in one place.

One topic per producing service and aggregate family, keyed by aggregate id. Domain topics
keep their events forever: scoring rebuilds its projections by replaying them.
"""

from __future__ import annotations

from bastion.events.topics import Topic

ROSTER_MEMBERS = Topic(
    "bastion.roster.members",
    partitions=6,
    description="Members: registration, changes, transfers, status (key: member id).",
)

ALL_TOPICS: tuple[Topic, ...] = (ROSTER_MEMBERS,)
