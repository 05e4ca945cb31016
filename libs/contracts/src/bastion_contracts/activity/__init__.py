"""Events published by activity (组织生活与服务): activities, attendance, appraisal results, service work."""

from bastion_contracts.activity.activities import (
    ACTIVITY_SNAPSHOTS,
    ActivityApproved,
    ActivityCancelled,
    ActivityHeld,
    ActivityRescheduled,
    ActivityReturned,
    ActivityScheduled,
    ActivitySnapshot,
)
from bastion_contracts.activity.appraisal import AppraisalRecorded
from bastion_contracts.activity.attendance import AttendanceRecorded
from bastion_contracts.activity.service_work import (
    QC_PROJECT_SNAPSHOTS,
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
    AppraisalRecorded,
    ServiceRecorded,
    LearningHoursRecorded,
    QcProjectRegistered,
    QcProjectClosed,
    QcProjectAwarded,
)

__all__ = [
    "ACTIVITY_EVENTS",
    "ACTIVITY_SNAPSHOTS",
    "QC_PROJECT_SNAPSHOTS",
    "ActivityApproved",
    "ActivityCancelled",
    "ActivityHeld",
    "ActivityRescheduled",
    "ActivityReturned",
    "ActivityScheduled",
    "ActivitySnapshot",
    "AppraisalRecorded",
    "AttendanceRecorded",
    "LearningHoursRecorded",
    "QcProjectAwarded",
    "QcProjectClosed",
    "QcProjectRegistered",
    "QcProjectSnapshot",
    "ServiceRecorded",
]
