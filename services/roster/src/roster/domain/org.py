"""The organisation tree (党组织): party committees, general branches, branches, party groups."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from bastion.errors import ConflictError, RuleViolationError
from bastion_contracts.roster import OrgUnitSnapshot
from bastion_contracts.vocabulary import OrgUnitKind

# Which kinds of unit may sit directly above each kind (None: at the top of the tree).
ALLOWED_PARENTS: dict[OrgUnitKind, frozenset[OrgUnitKind | None]] = {
    OrgUnitKind.PARTY_COMMITTEE: frozenset({None, OrgUnitKind.PARTY_COMMITTEE}),
    OrgUnitKind.GENERAL_BRANCH: frozenset({OrgUnitKind.PARTY_COMMITTEE}),
    OrgUnitKind.BRANCH: frozenset({OrgUnitKind.PARTY_COMMITTEE, OrgUnitKind.GENERAL_BRANCH}),
    OrgUnitKind.PARTY_GROUP: frozenset({OrgUnitKind.BRANCH}),
}


@dataclass(frozen=True, slots=True)
class OrgUnit:
    id: uuid.UUID
    kind: OrgUnitKind
    name: str
    parent_id: uuid.UUID | None
    ancestor_ids: tuple[uuid.UUID, ...]
    created_at: datetime
    dissolved_on: date | None = None
    established_on: date | None = None  # None for units recorded before founding dates were kept

    @property
    def since(self) -> date:
        """The first day the unit existed, as far as roster knows."""
        return self.established_on or self.created_at.date()

    @property
    def active(self) -> bool:
        return self.dissolved_on is None

    @property
    def path_ids(self) -> tuple[uuid.UUID, ...]:
        """Ancestors and the unit itself: what a child's ``ancestor_ids`` is."""
        return (*self.ancestor_ids, self.id)

    def snapshot(self) -> OrgUnitSnapshot:
        return OrgUnitSnapshot(
            org_unit_id=self.id,
            kind=self.kind,
            name=self.name,
            parent_id=self.parent_id,
            ancestor_ids=list(self.ancestor_ids),
            dissolved=not self.active,
            established_on=self.established_on,
            dissolved_on=self.dissolved_on,
        )

    def renamed(self, name: str) -> OrgUnit:
        self.require_active()
        if name == self.name:
            raise ConflictError(f"「{self.name}」已经是这个名称", code="same_name")
        return replace(self, name=name)

    def moved_under(self, parent: OrgUnit) -> OrgUnit:
        self.require_active()
        check_parent(self.kind, parent)
        if parent.id == self.id or self.id in parent.ancestor_ids:
            raise RuleViolationError(f"不能把「{self.name}」移到它自己或它的下级组织之下", code="move_into_own_subtree")
        if parent.id == self.parent_id:
            raise ConflictError(f"「{self.name}」已在「{parent.name}」之下", code="same_parent")
        return replace(self, parent_id=parent.id, ancestor_ids=parent.path_ids)

    def dissolved(self, on: date, *, active_children: int, active_people: int) -> OrgUnit:
        self.require_active()
        if active_children:
            raise ConflictError(
                f"「{self.name}」还有 {active_children} 个下级组织，须先撤销或移走", code="org_unit_not_empty"
            )
        if active_people:
            raise ConflictError(
                f"「{self.name}」还有 {active_people} 名成员，须先转出或调整", code="org_unit_not_empty"
            )
        if on < self.since:
            raise RuleViolationError(f"撤销日期 {on} 早于成立日期 {self.since}", code="date_order")
        return replace(self, dissolved_on=on)

    def require_active(self) -> None:
        if not self.active:
            raise ConflictError(f"「{self.name}」已于 {self.dissolved_on} 撤销", code="org_unit_dissolved")

    def require_kind(self, *kinds: OrgUnitKind, field: str = "org_unit_id") -> None:
        if self.kind not in kinds:
            wanted = "、".join(kind.label_zh for kind in kinds)
            raise RuleViolationError(
                f"{field}：「{self.name}」是{self.kind.label_zh}，这里需要{wanted}",
                code="wrong_org_unit_kind",
            )


def check_parent(kind: OrgUnitKind, parent: OrgUnit | None) -> None:
    """A unit of ``kind`` may sit under ``parent`` (None: at the top)."""
    allowed = ALLOWED_PARENTS[kind]
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed:
        where = f"「{parent.name}」（{parent.kind.label_zh}）之下" if parent else "最上层"
        options = "、".join("最上层" if k is None else k.label_zh for k in sorted(allowed, key=str))
        raise RuleViolationError(f"{kind.label_zh}不能设在{where}；它的上级只能是：{options}", code="invalid_parent")
    if parent is not None:
        parent.require_active()


def new_org_unit(
    kind: OrgUnitKind, name: str, parent: OrgUnit | None, now: datetime, established_on: date, today: date
) -> OrgUnit:
    """A unit set up (成立) on ``established_on``: not in the future, nor before the unit above it."""
    check_parent(kind, parent)
    if established_on > today:
        raise RuleViolationError(f"established_on：成立日期 {established_on} 不能晚于今天", code="date_in_future")
    if parent is not None and parent.established_on is not None and established_on < parent.established_on:
        raise RuleViolationError(
            f"established_on：成立日期 {established_on} 早于上级「{parent.name}」的成立日期 {parent.established_on}",
            code="date_order",
        )
    return OrgUnit(
        id=uuid.uuid4(),
        kind=kind,
        name=name,
        parent_id=parent.id if parent else None,
        ancestor_ids=parent.path_ids if parent else (),
        created_at=now,
        established_on=established_on,
    )
