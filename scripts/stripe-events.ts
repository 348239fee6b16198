// `npm run stripe:events`: the Stripe event types the webhook handler acts on,
// one a line, to select on the dashboard's webhook endpoint. Generated from
// HANDLED_EVENT_TYPES, so the list cannot drift from the code (the README
// embeds it; scripts/stripe-events.test.ts checks the two agree).
import { handledEventTypesList } from "@/lib/billing/webhook-event-list";

console.log(handledEventTypesList().join("\n"));
