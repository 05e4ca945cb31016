// Activity's API (/api/activity): meetings, attendance, service work, learning hours, compliance.
import { serviceClient } from "./client";

export const activity = serviceClient("activity");

/** The member's line on a meeting's sheet after checking in (activity's AttendanceLineChanged). */
export interface CheckedIn {
  member_id: string;
  state: string | null;
  recorded_at: string | null;
}

/** Check the member in to the activity with the code its recorder issued (签到码): present, or late. */
export function checkIn(activityId: string, memberId: string, code: string): Promise<CheckedIn> {
  return activity.post<CheckedIn>(`/activities/${activityId}/check-in`, { member_id: memberId, code });
}
