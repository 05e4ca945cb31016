"""Attendance (考勤): the expected list (应到) and each person's state; entries, corrections, check-in."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from activity.domain.attendance import Role, Roll
from activity.service_layer.attendance import Sheet
from bastion.handlers import Done
from bastion.http.event_ids import EventIds
from bastion.http.shapes import NOT_BLANK, needed_when
from bastion_contracts.vocabulary import ActivityState, AttendanceState

AttendanceReason = Annotated[
    str | None,
    StringConstraints(strip_whitespace=True, max_length=500),
    Field(description="Required when excused (请假); an empty text counts as none."),
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=NOT_BLANK, max_length=20)]


# An excused person's reason is required (reason_required, checked by the domain after stripping).
_EXCUSED_GIVE_A_REASON = needed_when(
    "reason",
    "state",
    [AttendanceState.EXCUSED],
    [state for state in AttendanceState if state is not AttendanceState.EXCUSED],
    schema={"type": "string", "pattern": NOT_BLANK},
)


class AttendanceEntry(BaseModel):
    """One person's attendance as the recorder enters it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_EXCUSED_GIVE_A_REASON)

    member_id: uuid.UUID
    state: AttendanceState = Field(description="present 出席, late 迟到, excused 请假, absent 缺席, observer 列席")
    reason: AttendanceReason = None
    role: Role | None = Field(
        default=None,
        description="participant, host, lecturer or lead. Default: the current role, else lecturer or host "
        "as planned (the host of a themed practice leads), else participant.",
    )


class AttendanceEntries(BaseModel):
    """The recorder's bulk entry; checked as a whole, so one bad entry refuses them all."""

    model_config = ConfigDict(extra="forbid")
    entries: list[AttendanceEntry] = Field(min_length=1, max_length=500)


class Correction(BaseModel):
    """The corrected state of one person at a held activity."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_EXCUSED_GIVE_A_REASON)
    state: AttendanceState
    reason: AttendanceReason = None


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    member_id: uuid.UUID
    code: Code = Field(description="The 6-digit code shown by the recorder.", examples=["042917"])


class CheckInCodePublic(BaseModel):
    activity_id: uuid.UUID
    code: str
    expires_at: datetime


class AttendanceLine(BaseModel):
    """A person on the sheet: expected (应到) or an observer, with their latest entry if any."""

    member_id: uuid.UUID
    name: str | None = Field(description="As roster announced it (None if roster's message has not arrived).")
    expected: bool
    state: AttendanceState | None = Field(description="None: nothing recorded yet.")
    reason: str | None
    source: Literal["recorder", "self_check_in", "correction", "absent_when_held"] | None
    role: Role | None
    recorded_at: datetime | None

    @classmethod
    def of(cls, roll: Roll, member_id: uuid.UUID) -> AttendanceLine:
        entry = roll.current.get(member_id)
        person = roll.people.get(member_id)
        return cls(
            member_id=member_id,
            name=person.name if person else None,
            expected=member_id in roll.expected,
            state=entry.state if entry else None,
            reason=entry.reason if entry else None,
            source=entry.source if entry else None,
            role=entry.role if entry else None,
            recorded_at=entry.recorded_at if entry else None,
        )


class AttendanceCounts(BaseModel):
    present: int
    late: int
    excused: int
    absent: int
    observer: int
    not_recorded: int = Field(description="Expected people with nothing recorded yet.")


class AttendanceSheet(BaseModel):
    activity_id: uuid.UUID
    activity_state: ActivityState
    expected_count: int = Field(description="应到")
    counts: AttendanceCounts
    people: list[AttendanceLine] = Field(
        description="The expected by name, then observers. A member is shown only their own line."
    )

    @classmethod
    def of(cls, sheet: Sheet) -> AttendanceSheet:
        return cls(**_sheet_fields(sheet))


def _sheet_fields(sheet: Sheet) -> dict[str, Any]:
    roll = sheet.roll
    lines = [AttendanceLine.of(roll, m) for m in roll.members()]
    states = Counter(line.state.value if line.state else "not_recorded" for line in lines)
    return {
        "activity_id": sheet.activity.id,
        "activity_state": sheet.activity.state,
        "expected_count": len(roll.expected),
        "counts": AttendanceCounts(**{field: states[field] for field in AttendanceCounts.model_fields}),
        "people": lines,
    }


class AttendanceChanged(AttendanceSheet):
    event_ids: EventIds

    @classmethod
    def of_done(cls, done: Done[Sheet]) -> AttendanceChanged:
        # Built once from the lines (no dump and re-validation of a whole sheet).
        return cls(**_sheet_fields(done.value), event_ids=done.event_ids)


class AttendanceLineChanged(AttendanceLine):
    event_ids: EventIds

    @classmethod
    def of_change(cls, done: Done[Sheet], member_id: uuid.UUID) -> AttendanceLineChanged:
        line = AttendanceLine.of(done.value.roll, member_id)
        return cls(**line.model_dump(), event_ids=done.event_ids)
