// The handled webhook event types as an operator selects them in the Stripe
// dashboard: sorted, one per entry. Shared by `npm run stripe:events`,
// `npm run stripe:setup`'s closing hint and the README check.
import "server-only";
import { HANDLED_EVENT_TYPES } from "./webhooks";

export function handledEventTypesList(): string[] {
  return [...HANDLED_EVENT_TYPES].sort();
}
