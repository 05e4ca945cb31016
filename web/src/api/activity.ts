// Activity's API (/api/activity): meetings, attendance, service work, learning hours, compliance.
import { serviceClient } from "./client";

export const activity = serviceClient("activity");
