// Feedback's API (/api/feedback): ratings, suggestions and their adopt-and-respond loop.
import { serviceClient } from "./client";

export const feedback = serviceClient("feedback");
