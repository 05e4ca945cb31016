"""Events published by activity (组织生活与服务): activities, attendance, service work."""

from bastion_contracts.activity.activities import (
    ActivityApproved,
    ActivityCancelled,
    ActivityHeld,
    ActivityRescheduled,
    ActivityReturned,
    ActivityScheduled,
    ActivitySnapshot,
)
from bastion_contracts.activity.attendance import AttendanceRecorded
from bastion_contracts.activity.service_work import (
    LearningHoursRecorded,
    QcProjectAwarded,
    QcProjectClosed,
    QcProjectRegistered,
    QcProjectSnapshot,
    ServiceRecorded,
)

ACTIVITY_EVENTS = (
    ActivityScheduled,
    ActivityRescheduled,
    ActivityHeld,
    ActivityApproved,
    ActivityReturned,
    ActivityCancelled,
    AttendanceRecorded,
    ServiceRecorded,
    LearningHoursRecorded,
    QcProjectRegistered,
    QcProjectClosed,
    QcProjectAwarded,
)

__all__ = [
    "ACTIVITY_EVENTS",
    "ActivityApproved",
    "ActivityCancelled",
    "ActivityHeld",
    "ActivityRescheduled",
    "ActivityReturned",
    "ActivityScheduled",
    "ActivitySnapshot",
    "AttendanceRecorded",
    "LearningHoursRecorded",
    "QcProjectAwarded",
    "QcProjectClosed",
    "QcProjectRegistered",
    "QcProjectSnapshot",
    "ServiceRecorded",
]
